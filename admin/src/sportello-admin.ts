import { LitElement, html, nothing, type TemplateResult } from 'lit';
import { html as staticHtml, unsafeStatic } from 'lit/static-html.js';
import { state } from 'lit/decorators.js';
import {
  ApiError,
  getDesk,
  getSession,
  listBookings,
  logout,
  setApiLanguage,
  UNAUTHORIZED_EVENT,
  type Desk,
  type SessionUser,
} from './api';
import { define } from './define';
import './components/admin-sms-alert';
import { AnnounceEvent, DataChangedEvent, SessionEvent } from './events';
import { t, toLang, type Lang } from './i18n';
import type { PageElement } from './page-element';
import { PAGES, pageOf, type PageEntry } from './page-registry';
import { AdminPeople, forgetPeopleSearch } from './pages/admin-people';
import { href, parseHash, type PageName, type Route } from './router';
import { shared } from './shared.styles';
import { styles } from './sportello-admin.styles';
const LANG_KEY = 'sportello-admin-lang';

/**
 * The admin portal: checks the session, then shows the login page or the app shell (header with the desk
 * and the signed-in user, navigation filtered by role, the current page, a live region for results).
 * Hash routing; on every navigation focus moves to the new page's h1.
 */
export class SportelloAdmin extends LitElement {
  static override styles = [shared, styles];

  /** undefined while the session is being checked. */
  @state() private user: SessionUser | null | undefined = undefined;
  @state() private language: Lang = 'it';
  @state() private desk: Desk | null = null;
  /** The server says the desk is not set up yet (503 desk_not_configured): staff are told, admins led to it. */
  @state() private deskMissing = false;
  @state() private route: Route = { page: 'login', id: '', query: new URLSearchParams() };
  @state() private menuOpen = false;
  @state() private announcement = '';
  @state() private alertText = '';
  @state() private pending: number | null = null;
  /** What is typed in the header's person search. */
  @state() private findText = '';

  /** Set on navigation: after the next render the new page's h1 takes focus. */
  private focusPending = false;
  /** Where the user was going when the login page interrupted. */
  private afterLogin = '';

  override connectedCallback(): void {
    super.connectedCallback();
    this.setLanguage(toLang(localStorage.getItem(LANG_KEY) ?? document.documentElement.lang));
    window.addEventListener('hashchange', this.onHashChange);
    window.addEventListener(UNAUTHORIZED_EVENT, this.onUnauthorized);
    this.addEventListener(AnnounceEvent.type, this.onAnnounce);
    this.addEventListener(DataChangedEvent.type, this.onDataChanged);
    this.addEventListener(SessionEvent.type, this.onSession);
    void this.start();
  }

  override disconnectedCallback(): void {
    window.removeEventListener('hashchange', this.onHashChange);
    window.removeEventListener(UNAUTHORIZED_EVENT, this.onUnauthorized);
    super.disconnectedCallback();
  }

  private async start(): Promise<void> {
    const desk = this.loadDesk();
    try {
      const { user } = await getSession();
      // Where a signed-in admin lands depends on whether the desk exists.
      await desk;
      this.user = user;
      if (!localStorage.getItem(LANG_KEY) && user.language) this.setLanguage(user.language);
      this.applyRoute(false);
      void this.loadCounts();
    } catch (e) {
      this.user = null;
      if (!(e instanceof ApiError) || e.status !== 401) this.alertText = t(this.language, 'error.network');
      this.applyRoute(false);
    }
  }

  private async loadDesk(): Promise<void> {
    try {
      this.desk = await getDesk();
      this.deskMissing = false;
    } catch (e) {
      // The portal still works without the desk's name; times then use the default zone (Europe/Rome).
      if (e instanceof ApiError && e.code === 'desk_not_configured') this.deskMissing = true;
    }
  }

  private async loadCounts(): Promise<void> {
    if (!this.user || this.user.role === 'volunteer') return;
    try {
      // The server's count: the list itself is capped (500 rows), the number of open requests is not.
      const { count } = await listBookings({ status: 'requested' });
      this.pending = count;
    } catch {
      this.pending = null;
    }
  }

  private onHashChange = () => this.applyRoute(true);

  private onUnauthorized = () => {
    if (!this.user) return;
    this.user = null;
    forgetPeopleSearch();
    this.announce(t(this.language, 'login.expired'), true);
    this.applyRoute(true);
  };

  private onAnnounce = (e: AnnounceEvent) => this.announce(e.message, e.assertive);

  private onDataChanged = () => {
    void this.loadCounts();
    void this.loadDesk();
  };

  private onSession = (e: SessionEvent) => {
    this.user = e.user;
    if (e.user) {
      if (!localStorage.getItem(LANG_KEY) && e.user.language) this.setLanguage(e.user.language);
      void this.loadCounts();
      const target = this.afterLogin;
      this.afterLogin = '';
      if (target && location.hash !== target) location.hash = target;
      else this.applyRoute(true);
    } else {
      this.pending = null;
      forgetPeopleSearch();
      this.applyRoute(true);
    }
  };

  /** Reads the hash into a page the user may see; anonymous users get the login page. */
  private applyRoute(focus: boolean): void {
    const parsed = parseHash(location.hash);
    const user = this.user;
    if (user === undefined) return;
    if (!user) {
      if (parsed && parsed.page !== 'login') this.afterLogin = location.hash;
      this.route = { page: 'login', id: '', query: new URLSearchParams() };
    } else if (!parsed || !pageOf(parsed.page).roles.includes(user.role)) {
      const fallback = href(this.landing(user.role));
      // replaceState: the unusable address should not stay in history (Back would bounce here again).
      history.replaceState(null, '', fallback);
      this.route = parseHash(fallback) as Route;
    } else {
      this.route = parsed;
    }
    this.menuOpen = false;
    this.focusPending = focus;
    this.updateTitle();
  }

  /** Where a user lands: an admin of a desk not set up yet lands on the settings that create it. */
  private landing(role: SessionUser['role']): PageName {
    if (role === 'admin' && this.deskMissing) return 'settings';
    return role === 'volunteer' ? 'agenda' : 'inbox';
  }

  private updateTitle(): void {
    const l = this.language;
    const page = t(l, pageOf(this.route.page).title);
    document.title = `${page} – ${this.desk?.name ?? t(l, 'app.name')} – ${t(l, 'app.portal')}`;
  }

  private setLanguage(lang: Lang): void {
    this.language = lang;
    document.documentElement.lang = lang;
    setApiLanguage(lang);
  }

  private switchLanguage(): void {
    const next: Lang = this.language === 'it' ? 'en' : 'it';
    this.setLanguage(next);
    localStorage.setItem(LANG_KEY, next);
    this.updateTitle();
    this.announce(t(next, 'app.language_changed'));
  }

  /** Empties then fills the live region, so the same message twice is read twice. */
  private announce(message: string, assertive = false): void {
    if (assertive) {
      this.alertText = '';
      void this.updateComplete.then(() => (this.alertText = message));
    } else {
      this.announcement = '';
      void this.updateComplete.then(() => (this.announcement = message));
    }
  }

  private async signOut(): Promise<void> {
    try {
      await logout();
    } catch {
      // Signed out locally whatever the server said: the cookie is gone or will expire.
    }
    this.user = null;
    this.pending = null;
    forgetPeopleSearch();
    location.hash = href('login');
    this.announce(t(this.language, 'login.signed_out'));
    this.applyRoute(true);
  }

  /**
   * The header's search: opens the people page (if it is not open) and runs the search there, which
   * takes focus to what it found. The text never goes into the address: it is a name or a number.
   */
  private async findPerson(e: Event): Promise<void> {
    e.preventDefault();
    const text = this.findText;
    if (this.route.page !== 'people') {
      history.pushState(null, '', href('people'));
      this.applyRoute(false);
      await this.updateComplete;
    }
    const page = this.openPage;
    if (!(page instanceof AdminPeople)) return;
    await page.updateComplete;
    this.findText = '';
    await page.searchFor(text);
  }

  protected override updated(): void {
    if (this.focusPending) {
      this.focusPending = false;
      void this.openPage?.focusHeading?.();
    }
  }

  /** The open page's element (main may also hold notices before it). */
  private get openPage(): PageElement | null {
    return this.renderRoot.querySelector<PageElement>(`main > ${pageOf(this.route.page).tag}`);
  }

  protected override render() {
    const l = this.language;
    const live = html`<div class="visually-hidden" role="status" aria-live="polite" aria-atomic="true">
        ${this.announcement}
      </div>
      <div class="visually-hidden" role="alert" aria-atomic="true">${this.alertText}</div>`;
    if (this.user === undefined) {
      return html`<p class="checking loading" role="status">${t(l, 'common.loading')}</p>
        ${live}`;
    }
    if (!this.user) {
      return html`<header>
          <p class="desk">${this.desk?.name ?? t(l, 'app.name')} · ${t(l, 'app.portal')}</p>
          <div class="tools">${this.langButton()}</div>
        </header>
        <main id="main">${this.page()}</main>
        ${live}`;
    }
    return html`<a class="skip" href="#main" @click=${this.skip}>${t(l, 'app.skip')}</a>
      <header>
        <p class="desk">${this.desk?.name ?? t(l, 'app.name')}</p>
        <p class="who">${this.user.name} · <span>${t(l, `role.${this.user.role}`)}</span></p>
        ${this.user.role === 'volunteer' ? nothing : this.findForm()}
        <div class="tools">
          ${this.langButton()}
          <a class="button" href=${href('password')}>${t(l, 'password.link')}</a>
          <button type="button" @click=${this.signOut}>${t(l, 'login.sign_out')}</button>
          <button
            type="button"
            class="menu-toggle"
            aria-expanded=${this.menuOpen ? 'true' : 'false'}
            aria-controls="nav"
            @click=${() => (this.menuOpen = !this.menuOpen)}
          >
            ${t(l, 'app.menu')}
          </button>
        </div>
      </header>
      <nav id="nav" aria-label=${t(l, 'app.nav')} data-open=${this.menuOpen ? 'true' : 'false'}>
        <ul>
          ${PAGES.filter((p: PageEntry) => p.nav && p.roles.includes(this.user!.role)).map((p) => this.navItem(p))}
          ${
            this.user.role === 'volunteer' && this.user.volunteerId
              ? html`<li>
                  <a
                    href=${href(`volunteers/${this.user.volunteerId}`)}
                    aria-current=${this.route.page === 'volunteer' ? 'page' : nothing}
                    >${t(l, 'volunteer.profile')}</a
                  >
                </li>`
              : nothing
          }
        </ul>
      </nav>
      ${
        this.user.role === 'volunteer'
          ? nothing
          : html`<admin-sms-alert .language=${l} .timeZone=${this.desk?.timeZone ?? 'Europe/Rome'}></admin-sms-alert>`
      }
      <main id="main" tabindex="-1">${this.deskNotice()}${this.page()}</main>
      ${live}`;
  }

  /** Finding a person from every page (admin and reception: volunteers do not search the register). */
  private findForm() {
    const l = this.language;
    return html`<form class="find" role="search" aria-label=${t(l, 'people.header_label')} @submit=${this.findPerson}>
      <label for="find-person">${t(l, 'people.header_label')}</label>
      <span class="find-row"
        ><input
          id="find-person"
          type="search"
          autocomplete="off"
          spellcheck="false"
          .value=${this.findText}
          @input=${(e: Event) => (this.findText = (e.target as HTMLInputElement).value)}
        />
        <button type="submit">${t(l, 'people.search')}</button></span
      >
    </form>`;
  }

  private langButton() {
    const other: Lang = this.language === 'it' ? 'en' : 'it';
    return html`<button type="button" lang=${other} @click=${this.switchLanguage}>
      ${t(this.language, 'app.language_switch')}
    </button>`;
  }

  private navItem(p: PageEntry): TemplateResult {
    const l = this.language;
    const open = pageOf(this.route.page);
    const current = open.name === p.name || open.section === p.name;
    const badge =
      p.name === 'inbox' && this.pending
        ? html`<span class="badge"
            >${this.pending}<span class="visually-hidden"> ${t(l, 'inbox.badge_suffix')}</span></span
          >`
        : nothing;
    return html`<li>
      <a href=${href(p.path)} aria-current=${current ? 'page' : nothing}>${t(l, p.title)} ${badge}</a>
    </li>`;
  }

  private skip(e: Event): void {
    // The hash is the router's: focus the page's heading instead of jumping to #main.
    e.preventDefault();
    void this.openPage?.focusHeading?.();
  }

  /**
   * Before the desk exists, on every page but the settings (which say it themselves): admins get a link to
   * the settings, the others are told to ask an admin. A labelled region, found among the landmarks.
   */
  private deskNotice(): TemplateResult | typeof nothing {
    if (!this.deskMissing || this.route.page === 'settings') return nothing;
    const l = this.language;
    const admin = this.user?.role === 'admin';
    return html`<div class="notice" role="region" aria-labelledby="desk-notice">
      <p><strong id="desk-notice">${t(l, 'desk.missing_title')}</strong></p>
      <p>
        ${t(l, admin ? 'desk.missing_admin' : 'desk.missing_staff')}
        ${admin ? html`<a href=${href('settings')}>${t(l, 'desk.missing_link')}</a>` : nothing}
      </p>
    </div>`;
  }

  /** The open page's element, with the shell's state given down. */
  private page(): TemplateResult {
    const tag = unsafeStatic(pageOf(this.route.page).tag);
    return staticHtml`<${tag}
      .language=${this.language}
      .user=${this.user}
      .desk=${this.desk}
      .route=${this.route}
    ></${tag}>`;
  }
}

define('sportello-admin', SportelloAdmin);
