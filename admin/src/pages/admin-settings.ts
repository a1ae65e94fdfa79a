import { html, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import { Task } from '@lit/task';
import { getSettings, rotateDeskIcal, saveSettings, type Settings } from '../api';
import type { MessageKey } from '../i18n';
import type { AdminFeedLinks } from '../components/admin-feed-links';
import { PageElement } from '../page-element';
import { LANGUAGES, MOVE_CONFIRMATION_POLICIES, type Language } from '../../../worker/src/domain/vocabulary';

type NumKey = {
  [K in keyof Settings]: Settings[K] extends number ? K : Settings[K] extends number | null ? K : never;
}[keyof Settings];
type TextKey = { [K in keyof Settings]: Settings[K] extends string ? K : never }[keyof Settings];
type BoolKey = { [K in keyof Settings]: Settings[K] extends boolean ? K : never }[keyof Settings];

const ORDER: (keyof Settings)[] = [
  'name',
  'address',
  'city',
  'phone',
  'email',
  'privacyUrl',
  'bookingPageUrl',
  'timeZone',
  'languages',
  'minNoticeMinutes',
  'horizonDays',
  'requestHoldHours',
  'slotGridMinutes',
  'cancellationNoticeHours',
  'moveConfirmation',
  'waitlistEnabled',
  'waitlistHoldMinutes',
  'reservedSharePercent',
  'reservedReleaseHours',
  'maxOpenRequestsPerPhone',
  'requestsPerIpPerHour',
  'smsEnabled',
  'smsMonthlyBudget',
  'requestSms',
  'smsPerNumberDaily',
  'smsPerNumberDailyTotal',
  'smsPerDeskHourly',
  'smsCountries',
  'reminderHour',
  'quietStart',
  'quietEnd',
  'morningReminder',
  'callCutoff',
  'retentionMonths',
  'accessibilityRetentionDays',
  'icalIncludePhone',
  'videoRoomBase',
];

/** What the settings route answers (GET and PATCH alike). */
type SettingsAnswer = Awaited<ReturnType<typeof getSettings>>;

/**
 * The desk's settings: identity, booking rules, SMS (on/off, monthly budget, reminder hour, quiet hours),
 * retention; and the desk-wide iCal feed (copy, rotate). Admin edits; reception reads and may rotate the feed.
 * Before the desk exists an admin gets only the desk's identity to fill in: the first save creates the desk
 * (name and address are enough), and the full form follows.
 */
export class AdminSettings extends PageElement {
  /** The stored settings being edited; before the desk exists, an admin's draft of its identity. */
  @state() private form: Partial<Settings> | null = null;
  /** The desk does not exist yet: the next save creates it. */
  @state() private creating = false;
  @state() private feed: { icalUrl: string; webcalUrl: string } | null = null;

  private data = new Task(this, {
    task: (_args, { signal }) => getSettings(signal),
    args: () => [] as const,
    onComplete: (d) => this.show(d),
  });

  private show(d: SettingsAnswer): void {
    this.creating = !d.settings;
    this.form = d.settings ? { ...d.settings } : this.canEdit ? { timeZone: this.tz } : null;
    this.feed = d.deskIcalUrl && d.deskWebcalUrl ? { icalUrl: d.deskIcalUrl, webcalUrl: d.deskWebcalUrl } : null;
  }

  private get canEdit(): boolean {
    return this.staffRole === 'admin';
  }

  private async submit(e: Event): Promise<void> {
    e.preventDefault();
    if (!this.form) return;
    const form = this.form;
    this.failure = '';
    const created = this.creating;
    await this.attempt(async () => {
      this.show(await saveSettings(form));
      this.errors = {};
      this.announce(this.t(created ? 'settings.created' : 'common.saved'));
      this.dataChanged();
    });
  }

  private rotate(links: AdminFeedLinks): Promise<void> {
    return this.perform(async () => {
      const r = await rotateDeskIcal();
      this.feed = { icalUrl: r.deskIcalUrl, webcalUrl: r.deskWebcalUrl };
      this.announce(this.t('volunteer.rotated'));
      await links.done();
    });
  }

  private text(key: TextKey, label: MessageKey, opts: { type?: string; hint?: MessageKey; optional?: boolean } = {}) {
    const f = this.form!;
    return this.input({
      id: key,
      label: this.t(label),
      hint: opts.hint ? this.t(opts.hint) : undefined,
      type: opts.type,
      optional: opts.optional,
      value: f[key] ?? '',
      error: this.errors[key],
      disabled: !this.canEdit,
      onInput: (v) => (this.form = { ...f, [key]: v }),
    });
  }

  private num(
    key: NumKey,
    label: MessageKey,
    opts: { hint?: MessageKey; min?: number; max?: number; nullable?: boolean } = {},
  ) {
    const f = this.form!;
    return this.input({
      id: key,
      label: this.t(label),
      hint: opts.hint ? this.t(opts.hint) : undefined,
      type: 'number',
      inputmode: 'numeric',
      min: opts.min,
      max: opts.max,
      optional: opts.nullable,
      value: f[key] ?? null,
      error: this.errors[key],
      disabled: !this.canEdit,
      onInput: (v) => (this.form = { ...f, [key]: v.trim() === '' && opts.nullable ? null : Number(v) }),
    });
  }

  private bool(key: BoolKey, label: MessageKey, hint?: MessageKey) {
    const f = this.form!;
    return this.checkbox({
      id: key,
      label: this.t(label),
      hint: hint ? this.t(hint) : undefined,
      checked: f[key] ?? false,
      error: this.errors[key],
      disabled: !this.canEdit,
      onChange: (c) => (this.form = { ...f, [key]: c }),
    });
  }

  /** Whether a person's own move goes back to reception for confirmation. */
  private moveConfirmation() {
    const f = this.form!;
    return this.select({
      id: 'moveConfirmation',
      label: this.t('settings.move_confirmation'),
      hint: this.t('settings.move_confirmation_hint'),
      value: f.moveConfirmation ?? 'other_day',
      options: MOVE_CONFIRMATION_POLICIES.map((p) => [p, this.t(`settings.move_confirmation.${p}`)] as const),
      error: this.errors.moveConfirmation,
      disabled: !this.canEdit,
      onChange: (v) => (this.form = { ...f, moveConfirmation: v as Settings['moveConfirmation'] }),
    });
  }

  /** The allowed destination countries, edited as comma-separated codes. */
  private countries() {
    const f = this.form!;
    return this.input({
      id: 'smsCountries',
      label: this.t('settings.sms_countries'),
      hint: this.t('settings.sms_countries_hint'),
      value: (f.smsCountries ?? []).join(', '),
      error: this.errors.smsCountries,
      disabled: !this.canEdit,
      onInput: (v) =>
        (this.form = {
          ...f,
          smsCountries: v
            .split(',')
            .map((c) => c.trim())
            .filter((c) => c !== ''),
        }),
    });
  }

  /**
   * The languages the booking widget offers, as checkboxes named in the portal's language. Italian is
   * always offered (and first): its box is ticked and cannot be unticked.
   */
  private languages() {
    const f = this.form!;
    const chosen = f.languages ?? ['it'];
    const error = this.errors.languages;
    const toggle = (l: Language, on: boolean) => {
      const next = on ? [...chosen, l] : chosen.filter((x) => x !== l);
      this.form = { ...f, languages: LANGUAGES.filter((x) => x === 'it' || next.includes(x)) };
    };
    const describedBy = ['languages-hint', error ? 'languages-error' : ''].filter(Boolean).join(' ');
    return html`<fieldset id="languages" tabindex="-1" aria-describedby=${describedBy}>
      <legend>${this.t('settings.languages')}</legend>
      <p id="languages-hint" class="hint">${this.t('settings.languages_hint')}</p>
      ${error ? html`<p id="languages-error" class="field-error">${error}</p>` : nothing}
      ${LANGUAGES.map((l) =>
        this.checkbox({
          id: `languages-${l}`,
          label: this.t(`language.${l}`),
          checked: l === 'it' || chosen.includes(l),
          disabled: l === 'it' || !this.canEdit,
          onChange: (on) => toggle(l, on),
        }),
      )}
    </fieldset>`;
  }

  protected override render() {
    return html`<h1 tabindex="-1">${this.t('nav.settings')}</h1>
      ${this.canEdit ? nothing : html`<p class="notice">${this.t('common.read_only')}</p>`}
      ${this.renderTask(this.data, () =>
        this.form
          ? html`${this.creating ? html`<p class="notice">${this.t('settings.first')}</p>` : nothing}
              <form novalidate @submit=${this.submit}>
                ${this.errorSummary('summary', this.failure, this.errors, ORDER)}
                <fieldset>
                  <legend>${this.t('settings.desk')}</legend>
                  ${this.text('name', 'settings.name')} ${this.text('address', 'settings.address')}
                  ${this.text('city', 'settings.city', { optional: true })}
                  ${this.text('phone', 'settings.phone', { type: 'tel', optional: true, hint: 'settings.phone_hint' })}
                  ${this.text('email', 'settings.email', { type: 'email', optional: true })}
                  ${this.text('privacyUrl', 'settings.privacy_url', { type: 'url', optional: true })}
                  ${this.text('bookingPageUrl', 'settings.booking_page_url', { type: 'url', optional: true, hint: 'settings.booking_page_url_hint' })}
                  ${this.text('timeZone', 'settings.time_zone', { hint: 'settings.time_zone_hint' })}
                </fieldset>
                ${this.creating ? nothing : this.languages()} ${this.creating ? nothing : this.moreFields()}
                ${
                  this.canEdit
                    ? html`<button type="submit" class="primary" ?disabled=${this.busy}>
                        ${this.t('common.save')}
                      </button>`
                    : nothing
                }
              </form>
              ${this.feedSection()}`
          : html`<p class="alert">${this.t('desk.missing_staff')}</p>`,
      )}`;
  }

  /** Everything but the desk's identity: rules, SMS, privacy. */
  private moreFields() {
    return html`<fieldset>
        <legend>${this.t('settings.rules')}</legend>
        ${this.num('minNoticeMinutes', 'settings.min_notice', { min: 0, hint: 'settings.min_notice_hint' })}
        ${this.num('horizonDays', 'settings.horizon', { min: 1, max: 366 })}
        ${this.num('requestHoldHours', 'settings.hold', { min: 1, hint: 'settings.hold_hint' })}
        ${this.num('slotGridMinutes', 'settings.grid', { min: 5, max: 480, nullable: true, hint: 'settings.grid_hint' })}
        ${this.num('cancellationNoticeHours', 'settings.cancel_notice', { min: 0, hint: 'settings.cancel_notice_hint' })}
        ${this.moveConfirmation()} ${this.num('maxOpenRequestsPerPhone', 'settings.max_open', { min: 1, max: 50 })}
        ${this.num('requestsPerIpPerHour', 'settings.per_ip', { min: 1 })}
        ${this.bool('waitlistEnabled', 'settings.waitlist_enabled', 'settings.waitlist_enabled_hint')}
        ${this.num('waitlistHoldMinutes', 'settings.waitlist_hold', { min: 5, max: 1440, hint: 'settings.waitlist_hold_hint' })}
        ${this.num('reservedSharePercent', 'settings.reserved_share', { min: 0, max: 90, hint: 'settings.reserved_share_hint' })}
        ${this.num('reservedReleaseHours', 'settings.reserved_release', { min: 0, max: 720, hint: 'settings.reserved_release_hint' })}
      </fieldset>
      <fieldset>
        <legend>${this.t('settings.sms')}</legend>
        ${this.bool('smsEnabled', 'settings.sms_enabled')}
        ${this.num('smsMonthlyBudget', 'settings.sms_budget', { min: 0, hint: 'settings.sms_budget_hint' })}
        ${this.bool('requestSms', 'settings.request_sms', 'settings.request_sms_hint')}
        ${this.num('smsPerNumberDaily', 'settings.sms_per_number', { min: 0, max: 50, hint: 'settings.sms_per_number_hint' })}
        ${this.num('smsPerNumberDailyTotal', 'settings.sms_per_number_total', { min: 1, max: 100 })}
        ${this.num('smsPerDeskHourly', 'settings.sms_per_desk_hourly', { min: 1 })} ${this.countries()}
        ${this.num('reminderHour', 'settings.reminder_hour', { min: 0, max: 23, hint: 'settings.reminder_hour_hint' })}
        ${this.text('quietStart', 'settings.quiet_start', { type: 'time' })}
        ${this.text('quietEnd', 'settings.quiet_end', { type: 'time', hint: 'settings.quiet_hint' })}
        ${this.text('morningReminder', 'settings.morning_reminder', { type: 'time', hint: 'settings.morning_reminder_hint' })}
        ${this.text('callCutoff', 'settings.call_cutoff', { type: 'time', hint: 'settings.call_cutoff_hint' })}
      </fieldset>
      <fieldset>
        <legend>${this.t('settings.privacy')}</legend>
        ${this.num('retentionMonths', 'settings.retention', { min: 1, max: 120, hint: 'settings.retention_hint' })}
        ${this.num('accessibilityRetentionDays', 'settings.accessibility_retention', { min: 0, hint: 'settings.accessibility_retention_hint' })}
        ${this.bool('icalIncludePhone', 'settings.ical_phone', 'settings.ical_phone_hint')}
      </fieldset>
      <fieldset>
        <legend>${this.t('settings.video')}</legend>
        ${this.text('videoRoomBase', 'settings.video_room_base', { type: 'url', optional: true, hint: 'settings.video_room_base_hint' })}
      </fieldset>`;
  }

  private feedSection() {
    if (!this.feed) return nothing;
    return html`<admin-feed-links
      name="desk-feed"
      heading=${this.t('settings.feed')}
      intro=${this.t('settings.feed_intro')}
      .language=${this.language}
      .urls=${this.feed}
      ?busy=${this.busy}
      @admin-feed-rotate=${(e: Event) => void this.rotate(e.currentTarget as AdminFeedLinks)}
    ></admin-feed-links>`;
  }
}
