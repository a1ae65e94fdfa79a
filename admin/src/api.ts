/**
 * Typed client of the staff API (/api/admin, session cookie, same origin) and the few public endpoints the
 * portal reuses (desk, availability). Errors arrive as ApiError with the server's code, message and
 * per-field messages; a 401 anywhere but the login form sends the portal back to the login page.
 */
import type { Lang } from './i18n';

export type Role = 'admin' | 'reception' | 'volunteer';
export type Mode = 'in_person' | 'remote';
export type BookingStatus = 'requested' | 'confirmed' | 'attended' | 'no_show' | 'rejected' | 'expired' | 'cancelled';
export type Channel = 'widget' | 'reception' | 'volunteer';

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

interface CallOptions {
  signal?: AbortSignal;
  /** The login form handles its own 401 (wrong password) instead of being sent to the login page. */
  noAuthRedirect?: boolean;
}

/** One JSON call; resolves with the body, throws ApiError. */
export async function call<T>(method: string, path: string, body?: unknown, opts: CallOptions = {}): Promise<T> {
  const ctrl = new AbortController();
  const onAbort = () => ctrl.abort();
  opts.signal?.addEventListener('abort', onAbort);
  const timer = setTimeout(onAbort, TIMEOUT_MS);
  let res: Response;
  let data: unknown;
  try {
    const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Language': apiLang };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    res = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
      cache: 'no-store',
      signal: ctrl.signal,
    });
    data = res.status === 204 ? null : await res.json().catch(() => null);
  } catch (e) {
    if (opts.signal?.aborted) throw e;
    throw new ApiError(0, 'network', '');
  } finally {
    clearTimeout(timer);
    opts.signal?.removeEventListener('abort', onAbort);
  }
  if (res.ok) return data as T;
  const err = (data as { error?: { code?: string; message?: string; fields?: Record<string, string> } } | null)?.error;
  if (res.status === 401 && !opts.noAuthRedirect) window.dispatchEvent(new Event(UNAUTHORIZED_EVENT));
  throw new ApiError(res.status, err?.code ?? 'internal_error', err?.message ?? '', err?.fields ?? {});
}

const get = <T>(path: string, signal?: AbortSignal) => call<T>('GET', path, undefined, { signal });
const post = <T>(path: string, body: unknown = {}) => call<T>('POST', path, body);
const patch = <T>(path: string, body: unknown) => call<T>('PATCH', path, body);
const del = <T>(path: string) => call<T>('DELETE', path);

function qs(params: Record<string, string | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) q.set(k, v);
  const s = q.toString();
  return s ? `?${s}` : '';
}
const enc = encodeURIComponent;
const A = '/api/admin';

/* ---------- session ---------- */

export interface SessionUser {
  id: string;
  name: string;
  role: Role;
  email?: string;
  volunteerId?: string | null;
  language?: Lang;
}

export const getSession = (signal?: AbortSignal) =>
  call<{ user: SessionUser }>('GET', `${A}/session`, undefined, { signal, noAuthRedirect: true });
export const login = (email: string, password: string) =>
  call<{ user: SessionUser }>('POST', `${A}/session`, { email, password }, { noAuthRedirect: true });
export const logout = () => call<unknown>('DELETE', `${A}/session`, undefined, { noAuthRedirect: true });
export const changePassword = (currentPassword: string, newPassword: string) =>
  call<unknown>('POST', `${A}/session/password`, { currentPassword, newPassword });

/* ---------- public desk & availability ---------- */

export interface PublicService {
  id: string;
  names: Record<Lang, string>;
  durationMinutes: number;
  modes: Mode[];
}
export interface Desk {
  name: string;
  address: string;
  city: string;
  timeZone: string;
  phone: string | null;
  services: PublicService[];
  rules: { minNoticeMinutes: number; horizonDays: number };
}
export interface Slot {
  start: string;
  end: string;
}
export interface Availability {
  timeZone: string;
  days: { date: string; slots: Slot[] }[];
}

export const getDesk = (signal?: AbortSignal) => get<Desk>('/api/public/desk', signal);
export const getAvailability = (q: { service: string; mode: Mode; from?: string; to?: string }, signal?: AbortSignal) =>
  get<Availability>(`/api/public/availability${qs(q)}`, signal);

/* ---------- bookings ---------- */

export interface BookingSummary {
  id: string;
  reference: string;
  status: BookingStatus;
  start: string;
  end: string;
  service: { id: string; name: string };
  mode: Mode;
  volunteer: { id: string; name: string };
  person: { name: string | null; phone: string | null; email: string | null };
  channel: Channel;
  createdAt: string;
  holdUntil: string | null;
  lateCancellation: boolean;
  /** Detail only (never in lists). */
  note?: string | null;
  /** Detail only, and only for the roles that need it. */
  accessibilityNeeds?: string | null;
}

export interface BookingEvent {
  id: number;
  at: string;
  type: string;
  actor: { type: 'person' | 'staff' | 'system'; id: string | null; name: string | null };
  from: string | null;
  to: string | null;
  data: Record<string, unknown> | null;
}

export interface Message {
  id: string;
  bookingId: string;
  kind: string;
  to: string | null;
  body: string | null;
  status: string;
  attempts: number;
  providerId: string | null;
  error: string | null;
  createdAt?: string;
  sentAt?: string | null;
}

export interface BookingDetail extends BookingSummary {
  language: Lang;
  staffNote: string | null;
  cancelReason: string | null;
  rejectReason: string | null;
  cancelledBy: 'person' | 'staff' | null;
  erased: boolean;
  events: BookingEvent[];
  messages: Message[];
  /** Requests only: the volunteers free at its time, and the one to suggest. */
  suggestedVolunteerId?: string;
  availableVolunteers?: { id: string; name: string }[];
}

export const listBookings = (
  q: { status?: string; from?: string; to?: string; volunteer?: string },
  signal?: AbortSignal,
) => get<{ bookings: BookingSummary[] }>(`${A}/bookings${qs(q)}`, signal);
export const getBooking = (id: string, signal?: AbortSignal) =>
  get<{ booking: BookingDetail }>(`${A}/bookings/${enc(id)}`, signal).then((r) => r.booking);
export const confirmBooking = (id: string, volunteerId?: string) =>
  post<unknown>(`${A}/bookings/${enc(id)}/confirm`, volunteerId ? { volunteerId } : {});
export const rejectBooking = (id: string, reason: string) =>
  post<unknown>(`${A}/bookings/${enc(id)}/reject`, { reason });
export const cancelBooking = (id: string, reason: string) =>
  post<unknown>(`${A}/bookings/${enc(id)}/cancel`, { reason });
export const rescheduleBooking = (id: string, start: string, volunteerId?: string) =>
  post<unknown>(`${A}/bookings/${enc(id)}/reschedule`, volunteerId ? { start, volunteerId } : { start });
export const markAttendance = (id: string, outcome: 'attended' | 'no_show') =>
  post<unknown>(`${A}/bookings/${enc(id)}/attendance`, { outcome });
export const saveNote = (id: string, note: string) => post<unknown>(`${A}/bookings/${enc(id)}/note`, { note });

export interface NewBooking {
  service: string;
  mode: Mode;
  start: string;
  name: string;
  phone: string;
  email?: string;
  note?: string;
  language: Lang;
  consent: true;
  accessibilityNeeds?: string;
  accessibilityConsent?: true;
  volunteerId?: string;
}
export const createBooking = (b: NewBooking) =>
  post<{ booking: BookingDetail }>(`${A}/bookings`, b).then((r) => r.booking);

export interface StaffSlot extends Slot {
  volunteerIds: string[];
}
/**
 * Free times as staff may book them (no minimum notice; a volunteer sees only their own shifts); `exclude`
 * is a booking being moved, whose own time counts as free.
 */
export const getStaffSlots = (
  q: { service: string; mode: Mode; from?: string; to?: string; exclude?: string; volunteer?: string },
  signal?: AbortSignal,
) => get<{ timeZone: string; days: { date: string; slots: StaffSlot[] }[] }>(`${A}/bookings/slots${qs(q)}`, signal);

/* ---------- messages ---------- */

export const listMessages = (q: { booking?: string; status?: string }, signal?: AbortSignal) =>
  get<{ messages: Message[] }>(`${A}/messages${qs(q)}`, signal);

/* ---------- volunteers, shifts, absences ---------- */

export interface Volunteer {
  id: string;
  name: string;
  active: boolean;
  phone: string | null;
  email: string | null;
  videoLink: string | null;
  icalUrl: string;
  webcalUrl: string;
  shiftsCount: number;
  staffUserId: string | null;
}
export interface VolunteerInput {
  name: string;
  phone: string | null;
  email: string | null;
  videoLink: string | null;
  active: boolean;
}
export interface Shift {
  id: string;
  weekday: number;
  start: string;
  end: string;
  modes: Mode[];
  validFrom: string | null;
  validTo: string | null;
}
export type ShiftInput = Omit<Shift, 'id'>;
export interface Closure {
  id: string;
  dateFrom: string;
  dateTo: string;
  reason: string;
}
export type ClosureInput = Omit<Closure, 'id'>;

const V = `${A}/volunteers`;
export const listVolunteers = (signal?: AbortSignal) => get<{ volunteers: Volunteer[] }>(V, signal);
export const getVolunteer = (id: string, signal?: AbortSignal) =>
  get<{ volunteer: Volunteer; shifts: Shift[]; absences: Closure[]; upcomingActiveBookings: number }>(
    `${V}/${enc(id)}`,
    signal,
  );
export const createVolunteer = (b: VolunteerInput) => post<{ volunteer: Volunteer }>(V, b);
export const updateVolunteer = (id: string, b: Partial<VolunteerInput>) =>
  patch<{ volunteer: Volunteer; upcomingActiveBookings: number }>(`${V}/${enc(id)}`, b);
export const rotateVolunteerIcal = (id: string) =>
  post<{ icalUrl: string; webcalUrl: string }>(`${V}/${enc(id)}/ical/rotate`);
export const createShift = (id: string, b: ShiftInput) => post<{ shift: Shift }>(`${V}/${enc(id)}/shifts`, b);
export const updateShift = (id: string, shiftId: string, b: Partial<ShiftInput>) =>
  patch<{ shift: Shift }>(`${V}/${enc(id)}/shifts/${enc(shiftId)}`, b);
export const deleteShift = (id: string, shiftId: string) => del<null>(`${V}/${enc(id)}/shifts/${enc(shiftId)}`);
export const createAbsence = (id: string, b: ClosureInput) =>
  post<{ absence: Closure; affectedBookings: number }>(`${V}/${enc(id)}/absences`, b);
export const deleteAbsence = (id: string, absenceId: string) => del<null>(`${V}/${enc(id)}/absences/${enc(absenceId)}`);

/* ---------- services ---------- */

export interface Service {
  id: string;
  names: Record<Lang, string>;
  descriptions: Record<Lang, string>;
  durationMinutes: number;
  modes: Mode[];
  active: boolean;
  sortOrder: number;
}
export type ServiceInput = Omit<Service, 'id'>;
export const listServices = (signal?: AbortSignal) => get<{ services: Service[] }>(`${A}/services`, signal);
export const createService = (b: ServiceInput) => post<{ service: Service }>(`${A}/services`, b);
export const updateService = (id: string, b: Partial<ServiceInput>) =>
  patch<{ service: Service }>(`${A}/services/${enc(id)}`, b);

/* ---------- closures ---------- */

export const listClosures = (year: number, signal?: AbortSignal) =>
  get<{ year: number; closures: Closure[]; holidays: { date: string; name: Record<Lang, string> }[] }>(
    `${A}/closures${qs({ year: String(year) })}`,
    signal,
  );
export const createClosure = (b: ClosureInput) =>
  post<{ closure: Closure; affectedBookings: number }>(`${A}/closures`, b);
export const deleteClosure = (id: string) => del<null>(`${A}/closures/${enc(id)}`);

/* ---------- settings ---------- */

export interface Settings {
  name: string;
  address: string;
  city: string;
  phone: string;
  email: string;
  privacyUrl: string;
  timeZone: string;
  minNoticeMinutes: number;
  horizonDays: number;
  requestHoldHours: number;
  slotGridMinutes: number | null;
  cancellationNoticeHours: number;
  maxOpenRequestsPerPhone: number;
  requestsPerIpPerHour: number;
  reminderHour: number;
  quietStart: string;
  quietEnd: string;
  smsEnabled: boolean;
  smsMonthlyBudget: number | null;
  smsOnExpiry: boolean;
  retentionMonths: number;
  accessibilityRetentionDays: number;
  icalIncludePhone: boolean;
}
interface SettingsBody {
  settings: Settings | null;
  deskIcalUrl: string | null;
  deskWebcalUrl: string | null;
}
export const getSettings = (signal?: AbortSignal) => get<SettingsBody>(`${A}/settings`, signal);
export const saveSettings = (b: Partial<Settings>) => patch<SettingsBody>(`${A}/settings`, b);
export const rotateDeskIcal = () => post<{ deskIcalUrl: string; deskWebcalUrl: string }>(`${A}/settings/ical/rotate`);

/* ---------- staff users ---------- */

export interface StaffUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  volunteerId: string | null;
  language: Lang;
  active: boolean;
}
export interface NewStaffUser {
  email: string;
  name: string;
  role: Role;
  password?: string;
  volunteerId?: string | null;
  language?: Lang;
}
export const listUsers = (signal?: AbortSignal) => get<{ users: StaffUser[] }>(`${A}/users`, signal);
export const createUser = (b: NewStaffUser) => post<{ user: StaffUser; password?: string }>(`${A}/users`, b);
export const updateUser = (id: string, b: Partial<Omit<StaffUser, 'id' | 'email'>>) =>
  patch<{ user: StaffUser }>(`${A}/users/${enc(id)}`, b);
export const resetUserPassword = (id: string) =>
  post<{ user: StaffUser; password: string }>(`${A}/users/${enc(id)}/password`);

/* ---------- personal data ---------- */

export interface PersonBooking {
  id: string;
  reference: string;
  status: BookingStatus;
  start: string;
  end: string;
  service: { id: string; name: string };
  volunteer: { id: string; name: string };
  name: string | null;
  erasedAt: string | null;
}
export const searchPerson = (phone: string) =>
  post<{ phone: string; bookings: PersonBooking[] }>(`${A}/people/search`, { phone });
export const exportPerson = (phone: string) => post<unknown>(`${A}/people/export`, { phone });
export const erasePerson = (phone: string, cancelActive: boolean) =>
  post<{ bookings: number; messages: number; cancelled: number }>(`${A}/people/erase`, { phone, cancelActive });

/* ---------- dashboard ---------- */

export interface Dashboard {
  timeZone: string;
  date: string;
  today: {
    id: string;
    reference: string;
    time: string;
    start: string;
    end: string;
    status: BookingStatus;
    mode: Mode;
    service: { id: string; name: string };
    volunteer: { id: string; name: string };
  }[];
  pendingRequests: number;
  month: {
    month: string;
    requests: number;
    confirmations: number;
    cancellations: number;
    lateCancellations: number;
    noShows: number;
    attended: number;
    noShowRate: number | null;
    medianTimeToConfirmMinutes: number | null;
  };
  weekly: {
    weekStart: string;
    weekEnd: string;
    requests: number;
    attended: number;
    noShows: number;
    cancellations: number;
  }[];
}
export const getDashboard = (month?: string, signal?: AbortSignal) =>
  get<Dashboard>(`${A}/dashboard${qs({ month })}`, signal);
