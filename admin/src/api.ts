/**
 * The portal's client of the staff API (/api/admin, session cookie, same origin) and the few public
 * endpoints it reuses (desk, availability), derived from the server's own routes through `hc<App>`: the
 * request and response types are the server's, so a change in the contract breaks this build. The import
 * of the app is type-only; nothing of the Worker ships in the bundle.
 * Errors arrive as ApiError with the server's code, message and per-field messages; a 401 anywhere but
 * the login form sends the portal back to the login page.
 */
import { hc, type ClientRequestOptions, type ClientResponse, type InferRequestType } from 'hono/client';
import type { ClientErrorStatusCode, ServerErrorStatusCode } from 'hono/utils/http-status';
import type {
  AuthenticationResponseJSON,
  RegistrationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
} from '@simplewebauthn/browser';
import type { App } from '../../worker/src/app';
import type { Lang } from './i18n';

import type { CallOutcome, Language, ReminderPlan, Role } from '../../worker/src/domain/vocabulary';

export type { BookingStatus, Channel, Language, Mode, Role } from '../../worker/src/domain/vocabulary';

/** A failed call: status 0 is the network (offline, timed out), otherwise the API's error body. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Fired on window when the session is gone (401): the shell shows the login page. */
export const UNAUTHORIZED_EVENT = 'sportello-unauthorized';

/** Long enough for a slow phone connection; a hung request is reported rather than waited on forever. */
const TIMEOUT_MS = 20_000;

let apiLang: Lang = 'it';
/** The language the server answers error messages in (Accept-Language of every call). */
export function setApiLanguage(lang: Lang): void {
  apiLang = lang;
}

const client = hc<App>('/', {
  headers: () => ({ Accept: 'application/json', 'Accept-Language': apiLang }),
  init: { credentials: 'same-origin', cache: 'no-store' },
});
const admin = client.api.admin;

type ErrorStatus = ClientErrorStatusCode | ServerErrorStatusCode;
/** The body of a route's successful answers (error answers are ApiError); null for a body-less answer. */
type Body<R> =
  R extends ClientResponse<infer T, infer S, infer F>
    ? [S] extends [ErrorStatus]
      ? never
      : F extends 'json'
        ? T
        : null
    : never;
/** What a client method resolves to when the call succeeds. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any endpoint's argument list
type Ok<M extends (...args: any[]) => Promise<ClientResponse<unknown, number, string>>> = Body<Awaited<ReturnType<M>>>;

interface CallOptions {
  signal?: AbortSignal;
  /** The login form handles its own 401 (wrong password) instead of being sent to the login page. */
  noAuthRedirect?: boolean;
  /** The request must outlive the page (sent while the page is being left or closed). */
  keepalive?: boolean;
}

/** One call of a typed client method; resolves with the success body, throws ApiError. */
export async function call<R extends ClientResponse<unknown, number, string>>(
  send: (options: ClientRequestOptions) => Promise<R>,
  opts: CallOptions = {},
): Promise<Body<R>> {
  const ctrl = new AbortController();
  const onAbort = () => ctrl.abort();
  opts.signal?.addEventListener('abort', onAbort);
  const timer = setTimeout(onAbort, TIMEOUT_MS);
  let res: R;
  let data: unknown;
  try {
    res = await send({ init: { signal: ctrl.signal, ...(opts.keepalive ? { keepalive: true } : {}) } });
    data = res.status === 204 ? null : await res.json().catch(() => null);
  } catch (e) {
    if (opts.signal?.aborted) throw e;
    throw new ApiError(0, 'network', '');
  } finally {
    clearTimeout(timer);
    opts.signal?.removeEventListener('abort', onAbort);
  }
  if (res.ok) return data as Body<R>;
  const err = (data as { error?: { code?: string; message?: string; fields?: Record<string, string> } } | null)?.error;
  if (res.status === 401 && !opts.noAuthRedirect) window.dispatchEvent(new Event(UNAUTHORIZED_EVENT));
  throw new ApiError(res.status, err?.code ?? 'internal_error', err?.message ?? '', err?.fields ?? {});
}

/**
 * Request arguments with a JSON body. Routes that read their body without a declared validator take no
 * typed `json`; a route with one checks this body against its input type.
 */
function withJson<A extends object, B>(args: A, json: B): A & { json: B } {
  return { ...args, json };
}

/** Query values without the empty ones (an empty filter is no filter). */
function query<Q extends Record<string, string | undefined>>(q: Q): Q {
  return Object.fromEntries(Object.entries(q).filter(([, v]) => v)) as Q;
}

/* ---------- session ---------- */

export type SessionUser = Ok<typeof admin.session.$get>['user'];

export const getSession = (signal?: AbortSignal) =>
  call((o) => admin.session.$get({}, o), { signal, noAuthRedirect: true });
export const login = (email: string, password: string) =>
  call((o) => admin.session.$post({ json: { email, password } }, o), { noAuthRedirect: true });
export const logout = () => call((o) => admin.session.$delete({}, o), { noAuthRedirect: true });
export const changePassword = (currentPassword: string, newPassword: string) =>
  call((o) => admin.session.password.$post({ json: { currentPassword, newPassword } }, o));

/* ---------- passkeys ---------- */

export type Passkey = Ok<typeof admin.passkeys.$get>['passkeys'][number];
type PasskeyAnswer = InferRequestType<typeof admin.passkeys.$post>['json']['response'];
export const listPasskeys = (signal?: AbortSignal) => call((o) => admin.passkeys.$get({}, o), { signal });
// The options are the server library's own JSON; hono's JSON typing mangles the byte-array members of the
// extensions (which we do not send), so they are handed to the browser library under its own type.
/** Registration options for the browser (WebAuthn creation options in JSON). */
export const passkeyRegistrationOptions = async () =>
  (await call((o) => admin.passkeys.options.$post({}, o))) as unknown as PublicKeyCredentialCreationOptionsJSON;
// The browser library's answer types are interfaces (no index signature), the server's schema a loose object.
export const addPasskey = (name: string, response: RegistrationResponseJSON) =>
  call((o) => admin.passkeys.$post({ json: { name, response: response as unknown as PasskeyAnswer } }, o));
export const deletePasskey = (id: string) => call((o) => admin.passkeys[':id'].$delete({ param: { id } }, o));
/** Sign-in options for the browser (WebAuthn request options in JSON); anonymous. */
export const passkeySignInOptions = async () =>
  (await call((o) => admin.session.passkey.options.$post({}, o), {
    noAuthRedirect: true,
  })) as unknown as PublicKeyCredentialRequestOptionsJSON;
export const signInWithPasskey = (response: AuthenticationResponseJSON) =>
  call((o) => admin.session.passkey.$post({ json: { response: response as unknown as PasskeyAnswer } }, o), {
    noAuthRedirect: true,
  });

/* ---------- public desk & availability ---------- */

export type Desk = Ok<typeof client.api.public.desk.$get>;
export type PublicService = Desk['services'][number];

export const getDesk = (signal?: AbortSignal) => call((o) => client.api.public.desk.$get({}, o), { signal });

/* ---------- bookings ---------- */

const booking = admin.bookings[':id'];
export type BookingSummary = Ok<typeof admin.bookings.$get>['bookings'][number];
/** A booking in full; requests also carry the volunteers free at their time and the one to suggest. */
export type BookingDetail = Ok<typeof booking.$get>['booking'];
export type BookingEvent = BookingDetail['events'][number];
export type Message = Ok<typeof admin.messages.$get>['messages'][number];

export const listBookings = (
  q: { status?: string; from?: string; to?: string; volunteer?: string },
  signal?: AbortSignal,
) => call((o) => admin.bookings.$get({ query: query(q) }, o), { signal });
/** One day's appointments for the printed day list (with needs for the desk). */
export type DayList = Ok<(typeof admin)['day-list']['$get']>;
export type DayListBooking = DayList['bookings'][number];
export const getDayList = (q: { date: string; volunteer?: string }, signal?: AbortSignal) =>
  call((o) => admin['day-list'].$get({ query: query(q) }, o), { signal });
export const getBooking = (id: string, signal?: AbortSignal) =>
  call((o) => booking.$get({ param: { id } }, o), { signal }).then((r) => r.booking);
export const confirmBooking = (id: string, volunteerId?: string, opts: { keepalive?: boolean } = {}) =>
  call((o) => booking.confirm.$post(withJson({ param: { id } }, volunteerId ? { volunteerId } : {}), o), opts);
export const rejectBooking = (id: string, reason: string, opts: { keepalive?: boolean } = {}) =>
  call((o) => booking.reject.$post(withJson({ param: { id } }, { reason }), o), opts);
export const cancelBooking = (id: string, reason: string) =>
  call((o) => booking.cancel.$post(withJson({ param: { id } }, { reason }), o));
/** Moves a booking; without a volunteer it keeps its own, unless `anyVolunteer` (the earliest with anyone). */
export const rescheduleBooking = (id: string, start: string, volunteerId?: string, anyVolunteer = false) =>
  call((o) =>
    booking.reschedule.$post(
      withJson(
        { param: { id } },
        volunteerId ? { start, volunteerId } : anyVolunteer ? { start, anyVolunteer } : { start },
      ),
      o,
    ),
  );
export const markAttendance = (id: string, outcome: 'attended' | 'no_show') =>
  call((o) => booking.attendance.$post(withJson({ param: { id } }, { outcome }), o));
/** Changes the language of the person's texts and pages; waiting texts are rewritten in it. */
export const changeBookingLanguage = (id: string, language: Language) =>
  call((o) => booking.language.$post(withJson({ param: { id } }, { language }), o));
export const saveNote = (id: string, note: string) =>
  call((o) => booking.note.$post(withJson({ param: { id } }, { note }), o));
/** What the desk changes of a booking's needs (accessibility needs, a longer appointment, an interpreter). */
export type NeedsChange = InferRequestType<typeof booking.needs.$post>['json'];
export const saveNeeds = (id: string, change: NeedsChange) =>
  call((o) => booking.needs.$post(withJson({ param: { id } }, change), o));

/** A booking made by staff for a person: the server's input type (it checks the same fields). */
const followUp = booking['follow-up'];
/** What the follow-up form starts from: the path's next service, the same volunteer, the person's details. */
export type FollowUpPrefill = Ok<typeof followUp.$get>['followUp'];
export const getFollowUp = (id: string, signal?: AbortSignal) =>
  call((o) => followUp.$get({ param: { id } }, o), { signal }).then((r) => r.followUp);
export type FollowUpRequest = Omit<InferRequestType<typeof followUp.$post>['json'], 'preview'>;
type FollowUpAnswer = Ok<typeof followUp.$post>;
export type Occurrence = Extract<FollowUpAnswer, { occurrences: unknown }>['occurrences'][number];
export type FollowUpMade = Extract<FollowUpAnswer, { bookings: unknown }>;
/** Every meeting of a follow-up checked (shifts, closures, holidays, absences, bookings); writes nothing. */
export const previewFollowUp = (id: string, b: FollowUpRequest) =>
  call((o) => followUp.$post(withJson({ param: { id } }, { ...b, preview: true }), o)).then(
    (r) => (r as Extract<FollowUpAnswer, { occurrences: unknown }>).occurrences,
  );
/** Books every meeting of the follow-up, or none (409 series_conflict). */
export const bookFollowUp = (id: string, b: FollowUpRequest) =>
  call((o) => followUp.$post(withJson({ param: { id } }, b), o)).then((r) => r as FollowUpMade);

export type NewBooking = InferRequestType<typeof admin.bookings.$post>['json'];
export const createBooking = (b: NewBooking) =>
  call((o) => admin.bookings.$post({ json: b }, o)).then((r) => r.booking);

export type StaffSlot = Ok<typeof admin.bookings.slots.$get>['days'][number]['slots'][number];
/**
 * Free times as staff may book them (no minimum notice; a volunteer sees only their own shifts); `exclude`
 * is a booking being moved, whose own time counts as free.
 */
export const getStaffSlots = (
  q: { service: string; mode: string; from?: string; to?: string; exclude?: string; volunteer?: string; long?: '1' },
  signal?: AbortSignal,
) => call((o) => admin.bookings.slots.$get({ query: query(q) }, o), { signal });

/* ---------- reminder plans and the call list (issue 14) ---------- */

/** The people to phone before a working day, with the cut-off after which the list is due. */
export type CallList = Ok<(typeof admin)['call-list']['$get']>;
export type CallListBooking = CallList['bookings'][number];
export const getCallList = (q: { date?: string }, signal?: AbortSignal) =>
  call((o) => admin['call-list'].$get({ query: query(q) }, o), { signal });
/** Records what the person said on the phone; `cancelled` cancels the booking. */
export const recordCall = (id: string, outcome: CallOutcome) =>
  call((o) => booking.call.$post(withJson({ param: { id } }, { outcome }), o));
/** Changes which reminders the person gets. */
export const changeReminderPlan = (id: string, plan: ReminderPlan) =>
  call((o) => booking['reminder-plan'].$post(withJson({ param: { id } }, { plan }), o));

/* ---------- messages ---------- */

export const listMessages = (q: { booking?: string; status?: string }, signal?: AbortSignal) =>
  call((o) => admin.messages.$get({ query: query(q) }, o), { signal });

/* ---------- volunteers, shifts, absences ---------- */

const volunteer = admin.volunteers[':id'];
export type Volunteer = Ok<typeof admin.volunteers.$get>['volunteers'][number];
export type VolunteerInput = Pick<Volunteer, 'name' | 'phone' | 'email' | 'videoLink' | 'active'>;
export type Shift = Ok<typeof volunteer.$get>['shifts'][number];
export type ShiftInput = Omit<Shift, 'id'>;
export type Closure = Ok<typeof admin.closures.$get>['closures'][number];
export type ClosureInput = Omit<Closure, 'id'>;

export const listVolunteers = (signal?: AbortSignal) => call((o) => admin.volunteers.$get({}, o), { signal });
/**
 * The server maps one volunteer through its list mapper (`[0]` of a list), so its type says "maybe"; the
 * answer always has it, and an answer without it is the server's fault.
 */
function withVolunteer<R extends { volunteer?: Volunteer | undefined }>(r: R): R & { volunteer: Volunteer } {
  if (!r.volunteer) throw new ApiError(500, 'internal_error', '');
  return r as R & { volunteer: Volunteer };
}
export const getVolunteer = (id: string, signal?: AbortSignal) =>
  call((o) => volunteer.$get({ param: { id } }, o), { signal }).then(withVolunteer);
export const createVolunteer = (b: VolunteerInput) =>
  call((o) => admin.volunteers.$post({ json: b }, o)).then(withVolunteer);
export const updateVolunteer = (id: string, b: Partial<VolunteerInput>) =>
  call((o) => volunteer.$patch(withJson({ param: { id } }, b), o)).then(withVolunteer);
export const rotateVolunteerIcal = (id: string) =>
  call((o) => volunteer.ical.rotate.$post(withJson({ param: { id } }, {}), o));
export const createShift = (id: string, b: ShiftInput) =>
  call((o) => volunteer.shifts.$post(withJson({ param: { id } }, b), o));
export const updateShift = (id: string, shiftId: string, b: Partial<ShiftInput>) =>
  call((o) => volunteer.shifts[':shiftId'].$patch(withJson({ param: { id, shiftId } }, b), o));
export const deleteShift = (id: string, shiftId: string) =>
  call((o) => volunteer.shifts[':shiftId'].$delete({ param: { id, shiftId } }, o));
export const createAbsence = (id: string, b: ClosureInput) =>
  call((o) => volunteer.absences.$post(withJson({ param: { id } }, b), o));
export const deleteAbsence = (id: string, absenceId: string) =>
  call((o) => volunteer.absences[':absenceId'].$delete({ param: { id, absenceId } }, o));

/** The volunteers a staff member may pick from: none for a volunteer, nor when the server refuses (403). */
export async function volunteerChoices(role: Role, signal?: AbortSignal): Promise<Volunteer[]> {
  if (role === 'volunteer') return [];
  try {
    return (await listVolunteers(signal)).volunteers;
  } catch (e) {
    if (e instanceof ApiError && e.status === 403) return [];
    throw e;
  }
}

/* ---------- services ---------- */

export type Service = Ok<typeof admin.services.$get>['services'][number];
export type ServiceInput = Omit<Service, 'id'>;
export const listServices = (signal?: AbortSignal) => call((o) => admin.services.$get({}, o), { signal });
export const createService = (b: ServiceInput) => call((o) => admin.services.$post({ json: b }, o));
export const updateService = (id: string, b: Partial<ServiceInput>) =>
  call((o) => admin.services[':id'].$patch(withJson({ param: { id } }, b), o));

/* ---------- closures ---------- */

export const listClosures = (year: number, signal?: AbortSignal) =>
  call((o) => admin.closures.$get({ query: { year: String(year) } }, o), { signal });
/** A desk closure; with `cancelBookings` the appointments of those days are cancelled and the people told. */
export const createClosure = (b: ClosureInput & { cancelBookings?: boolean }) =>
  call((o) => admin.closures.$post({ json: b }, o));
export const deleteClosure = (id: string) => call((o) => admin.closures[':id'].$delete({ param: { id } }, o));

/* ---------- settings ---------- */

export type Settings = NonNullable<Ok<typeof admin.settings.$get>['settings']>;
export const getSettings = (signal?: AbortSignal) => call((o) => admin.settings.$get({}, o), { signal });
export const saveSettings = (b: Partial<Settings>) => call((o) => admin.settings.$patch({ json: b }, o));
export const rotateDeskIcal = () => call((o) => admin.settings.ical.rotate.$post({ json: {} }, o));

/* ---------- staff users ---------- */

export type StaffUser = Ok<typeof admin.users.$get>['users'][number];
/** A new staff member; without a password the server makes one up and answers with it. */
export type NewStaffUser = Pick<StaffUser, 'email' | 'name' | 'role'> &
  Partial<Pick<StaffUser, 'volunteerId' | 'language'>> & { password?: string };
export const listUsers = (signal?: AbortSignal) => call((o) => admin.users.$get({}, o), { signal });
export const createUser = (b: NewStaffUser) => call((o) => admin.users.$post({ json: b }, o));
export const updateUser = (id: string, b: Partial<Omit<StaffUser, 'id' | 'email'>>) =>
  call((o) => admin.users[':id'].$patch(withJson({ param: { id } }, b), o));
export const resetUserPassword = (id: string) =>
  call((o) => admin.users[':id'].password.$post(withJson({ param: { id } }, {}), o));

/* ---------- personal data ---------- */

export type PersonBooking = Ok<typeof admin.people.search.$post>['bookings'][number];
/** Every booking of a mobile number (exact). */
export const searchPerson = async (phone: string) => {
  const r = await call((o) => admin.people.search.$post({ json: { phone } }, o));
  if (!('phone' in r)) throw new Error('unexpected answer');
  return r;
};
/** Bookings matching a fragment of a name or number, latest first, at most 50 (`truncated` when cut). */
export const findPeople = async (q: string) => {
  const r = await call((o) => admin.people.search.$post({ json: { q } }, o));
  if (!('q' in r)) throw new Error('unexpected answer');
  return r;
};
export const exportPerson = (phone: string) => call((o) => admin.people.export.$post({ json: { phone } }, o));
export const erasePerson = (phone: string, cancelActive: boolean) =>
  call((o) => admin.people.erase.$post({ json: { phone, cancelActive } }, o));

/* ---------- dashboard ---------- */

export type Dashboard = Ok<typeof admin.dashboard.$get>;
export const getDashboard = (month?: string, signal?: AbortSignal) =>
  call((o) => admin.dashboard.$get({ query: query({ month }) }, o), { signal });

/** Why SMS stopped (the provider refuses the account), or `{ alert: null }` while they flow. */
export const getSmsAlert = (signal?: AbortSignal) => call((o) => admin['sms-alert'].$get({}, o), { signal });
export type SmsAlert = NonNullable<Awaited<ReturnType<typeof getSmsAlert>>['alert']>;

/* ---------- waitlist ---------- */

const waitlist = admin.waitlist;
/** The people waiting in join order, each with its offer (with `all`, also those who left in the last 30 days). */
export const listWaitlist = (all: boolean, signal?: AbortSignal) =>
  call((o) => waitlist.$get({ query: query({ all: all ? '1' : undefined }) }, o), { signal });
/** A person on the waitlist. */
export type WaitlistEntry = Awaited<ReturnType<typeof listWaitlist>>['entries'][number];
/** An offer made to a waiting person: open (with its hold), taken, declined, lapsed or withdrawn. */
export type WaitlistOffer = WaitlistEntry['offer'];
/** A caller reception puts on the list. */
export type NewWaitlistEntry = InferRequestType<typeof waitlist.$post>['json'];
export const addToWaitlist = (b: NewWaitlistEntry) => call((o) => waitlist.$post(withJson({}, b), o));
export const removeFromWaitlist = (id: string) => call((o) => waitlist[':id'].remove.$post({ param: { id } }, o));
/** Reception offers a free time on the phone and books it at once (confirmed, channel `waitlist`). */
export const bookFromWaitlist = (id: string, start: string, volunteerId?: string) =>
  call((o) =>
    waitlist[':id'].book.$post(withJson({ param: { id } }, volunteerId ? { start, volunteerId } : { start }), o),
  );

/* ---------- reports and the register export ---------- */

/** The funders' report of the months `from`..`to` ('YYYY-MM'): per month and per year. */
export const getReport = async (from: string, to: string, signal?: AbortSignal) => {
  const r = await call((o) => admin.reports.$get({ query: { from, to } }, o), { signal });
  if (!r) throw new Error('unexpected answer');
  return r;
};
export type Report = Awaited<ReturnType<typeof getReport>>;
/** A period's figures (a month or a year). */
export type ReportPeriod = Omit<Report['months'][number], 'month'>;

/** A same-origin path with its query: a plain link downloads it with the session's cookie. */
function downloadPath(path: string, query: Record<string, string>): string {
  // Not the client's $url(): it needs an absolute base, and the client's is '/'.
  return `${path}?${new URLSearchParams(query).toString()}`;
}
/** The report's CSV (Italian, for spreadsheets). */
export const reportCsvPath = (from: string, to: string) =>
  downloadPath('/api/admin/reports', { from, to, format: 'csv' });
/** The booking register of the dates `from`..`to` as CSV or iCalendar. */
export const registerExportPath = (from: string, to: string, format: 'csv' | 'ics') =>
  downloadPath('/api/admin/bookings/export', { from, to, format });

/* ---------- the desk's day: arrivals and walk-ins (issue 15) ---------- */

/** The person arrived at the desk (today's confirmed bookings, once). */
export const checkInBooking = (id: string) => call((o) => booking['check-in'].$post({ param: { id } }, o));
/** The meeting began: the booking is attended and its waiting time known. */
export const startBooking = (id: string) => call((o) => booking.start.$post({ param: { id } }, o));
/** Someone without a booking: today's first free time for the service, checked in, never texted. */
export type NewWalkIn = InferRequestType<(typeof admin)['walk-ins']['$post']>['json'];
export const createWalkIn = (b: NewWalkIn) =>
  call((o) => admin['walk-ins'].$post(withJson({}, b), o)).then((r) => r.booking);
