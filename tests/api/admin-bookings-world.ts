import { eq } from 'drizzle-orm';
import { bookingEvents, bookings } from '../../worker/src/db/schema';
import { givenBooking } from '../fixtures/builders';
import { jsonHeaders, signIn, staffHeaders, type SignedIn } from '../fixtures/staff';
import { publicWorld, type PublicWorld } from './public-helpers';

export { NOW } from './public-helpers';

/** Wednesday 14 October 2026 in Rome (+02:00): every volunteer works 09:00–12:00. */
export const WED = '2026-10-14';
export const at = (date: string, hhmm: string) => `${date}T${hhmm}:00+02:00`;

export type AdminWorld = PublicWorld & {
  admin: SignedIn & { user: { id: string; name: string } };
  reception: SignedIn & { user: { id: string; name: string } };
  /** Signed in as the volunteer volunteerIds[0]. */
  volunteer: SignedIn & { user: { id: string; name: string } };
  /** Calls a staff endpoint as `who` (undefined: anonymous), with a JSON body when given. */
  call(who: SignedIn | undefined, method: string, path: string, body?: unknown): Promise<Response>;
  /** A pending request (straight to the table) for volunteerIds[volunteer] at a Rome wall-clock time. */
  request(
    date: string,
    hhmm: string,
    opts?: { volunteer?: number; createdAt?: number } & Record<string, unknown>,
  ): Promise<string>;
  /** A confirmed booking, likewise. */
  confirmed(date: string, hhmm: string, opts?: { volunteer?: number } & Record<string, unknown>): Promise<string>;
  /** Moves the clock and signs everyone in again (sessions end after 12 idle hours). */
  travel(to: string): Promise<void>;
  row(id: string): Promise<typeof bookings.$inferSelect>;
  events(id: string): Promise<(typeof bookingEvents.$inferSelect)[]>;
};

/**
 * The public world (Rome desk, one 60-minute service, volunteers on Wednesday, Friday and Monday 09:00–12:00,
 * clock at Monday 12 October 2026 10:00 Rome) with an admin, a receptionist and a volunteer signed in.
 */
export async function adminWorld(opts: Parameters<typeof publicWorld>[0] = {}): Promise<AdminWorld> {
  const w = await publicWorld({ volunteers: 2, ...opts });
  const admin = await staffHeaders(w.app, w.db, 'admin', { name: 'Anna Admin' });
  const reception = await staffHeaders(w.app, w.db, 'reception', { name: 'Rita Reception' });
  const volunteer = await staffHeaders(w.app, w.db, 'volunteer', {
    name: 'Vito Volontario',
    volunteerId: w.volunteerIds[0],
  });

  const call: AdminWorld['call'] = (who, method, path, body) => {
    const headers: Record<string, string> = who
      ? body === undefined
        ? { ...who.headers }
        : jsonHeaders(who)
      : body === undefined
        ? {}
        : { 'Content-Type': 'application/json' };
    return Promise.resolve(
      w.app.request(`/api/admin${path}`, {
        method,
        headers,
        ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
      }),
    );
  };

  const insert = async (status: 'requested' | 'confirmed', date: string, hhmm: string, o: Record<string, unknown>) => {
    const { volunteer: v = 0, ...rest } = o as { volunteer?: number };
    const startAt = Date.parse(at(date, hhmm));
    const row = await givenBooking(w.db, {
      serviceId: w.serviceId,
      volunteerId: w.volunteerIds[v]!,
      start: startAt,
      status,
      localDate: date,
      localTime: hhmm,
      holdUntil: status === 'requested' ? startAt - 3_600_000 : null,
      ...rest,
    });
    return row.id;
  };

  const people = [admin, reception, volunteer];
  return {
    ...w,
    admin,
    reception,
    volunteer,
    call,
    travel: async (to) => {
      w.clock.set(to);
      for (const p of people) Object.assign(p, await signIn(w.app, p.email, p.password));
    },
    request: (date, hhmm, o = {}) => insert('requested', date, hhmm, o),
    confirmed: (date, hhmm, o = {}) => insert('confirmed', date, hhmm, o),
    row: async (id) => (await w.db.select().from(bookings).where(eq(bookings.id, id)))[0]!,
    events: (id) => w.db.select().from(bookingEvents).where(eq(bookingEvents.bookingId, id)).orderBy(bookingEvents.id),
  };
}

/** The error code of a response body. */
export async function errorCode(res: Response): Promise<string | undefined> {
  const body = (await res.json()) as { error?: { code?: string } };
  return body.error?.code;
}
