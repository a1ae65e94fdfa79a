import { count } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import type { Db } from './client';
import { isUniqueViolation } from './errors';
import { bookingEvents, bookings, closures, deskSettings, services, shifts, volunteers } from './schema';
import { LANGUAGES, type BookingStatus, type Channel, type Language, type Mode } from '../domain/vocabulary';
import { addDays, isoWeekday, localToInstant, zonedParts } from '../domain/time';
import { isNationalHoliday } from '../domain/holidays';
import { cryptoIds, newRoomName, type Ids } from '../lib/ids';
import { nameKey } from '../domain/person-search';
import { seededRandom } from '../lib/seeded-random';

export const DEMO_TIME_ZONE = 'Europe/Rome';
const HOUR = 3_600_000;
const REQUEST_HOLD_HOURS = 48;

export interface SeedResult {
  /** False when the database already had a desk (or another process seeded it first): nothing was written. */
  seeded: boolean;
}

const hm = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/**
 * The demo services, named and described in every people-facing language (the five beyond Italian and
 * English go to services.translations). Not yet reviewed by native speakers: see LANGUAGES.md.
 */
const DEMO_SERVICES = [
  {
    id: 'svc-orientamento',
    nameIt: 'Primo colloquio di orientamento',
    nameEn: 'First orientation talk',
    descriptionIt: 'Conosciamoci: parliamo della tua situazione e di cosa cerchi, e costruiamo insieme un percorso.',
    descriptionEn: 'Let us get to know you: your situation, what you are looking for, and a plan together.',
    translations: {
      ar: { name: 'أول لقاء للتوجيه', description: 'نتعرّف عليك: نتحدّث عن وضعك وعمّا تبحث عنه، ونضع خطة معًا.' },
      es: {
        name: 'Primera charla de orientación',
        description: 'Nos conocemos: hablamos de tu situación y de lo que buscas, y hacemos un plan juntos.',
      },
      fr: {
        name: 'Premier entretien d’orientation',
        description: 'Faisons connaissance : votre situation, ce que vous cherchez, et un plan ensemble.',
      },
      uk: {
        name: 'Перша розмова-орієнтація',
        description: 'Знайомимося: говоримо про вашу ситуацію і про те, що ви шукаєте, і разом складаємо план.',
      },
      ro: {
        name: 'Prima discuție de orientare',
        description: 'Ne cunoaștem: vorbim despre situația ta și despre ce cauți, și facem un plan împreună.',
      },
    },
    durationMinutes: 60,
    allowsInPerson: true,
    allowsRemote: true,
  },
  {
    id: 'svc-cv',
    nameIt: 'Revisione CV',
    nameEn: 'CV review',
    descriptionIt: 'Porta il tuo curriculum (anche su carta): lo rivediamo e lo miglioriamo insieme.',
    descriptionEn: 'Bring your CV (paper is fine): we review and improve it together.',
    translations: {
      ar: { name: 'مراجعة السيرة الذاتية', description: 'أحضر سيرتك الذاتية (الورق يكفي): نراجعها ونحسّنها معًا.' },
      es: {
        name: 'Revisión del CV',
        description: 'Trae tu currículum (en papel también vale): lo revisamos y lo mejoramos juntos.',
      },
      fr: {
        name: 'Relecture du CV',
        description: 'Apportez votre CV (sur papier, c’est bien aussi) : on le relit et on l’améliore ensemble.',
      },
      uk: {
        name: 'Перевірка резюме',
        description: 'Принесіть своє резюме (можна на папері): ми разом його перевіримо й покращимо.',
      },
      ro: {
        name: 'Verificarea CV-ului',
        description: 'Adu CV-ul tău (și pe hârtie e bine): îl verificăm și îl îmbunătățim împreună.',
      },
    },
    durationMinutes: 45,
    allowsInPerson: true,
    allowsRemote: true,
  },
  {
    id: 'svc-ricerca',
    nameIt: 'Ricerca del lavoro',
    nameEn: 'Job search',
    descriptionIt: 'Cerchiamo offerte adatte a te, ti aiutiamo a candidarti e a usare i siti di annunci.',
    descriptionEn: 'We look for suitable vacancies, help you apply and use job sites.',
    translations: {
      ar: {
        name: 'البحث عن عمل',
        description: 'نبحث عن عروض عمل مناسبة لك، ونساعدك على التقديم وعلى استخدام مواقع الإعلانات.',
      },
      es: {
        name: 'Búsqueda de empleo',
        description: 'Buscamos ofertas para ti, te ayudamos a presentarte y a usar las webs de empleo.',
      },
      fr: {
        name: 'Recherche d’emploi',
        description: 'On cherche des offres pour vous, on vous aide à postuler et à utiliser les sites d’annonces.',
      },
      uk: {
        name: 'Пошук роботи',
        description: 'Шукаємо вакансії для вас, допомагаємо подати заявку й користуватися сайтами оголошень.',
      },
      ro: {
        name: 'Căutarea unui loc de muncă',
        description: 'Căutăm oferte potrivite pentru tine, te ajutăm să aplici și să folosești site-urile de anunțuri.',
      },
    },
    durationMinutes: 60,
    // Done at the desk's computers, side by side.
    allowsInPerson: true,
    allowsRemote: false,
  },
  {
    id: 'svc-colloquio',
    nameIt: 'Simulazione di colloquio',
    nameEn: 'Interview practice',
    descriptionIt: 'Ci prepariamo a un colloquio di lavoro con domande vere e consigli pratici.',
    descriptionEn: 'We practise a job interview with real questions and practical tips.',
    translations: {
      ar: { name: 'التدرّب على مقابلة العمل', description: 'نتدرّب على مقابلة عمل بأسئلة حقيقية ونصائح عملية.' },
      es: {
        name: 'Práctica de entrevista',
        description: 'Practicamos una entrevista de trabajo con preguntas reales y consejos prácticos.',
      },
      fr: {
        name: 'S’entraîner à l’entretien',
        description: 'On s’entraîne à un entretien d’embauche avec de vraies questions et des conseils pratiques.',
      },
      uk: {
        name: 'Тренування співбесіди',
        description: 'Тренуємо співбесіду на роботу: справжні запитання й практичні поради.',
      },
      ro: {
        name: 'Exercițiu de interviu',
        description: 'Exersăm un interviu de angajare cu întrebări reale și sfaturi practice.',
      },
    },
    durationMinutes: 45,
    allowsInPerson: true,
    allowsRemote: true,
  },
] as const;

/** The demo desk's video server (desk_settings.video_room_base). */
export const DEMO_VIDEO_ROOM_BASE = 'https://video.example.org';

const DEMO_VOLUNTEERS = [
  { id: 'vol-giulia', displayName: 'Giulia B.', email: 'giulia@example.org', phone: '+393330000101', videoLink: null },
  { id: 'vol-marco', displayName: 'Marco R.', email: 'marco@example.org', phone: '+393330000102', videoLink: null },
  {
    id: 'vol-sara',
    displayName: 'Sara T.',
    email: 'sara@example.org',
    phone: '+393330000103',
    videoLink: 'https://meet.example.org/sportello-sara',
  },
] as const;

/** Weekly shifts: two daytime in-person volunteers and an evening remote-only one for people who work by day. */
const DEMO_SHIFTS = [
  {
    id: 'shift-giulia-mon',
    volunteerId: 'vol-giulia',
    weekday: 1,
    from: '09:00',
    to: '13:00',
    inPerson: true,
    remote: true,
  },
  {
    id: 'shift-giulia-wed',
    volunteerId: 'vol-giulia',
    weekday: 3,
    from: '09:00',
    to: '13:00',
    inPerson: true,
    remote: true,
  },
  {
    id: 'shift-marco-tue',
    volunteerId: 'vol-marco',
    weekday: 2,
    from: '14:00',
    to: '18:00',
    inPerson: true,
    remote: false,
  },
  {
    id: 'shift-marco-thu',
    volunteerId: 'vol-marco',
    weekday: 4,
    from: '14:00',
    to: '18:00',
    inPerson: true,
    remote: false,
  },
  {
    id: 'shift-sara-mon',
    volunteerId: 'vol-sara',
    weekday: 1,
    from: '18:00',
    to: '20:00',
    inPerson: false,
    remote: true,
  },
  {
    id: 'shift-sara-thu',
    volunteerId: 'vol-sara',
    weekday: 4,
    from: '18:00',
    to: '20:00',
    inPerson: false,
    remote: true,
  },
] as const;

interface DemoBooking {
  id: string;
  volunteerId: string;
  serviceId: (typeof DEMO_SERVICES)[number]['id'];
  weekdays: readonly number[];
  time: string;
  mode: Mode;
  status: BookingStatus;
  channel: Channel;
  language: Language;
  personName: string;
  phone: string;
}

/** Obviously fake people, on each volunteer's next working day, so reception and the agendas have something to show. */
const DEMO_BOOKINGS: readonly DemoBooking[] = [
  {
    id: 'bk-demo-1',
    volunteerId: 'vol-giulia',
    serviceId: 'svc-orientamento',
    weekdays: [1, 3],
    time: '09:00',
    mode: 'in_person',
    status: 'confirmed',
    channel: 'reception',
    language: 'it',
    personName: 'Mario Esempio',
    phone: '+393330000001',
  },
  {
    id: 'bk-demo-2',
    volunteerId: 'vol-giulia',
    serviceId: 'svc-cv',
    weekdays: [1, 3],
    time: '10:30',
    mode: 'remote',
    status: 'requested',
    channel: 'widget',
    language: 'it',
    personName: 'Anna Prova',
    phone: '+393330000002',
  },
  {
    id: 'bk-demo-3',
    volunteerId: 'vol-marco',
    serviceId: 'svc-ricerca',
    weekdays: [2, 4],
    time: '14:00',
    mode: 'in_person',
    status: 'confirmed',
    channel: 'widget',
    language: 'it',
    personName: 'Luca Demo',
    phone: '+393330000003',
  },
  {
    id: 'bk-demo-4',
    volunteerId: 'vol-marco',
    serviceId: 'svc-colloquio',
    weekdays: [2, 4],
    time: '15:30',
    mode: 'in_person',
    status: 'requested',
    channel: 'widget',
    language: 'en',
    personName: 'Sam Example',
    phone: '+393330000004',
  },
  {
    id: 'bk-demo-5',
    volunteerId: 'vol-sara',
    serviceId: 'svc-colloquio',
    weekdays: [1, 4],
    time: '18:00',
    mode: 'remote',
    status: 'confirmed',
    channel: 'widget',
    language: 'it',
    personName: 'Giorgio Prova',
    phone: '+393330000005',
  },
  {
    id: 'bk-demo-6',
    volunteerId: 'vol-giulia',
    serviceId: 'svc-cv',
    weekdays: [1, 3],
    time: '11:30',
    mode: 'in_person',
    status: 'confirmed',
    channel: 'reception',
    language: 'ar',
    personName: 'Amina Esempio',
    phone: '+393330000006',
  },
];

/** Weeks of past appointments the demo desk has already held, so the dashboard and the people search have a history. */
export const DEMO_PAST_WEEKS = 12;

/**
 * Obviously fake people who came to the desk, with names from the communities a desk in Milan serves
 * (accents and letters search must fold: Ñúñez, Şahin, Đorđević, Müller). The first ones come back most.
 */
const DEMO_PEOPLE: readonly (readonly [name: string, language: Language])[] = [
  ['José Ñúñez', 'it'],
  ['Ayşe Şahin', 'it'],
  ['Đorđe Đorđević', 'it'],
  ['Jürgen Müller', 'en'],
  ['Chiara Esposito', 'it'],
  ['Fatima Zahra El Idrissi', 'ar'],
  ['Oleksandr Kovalenko', 'uk'],
  ['Nguyễn Thị Lan', 'it'],
  ['Giuseppe D’Amico', 'it'],
  ['María José Peña', 'es'],
  ['Ion Popescu', 'ro'],
  ['Łucja Wiśniewska', 'en'],
  ['Francesca Romano', 'it'],
  ['Kwame Mensah', 'fr'],
  ['Ana Núñez Pérez', 'es'],
  ['Mohamed Ben Salah', 'ar'],
  ['Søren Ødegård', 'en'],
  ['Lucia Ferrari', 'it'],
  ['Emine Çelik', 'it'],
  ['Paolo Bianchi', 'it'],
  ['Mariana Gonçalves', 'en'],
  ['Ahmad Rahimi', 'it'],
  ['Giulia Conti', 'it'],
  ['Tomáš Dvořák', 'en'],
];

type PastOutcome = Extract<BookingStatus, 'attended' | 'no_show' | 'cancelled' | 'rejected' | 'expired'>;

/** Roughly a desk's spread: most people come, about one in seven does not, some cancel (a third of them late). */
function pastOutcome(r: number): { status: PastOutcome; late: boolean } {
  if (r < 0.68) return { status: 'attended', late: false };
  if (r < 0.82) return { status: 'no_show', late: false };
  if (r < 0.89) return { status: 'cancelled', late: false };
  if (r < 0.94) return { status: 'cancelled', late: true };
  if (r < 0.97) return { status: 'rejected', late: false };
  return { status: 'expired', late: false };
}

/**
 * The desk's last DEMO_PAST_WEEKS weeks: appointments in the volunteers' shifts on open days before
 * today, never two of a volunteer at once, with outcomes, channels, modes and languages spread as at a
 * real desk. Remote ones only with Sara, the volunteer who has a video link. Deterministic: the same
 * rows (but for the random reference and manage codes) for the same `today`.
 */
function pastBookings(today: string, now: number, ids: Ids, openDay: (d: string) => boolean) {
  const random = seededRandom(20_261_012);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const rows: (typeof bookings.$inferInsert)[] = [];
  const events: (typeof bookingEvents.$inferInsert)[] = [];
  const tz = DEMO_TIME_ZONE;
  for (let day = DEMO_PAST_WEEKS * 7; day >= 1; day--) {
    const date = addDays(today, -day);
    if (!openDay(date)) continue;
    for (const shift of DEMO_SHIFTS.filter((s) => s.weekday === isoWeekday(date))) {
      const remoteOnly = !shift.inPerson;
      const choices = DEMO_SERVICES.filter((s) => (remoteOnly ? s.allowsRemote : s.allowsInPerson));
      let minute = hm(shift.from);
      while (minute < hm(shift.to)) {
        const service = pick(choices);
        if (minute + service.durationMinutes > hm(shift.to)) break;
        // About two slots in three are taken; a free one moves the next start on by half an hour.
        if (random() > 0.65) {
          minute += 30;
          continue;
        }
        // Skewed towards the first people: some come back several times.
        const [personName, language] = DEMO_PEOPLE[Math.floor(random() ** 1.6 * DEMO_PEOPLE.length)]!;
        const person = DEMO_PEOPLE.findIndex(([n]) => n === personName);
        const startAt = localToInstant(date, minute, tz);
        const endAt = startAt + service.durationMinutes * 60_000;
        const channelRoll = random();
        const channel: Channel = channelRoll < 0.6 ? 'widget' : channelRoll < 0.95 ? 'reception' : 'volunteer';
        const { status, late } = pastOutcome(random());
        const createdAt = startAt - Math.ceil(1 + random() * 9) * 24 * HOUR;
        const answered = channel === 'widget' ? createdAt + Math.ceil(1 + random() * 20) * HOUR : createdAt;
        const confirmed = status !== 'rejected' && status !== 'expired';
        const cancelledAt = status === 'cancelled' ? (late ? startAt - 3 * HOUR : startAt - 3 * 24 * HOUR) : null;
        const closedAt = status === 'attended' || status === 'no_show' ? endAt + HOUR : (cancelledAt ?? answered);
        const id = `bk-past-${String(rows.length + 1).padStart(3, '0')}`;
        rows.push({
          id,
          reference: ids.reference(),
          manageCode: ids.token(),
          serviceId: service.id,
          mode: remoteOnly ? 'remote' : 'in_person',
          // Drawn apart from the seeded history, so the rooms are as unguessable as real ones.
          videoRoom: remoteOnly ? newRoomName() : null,
          volunteerId: shift.volunteerId,
          startAt,
          endAt,
          localDate: date,
          localTime: minutesToHm(minute),
          status,
          channel,
          language,
          personName,
          nameKey: nameKey(personName),
          phone: `+39333000${String(1100 + person).padStart(4, '0')}`,
          consentAt: createdAt,
          consentVersion: 'demo',
          confirmedAt: confirmed ? answered : null,
          cancelledAt,
          cancelledBy: cancelledAt === null ? null : random() < 0.8 ? 'person' : 'staff',
          lateCancellation: late,
          rejectReason: status === 'rejected' ? 'Servizio non adatto alla richiesta' : null,
          outcomeAt: status === 'attended' || status === 'no_show' ? endAt + HOUR : null,
          createdBy: null,
          createdAt,
          updatedAt: Math.min(closedAt, now),
        });
        const first = channel === 'widget' ? 'requested' : 'confirmed';
        events.push(
          {
            bookingId: id,
            at: createdAt,
            actorType: channel === 'widget' ? 'person' : 'staff',
            type: 'created',
            toStatus: first,
            data: JSON.stringify({ seed: true }),
          },
          {
            bookingId: id,
            at: Math.min(closedAt, now),
            actorType: status === 'expired' ? 'system' : 'staff',
            type: status,
            fromStatus:
              status === 'attended' || status === 'no_show' || status === 'cancelled' ? 'confirmed' : 'requested',
            toStatus: status,
            data: JSON.stringify({ seed: true }),
          },
        );
        minute += service.durationMinutes;
      }
    }
  }
  return { rows, events };
}

const minutesToHm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

/** The first date on or after `from` that satisfies `ok` (searched over a bounded window). */
function firstDate(from: string, ok: (date: string) => boolean): string {
  for (let i = 0; i < 60; i++) {
    const d = addDays(from, i);
    if (ok(d)) return d;
  }
  throw new Error('seed: no suitable date found');
}

/**
 * Fills an empty database with a demo desk in Milan: four services, three volunteers with weekly shifts
 * (one remote-only in the evening), a desk closure and an absence in the coming weeks, a few bookings to
 * come and DEMO_PAST_WEEKS weeks of past ones with their outcomes (pastBookings).
 * Dates are computed from `now` in Europe/Rome, so the demo always looks current. Does nothing on a
 * database that already has a desk.
 */
export async function seedDemoData(db: Db, now: number, ids: Ids = cryptoIds()): Promise<SeedResult> {
  const [desk] = await db.select({ n: count() }).from(deskSettings);
  if ((desk?.n ?? 0) > 0) return { seeded: false };

  const tz = DEMO_TIME_ZONE;
  const today = zonedParts(now, tz).date;
  const openDay = (d: string) => isoWeekday(d) <= 5 && !isNationalHoliday(d);

  // A desk-wide closure on a day with shifts (Mon–Thu), one to two weeks ahead.
  const closureDate = firstDate(addDays(today, 8), (d) => isoWeekday(d) <= 4 && openDay(d));
  // Marco is away on his next Thursday at least a week ahead that is not already closed.
  const absenceDate = firstDate(addDays(today, 7), (d) => isoWeekday(d) === 4 && openDay(d) && d !== closureDate);
  const available = (volunteerId: string, d: string) =>
    openDay(d) && d !== closureDate && !(volunteerId === 'vol-marco' && d === absenceDate);

  const items: BatchItem<'sqlite'>[] = [
    // First, so a concurrent second seeding fails on the single-row key and its whole batch is rolled back.
    db.insert(deskSettings).values({
      id: 1,
      name: 'Sportello Lavoro',
      address: 'Via Bertoni 4',
      city: 'Milano',
      timeZone: tz,
      phone: '+39 02 1234 5678',
      email: 'sportello@example.org',
      privacyUrl: 'https://www.example.org/privacy',
      // Giulia and Marco have no link of their own: their video calls get rooms here. A reserved example
      // domain rather than a real public server, so demo data never sends anyone to a third party.
      videoRoomBase: DEMO_VIDEO_ROOM_BASE,
      languages: LANGUAGES.join(','),
      updatedAt: now,
    }),
    db.insert(services).values(
      DEMO_SERVICES.map(({ translations, ...s }, i) => ({
        ...s,
        translations: JSON.stringify(translations),
        sortOrder: i + 1,
        createdAt: now,
      })),
    ),
    db.insert(volunteers).values(DEMO_VOLUNTEERS.map((v) => ({ ...v, createdAt: now }))),
    db.insert(shifts).values(
      DEMO_SHIFTS.map((s) => ({
        id: s.id,
        volunteerId: s.volunteerId,
        weekday: s.weekday,
        startMinute: hm(s.from),
        endMinute: hm(s.to),
        allowsInPerson: s.inPerson,
        allowsRemote: s.remote,
      })),
    ),
    db.insert(closures).values([
      {
        id: 'closure-demo-desk',
        volunteerId: null,
        dateFrom: closureDate,
        dateTo: closureDate,
        reason: 'Giornata di formazione dei volontari',
        createdAt: now,
      },
      {
        id: 'closure-demo-marco',
        volunteerId: 'vol-marco',
        dateFrom: absenceDate,
        dateTo: absenceDate,
        reason: 'Ferie',
        createdAt: now,
      },
    ]),
  ];

  const bookingRows: (typeof bookings.$inferInsert)[] = DEMO_BOOKINGS.map((b) => {
    // Two days ahead at the earliest: clear of the default 24-hour minimum notice whatever the hour now.
    const date = firstDate(addDays(today, 2), (d) => b.weekdays.includes(isoWeekday(d)) && available(b.volunteerId, d));
    const service = DEMO_SERVICES.find((s) => s.id === b.serviceId)!;
    const startAt = localToInstant(date, hm(b.time), tz);
    return {
      id: b.id,
      reference: ids.reference(),
      manageCode: ids.token(),
      serviceId: b.serviceId,
      mode: b.mode,
      volunteerId: b.volunteerId,
      startAt,
      endAt: startAt + service.durationMinutes * 60_000,
      localDate: date,
      localTime: b.time,
      status: b.status,
      channel: b.channel,
      language: b.language,
      personName: b.personName,
      nameKey: nameKey(b.personName),
      phone: b.phone,
      consentAt: now,
      videoRoom: b.mode === 'remote' ? newRoomName() : null,
      holdUntil: b.status === 'requested' ? Math.min(now + REQUEST_HOLD_HOURS * HOUR, startAt) : null,
      confirmedAt: b.status === 'confirmed' ? now : null,
      createdAt: now,
      updatedAt: now,
    };
  });
  items.push(db.insert(bookings).values(bookingRows));
  items.push(
    db.insert(bookingEvents).values(
      bookingRows.map((b) => ({
        bookingId: b.id,
        at: now,
        actorType: 'system' as const,
        type: 'created',
        toStatus: b.status,
        data: JSON.stringify({ seed: true }),
      })),
    ),
  );
  // The history, in chunks well inside SQLite's bound-parameter limit.
  const past = pastBookings(today, now, ids, openDay);
  for (let i = 0; i < past.rows.length; i += 100) items.push(db.insert(bookings).values(past.rows.slice(i, i + 100)));
  for (let i = 0; i < past.events.length; i += 200) {
    items.push(db.insert(bookingEvents).values(past.events.slice(i, i + 200)));
  }

  try {
    await db.batch(items as [BatchItem<'sqlite'>, ...BatchItem<'sqlite'>[]]);
  } catch (e) {
    if (isUniqueViolation(e)) return { seeded: false };
    throw e;
  }
  return { seeded: true };
}
