/**
 * The busiest cron tick the bench can build, for counting subrequests: the 18:00 reminder tick of a desk
 * with more texts due than one run may send, and every other job with work to do. Written straight to
 * the tables (builders), so what is measured is the tick alone.
 */
import type { Db } from '../../worker/src/db/client';
import { bookings, messages, rateLimits, sessions, staffUsers, waitlistEntries } from '../../worker/src/db/schema';
import { addDays, localToInstant } from '../../worker/src/domain/time';
import { givenDesk, givenService, givenVolunteer } from '../fixtures/builders';

const TZ = 'Europe/Rome';
const DAY = '2026-10-13';
const HOUR = 3_600_000;
const DAY_MS = 24 * HOUR;

/** Tuesday 13 October 2026, 18:00 in Rome: the reminder tick for Wednesday. */
export const WORST_TICK_AT = localToInstant(DAY, 18 * 60, TZ);
/** The cron expression of the reminder ticks (wrangler.toml): 16:00 UTC is 18:00 in Rome in October. */
export const WORST_TICK_CRON = '0 16,17 * * *';

/** How much of each kind of work the tick finds. */
export const WORST_TICK_WORK = {
  /** Confirmed bookings tomorrow, confirmed days ago: one reminder each. */
  reminders: 50,
  /** Requests whose hold lapsed: expired, with an expiry text each (the desk has request texts on). */
  lapsedRequests: 10,
  /** Texts queued earlier and still waiting (e.g. left over by the last tick's cap). */
  waitingTexts: 10,
  /** Bookings past the retention period: erased. */
  pastRetention: 20,
  /** Bookings with accessibility needs past their shorter retention: cleared. */
  pastNeedsRetention: 10,
  /** People waiting for the lapsed requests' day: the freed times are caught up and offered. */
  waitlistEntries: 10,
  /** Expired login sessions and old rate-limit counters: deleted. */
  staleSessions: 10,
  staleCounters: 10,
} as const;

/** Writes the worst tick's desk and data into a migrated, empty database. */
export async function buildWorstTick(db: Db): Promise<void> {
  const w = WORST_TICK_WORK;
  const now = WORST_TICK_AT;
  const longAgo = now - 30 * DAY_MS;
  await givenDesk(db, {
    smsEnabled: true,
    requestSms: true,
    reminderHour: 18,
    // A desk this busy has raised its caps; none of them may be what stops the run.
    smsPerDeskHourly: 10_000,
    smsMonthlyBudget: 10_000,
    smsPerNumberDaily: 100,
    smsPerNumberDailyTotal: 100,
    retentionMonths: 12,
    accessibilityRetentionDays: 30,
  });
  const service = await givenService(db, { durationMinutes: 30 });
  const volunteers: string[] = [];
  for (let i = 0; i < 10; i++) volunteers.push((await givenVolunteer(db, { displayName: `Volontario ${i}` })).id);

  let n = 0;
  /** The i-th booking of a day: ten volunteers, each booked every half hour from 08:00, so none overlaps. */
  const booking = (date: string, i: number, o: Partial<typeof bookings.$inferInsert>): typeof bookings.$inferInsert => {
    const k = n++;
    const minute = 8 * 60 + Math.floor(i / volunteers.length) * 30;
    const startAt = localToInstant(date, minute, TZ);
    return {
      id: `tick-${k}`,
      reference: `T${String(k).padStart(6, '0')}`,
      manageCode: `tick-code-${k}-0123456789abcdef`,
      serviceId: service.id,
      mode: 'in_person',
      volunteerId: volunteers[i % volunteers.length]!,
      startAt,
      endAt: startAt + 30 * 60_000,
      localDate: date,
      localTime: `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`,
      status: 'confirmed',
      channel: 'widget',
      language: 'it',
      personName: 'Persona Prova',
      phone: `+39347${String(2_000_000 + k)}`,
      consentAt: longAgo,
      confirmedAt: longAgo,
      createdAt: longAgo,
      updatedAt: longAgo,
      ...o,
    };
  };
  const rows: (typeof bookings.$inferInsert)[] = [];
  const tomorrow = addDays(DAY, 1);
  for (let i = 0; i < w.reminders; i++) rows.push(booking(tomorrow, i, {}));
  const inTwoDays = addDays(DAY, 2);
  for (let i = 0; i < w.lapsedRequests; i++) {
    rows.push(
      booking(inTwoDays, i, {
        status: 'requested',
        confirmedAt: null,
        holdUntil: now - HOUR,
        createdAt: now - 49 * HOUR,
      }),
    );
  }
  const waiting: (typeof bookings.$inferInsert)[] = [];
  for (let i = 0; i < w.waitingTexts; i++) {
    const row = booking(addDays(DAY, 3), i, { confirmedAt: now - HOUR });
    rows.push(row);
    waiting.push(row);
  }
  const lastYear = addDays(DAY, -400);
  for (let i = 0; i < w.pastRetention; i++) rows.push(booking(lastYear, i, { status: 'attended' }));
  const lastMonth = addDays(DAY, -40);
  for (let i = 0; i < w.pastNeedsRetention; i++) {
    rows.push(
      booking(lastMonth, i, {
        status: 'attended',
        accessibilityNeeds: 'Sedia a rotelle',
        accessibilityConsentAt: longAgo - 30 * DAY_MS,
      }),
    );
  }
  for (let i = 0; i < rows.length; i += 50) await db.insert(bookings).values(rows.slice(i, i + 50));
  await db.insert(waitlistEntries).values(
    Array.from({ length: w.waitlistEntries }, (_, i) => ({
      id: `tick-wl-${i}`,
      reference: `WL${String(i).padStart(4, '0')}`,
      manageCode: `tick-wl-code-${i}-0123456789abcdef`,
      serviceId: service.id,
      mode: 'in_person' as const,
      fromDate: DAY,
      toDate: inTwoDays,
      personName: 'Persona in attesa',
      phone: `+39348${String(3_000_000 + i)}`,
      consentAt: longAgo,
      createdAt: longAgo + i,
      updatedAt: longAgo,
    })),
  );

  await db.insert(messages).values(
    waiting.map((b, i) => ({
      id: `tick-msg-${i}`,
      bookingId: b.id!,
      kind: 'confirmation' as const,
      recipient: b.phone,
      language: 'it' as const,
      body: `Sportello Lavoro: appuntamento confermato. Gestisci: https://sportello.test/m/${b.manageCode}`,
      notBefore: now - HOUR,
      createdAt: now - HOUR,
      updatedAt: now - HOUR,
    })),
  );

  await db.insert(staffUsers).values({
    id: 'tick-staff',
    email: 'tick@staff.test',
    name: 'Rita Reception',
    role: 'reception',
    passwordHash: 'pbkdf2-sha256$1$AA$AA',
    passwordChangedAt: longAgo,
    createdAt: longAgo,
  });
  await db.insert(sessions).values(
    Array.from({ length: w.staleSessions }, (_, i) => ({
      id: `tick-session-${i}`,
      userId: 'tick-staff',
      createdAt: longAgo,
      expiresAt: now - HOUR,
      lastSeenAt: longAgo,
    })),
  );
  await db.insert(rateLimits).values(
    Array.from({ length: w.staleCounters }, (_, i) => ({
      key: `ip:tick-${i}`,
      windowStart: now - 5 * HOUR,
      count: 3,
    })),
  );
}
