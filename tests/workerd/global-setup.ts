import { createClient } from '@libsql/client';
import type { TestProject } from 'vitest/node';
import { createDb } from '../../worker/src/db/client';
import { applyMigrations } from '../../worker/src/node/migrate';
import { givenBooking, givenDesk, givenService, givenShift, givenVolunteer } from '../fixtures/builders';
import { startSqld } from '../fixtures/sqld';
import { givenStaff } from '../fixtures/staff';
import { SEED } from './seed-ids';

declare module 'vitest' {
  export interface ProvidedContext {
    sqldUrl: string;
    authSqldUrl: string;
  }
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * Runs in Node before the workerd project: starts sqld, applies the real migrations (the migrator needs node:fs,
 * so never from inside the Worker), seeds a bookable desk, and hands the URL to the Worker as TURSO_DATABASE_URL.
 * The Worker reads the real clock, so the seed is relative to now and open every day: the tests pass on any date.
 */
export default async function setup(project: TestProject) {
  const sqld = await startSqld();
  const client = createClient({ url: sqld.url });
  try {
    const db = createDb(client);
    await applyMigrations(db);
    await givenDesk(db, { minNoticeMinutes: 0, horizonDays: 60, requestsPerIpPerHour: 1000, requestHoldHours: 48 });
    await givenService(db, { id: SEED.serviceId, durationMinutes: 60, allowsInPerson: true, allowsRemote: true });
    await givenVolunteer(db, { id: SEED.volunteerId, displayName: 'Giulia' });
    for (let wd = 1; wd <= 7; wd++) await givenShift(db, SEED.volunteerId, wd, '08:00', '20:00');
    await givenStaff(db, { role: 'reception', email: SEED.staffEmail, password: SEED.staffPassword });

    const now = Date.now();
    // Far from the slots the tests book (which start within the next ~week at whole hours), so no overlap trigger fires.
    const lapsedStart = Math.floor((now + 30 * DAY) / HOUR) * HOUR;
    await givenBooking(db, {
      id: SEED.lapsedRequestId,
      serviceId: SEED.serviceId,
      volunteerId: SEED.volunteerId,
      start: lapsedStart,
      status: 'requested',
      phone: '+393470009001',
      holdUntil: now - HOUR,
    });
    await givenBooking(db, {
      id: SEED.heldRequestId,
      serviceId: SEED.serviceId,
      volunteerId: SEED.volunteerId,
      start: lapsedStart + 2 * HOUR,
      status: 'requested',
      phone: '+393470009002',
      holdUntil: now + 7 * DAY,
    });
    await givenBooking(db, {
      id: SEED.cancelledBookingId,
      manageCode: SEED.cancelledManageCode,
      serviceId: SEED.serviceId,
      volunteerId: SEED.volunteerId,
      start: lapsedStart + 4 * HOUR,
      status: 'cancelled',
      cancelledBy: 'staff',
      cancelledAt: now - HOUR,
      phone: '+393470009003',
    });
  } finally {
    client.close();
  }
  // A second, empty sqld that requires a JWT (as Turso does): what a Worker with a wrong token meets.
  const authSqld = await startSqld({ auth: true });
  project.provide('sqldUrl', sqld.url);
  project.provide('authSqldUrl', authSqld.url);
  return async () => {
    await Promise.all([sqld.stop(), authSqld.stop()]);
  };
}
