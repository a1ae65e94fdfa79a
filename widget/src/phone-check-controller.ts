import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { checkPhone, type PhoneCheck } from './api';
import { westernDigits } from './booking-form';

/** What is wrong with a number: the server's reasons (POST /api/public/phone-check), the same words as its 422. */
export type PhoneProblem = Extract<PhoneCheck, { ok: false }>['reason'];

/** Digits from which a number may be complete, so it is worth asking about while typing (an Italian mobile has ten). */
const COMPLETE_DIGITS = 9;
/** No server has a valid number with fewer digits: said on leaving the field without asking anyone. */
const MIN_DIGITS = 6;
/** The pause in typing after which a complete-looking number is checked. */
const PAUSE_MS = 700;
/** How long "Next" waits for an answer still on its way before going on without it. */
const SETTLE_MS = 3000;

const digits = (s: string) => s.match(/\d/g)?.length ?? 0;
/** The server refuses letters outright (it would read 1-800-FLOWERS as digits). */
const letters = (s: string) => /[a-z]/i.test(s);

/**
 * The mobile number checked as it is typed and when the field is left, with the server's own rules (a
 * landline, a country the desk does not text), so the person learns it on the details step, not after
 * sending. Only the obvious is judged here (letters, too few digits); the request is checked again anyway.
 * A check that fails to arrive (offline) says nothing: the request's own check will.
 */
export class PhoneCheckController implements ReactiveController {
  /** The problem with the number as it stands now; undefined while unknown, or when it will do. */
  problem?: PhoneProblem;
  private value = '';
  private timer?: ReturnType<typeof setTimeout>;
  private inFlight?: { ctrl: AbortController; phone: string; done: Promise<void> };
  /** The last answer, so leaving the field after a pause in typing does not ask again. */
  private answered?: { phone: string; problem?: PhoneProblem };

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly base: () => string,
    /** The number was found fine: earlier messages about it can go. */
    private readonly fine: () => void,
  ) {
    host.addController(this);
  }

  hostDisconnected(): void {
    this.cancel();
  }

  /** The number changed: letters are said at once; a complete-looking number is checked after a pause. */
  typed(phone: string): void {
    const value = westernDigits(phone.trim());
    if (value === this.value) return;
    this.cancel();
    this.value = value;
    this.show(letters(this.value) ? 'phone_invalid' : undefined);
    if (!this.problem && digits(this.value) >= COMPLETE_DIGITS) {
      this.timer = setTimeout(() => void this.ask(), PAUSE_MS);
    }
  }

  /** The field was left: judge the number now, unless it is empty (that is said when the form is sent). */
  left(phone: string): void {
    clearTimeout(this.timer);
    this.value = westernDigits(phone.trim());
    if (!this.value) return this.show(undefined);
    if (letters(this.value) || digits(this.value) < MIN_DIGITS) return this.show('phone_invalid');
    void this.ask();
  }

  /**
   * Before the form goes on ("Next", or Enter in a field): the number's answer if it comes within a moment,
   * so a landline is said here rather than after sending. Offline, the form goes on and the request's check speaks.
   */
  async settle(): Promise<void> {
    if (this.problem || digits(this.value) < MIN_DIGITS) return;
    clearTimeout(this.timer);
    await Promise.race([this.ask(), new Promise((r) => setTimeout(r, SETTLE_MS))]);
  }

  /** Back to a blank form. */
  reset(): void {
    this.cancel();
    this.value = '';
    this.answered = undefined;
    this.problem = undefined;
  }

  private ask(): Promise<void> {
    const phone = this.value;
    if (this.answered?.phone === phone) {
      this.show(this.answered.problem, !this.answered.problem);
      return Promise.resolve();
    }
    if (this.inFlight?.phone === phone) return this.inFlight.done;
    this.inFlight?.ctrl.abort();
    const ctrl = new AbortController();
    const done = checkPhone(this.base(), phone, ctrl.signal).then(
      (res) => {
        const problem = res.ok ? undefined : res.reason;
        this.answered = { phone, problem };
        if (phone === this.value) this.show(problem, !problem);
      },
      // Offline, replaced by a newer check, or the desk not ready: the request's own check will speak.
      () => undefined,
    );
    this.inFlight = { ctrl, phone, done };
    return done;
  }

  private show(problem: PhoneProblem | undefined, ok = false): void {
    if (ok) this.fine();
    if (problem === this.problem && !ok) return;
    this.problem = problem;
    this.host.requestUpdate();
  }

  private cancel(): void {
    clearTimeout(this.timer);
    this.inFlight?.ctrl.abort();
    this.inFlight = undefined;
  }
}
