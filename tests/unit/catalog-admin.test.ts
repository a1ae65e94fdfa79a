import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it as test } from 'vitest';
import { en } from '../../admin/src/i18n/en';
import { hasKey, t, type MessageKey } from '../../admin/src/i18n';
import { it } from '../../admin/src/i18n/it';
import {
  ACTOR_TYPES,
  BOOKING_EVENT_TYPES,
  BOOKING_STATUSES,
  CHANNELS,
  LANGUAGES,
  MESSAGE_KINDS,
  MESSAGE_STATUSES,
  MODES,
  ROLES,
} from '../../worker/src/domain/vocabulary';
import { describePlurals } from '../fixtures/plural-check';

// The portal's catalogs: numbers agree with their words, and nothing the server stores as a code (an
// event, a status, a message kind, an SMS error) reaches the Italian screen raw or in English.

const WORKER_SRC = fileURLToPath(new URL('../../worker/src/', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

/** Splits a SQL select list at its top-level commas (not inside parentheses or `${…}`). */
function selectItems(list: string): string[] {
  const items: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < list.length; i++) {
    const ch = list[i];
    if (ch === '(' || ch === '{') depth++;
    else if (ch === ')' || ch === '}') depth--;
    else if (ch === ',' && depth === 0) {
      items.push(list.slice(start, i));
      start = i + 1;
    }
  }
  return [...items, list.slice(start)];
}

/**
 * The event types the Worker's code writes, read from the writers themselves: the `type` column of every
 * INSERT INTO booking_events … SELECT, the staff actions' type argument, and drizzle inserts into bookingEvents.
 */
function eventTypesWritten(): Map<string, string> {
  const found = new Map<string, string>(); // type -> file
  for (const file of sources(WORKER_SRC)) {
    const text = readFileSync(file, 'utf8');
    const where = file.slice(WORKER_SRC.length);
    for (const m of text.matchAll(/insert into booking_events\s*\(([^)]*)\)\s*select\s+([\s\S]*?)\sfrom\s/gi)) {
      const columns = m[1]!.split(',').map((c) => c.trim().toLowerCase());
      const expr = selectItems(m[2]!)[columns.indexOf('type')] ?? '';
      // CASE x WHEN 'sent' THEN 'message_sent' …: the values after WHEN are the input, not the type.
      for (const lit of expr.replace(/\bwhen\s+'\w+'/gi, '').matchAll(/'(\w+)'/g)) found.set(lit[1]!, where);
    }
    for (const m of text.matchAll(/staffEvent\(\s*\w+,\s*\w+,\s*\w+,\s*'(\w+)'/g)) found.set(m[1]!, where);
    if (text.includes('insert(bookingEvents)')) {
      for (const m of text.matchAll(/\btype: (?:sql<[^>]*>`)?'(\w+)'/g)) found.set(m[1]!, where);
    }
  }
  return found;
}

/** The SMS error codes the Worker stores (messages.error_code), from the outbox and the providers' code. */
function smsErrorCodesWritten(): Set<string> {
  const found = new Set<string>();
  for (const file of sources(join(WORKER_SRC, 'outbox')).concat(sources(join(WORKER_SRC, 'sms')))) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/\b(?:errorCode|error_code|code)(?::| =) '(\w+)'/g)) found.add(m[1]!);
    // HELD_REASONS and Twilio's known codes: keys of objects mapping a code to our words.
    for (const m of text.matchAll(/^\s+'?(\w+)'?: '[^']*',$/gm)) {
      if (/HELD_REASONS|TWILIO_DESCRIPTIONS/.test(text.slice(0, m.index))) found.add(m[1]!);
    }
  }
  return found;
}

describePlurals('admin', { it, en }, (lang, key, params) => t(lang, key as MessageKey, params));

describe('admin catalog counts', () => {
  test('says "1 appuntamento" and "2 appuntamenti", "1 richiesta" and "5 richieste"', () => {
    const counts = (lang: 'it' | 'en', key: MessageKey) => [0, 1, 2, 5].map((n) => t(lang, key, { n }));
    expect(counts('it', 'agenda.count')).toEqual([
      '0 appuntamenti nel periodo.',
      '1 appuntamento nel periodo.',
      '2 appuntamenti nel periodo.',
      '5 appuntamenti nel periodo.',
    ]);
    expect(counts('en', 'agenda.count')).toEqual([
      '0 appointments in this period.',
      '1 appointment in this period.',
      '2 appointments in this period.',
      '5 appointments in this period.',
    ]);
    expect(counts('it', 'dashboard.pending')).toEqual([
      '0 richieste in attesa di risposta',
      '1 richiesta in attesa di risposta',
      '2 richieste in attesa di risposta',
      '5 richieste in attesa di risposta',
    ]);
    expect(t('it', 'closures.affected', { n: 1 })).toContain('c’è 1 appuntamento già preso. Spostalo');
    expect(t('it', 'people.erased', { bookings: 1, messages: 2, cancelled: 1 })).toBe(
      'Dati cancellati: 1 appuntamento, 2 SMS; 1 appuntamento annullato.',
    );
    expect(t('en', 'messages.attempts', { n: 2 })).toBe('2 attempts');
  });
});

describe('the Italian portal names every code the server sends', () => {
  const labelled = (prefix: string, values: readonly string[]) =>
    values.filter((v) => !hasKey(`${prefix}${v}`) || !(`${prefix}${v}` in en));

  test('every event type the Worker writes is in the vocabulary', () => {
    const written = eventTypesWritten();
    // The scan finds the writers (staff actions, expiry, SMS outcomes, data requests, the manage link…).
    expect(written.size).toBeGreaterThanOrEqual(10);
    for (const type of ['message_sent', 'message_failed', 'accessibility_erased', 'expired', 'created', 'note']) {
      expect(written.has(type), type).toBe(true);
    }
    const unknown = [...written].filter(([type]) => !(BOOKING_EVENT_TYPES as readonly string[]).includes(type));
    expect(unknown).toEqual([]);
  });

  test('events, statuses, kinds, modes, channels, languages, roles and actors have Italian and English labels', () => {
    expect(labelled('event.', BOOKING_EVENT_TYPES)).toEqual([]);
    expect(labelled('status.', BOOKING_STATUSES)).toEqual([]);
    expect(labelled('message.kind.', MESSAGE_KINDS)).toEqual([]);
    expect(labelled('message.status.', MESSAGE_STATUSES)).toEqual([]);
    expect(labelled('mode.', MODES)).toEqual([]);
    expect(labelled('channel.', CHANNELS)).toEqual([]);
    expect(labelled('language.', LANGUAGES)).toEqual([]);
    // "parla: arabo" beside a booking whose person does not speak Italian.
    expect(
      labelled(
        'speaks.',
        LANGUAGES.filter((l) => l !== 'it'),
      ),
    ).toEqual([]);
    expect(labelled('role.', ROLES)).toEqual([]);
    expect(labelled('actor.', ACTOR_TYPES)).toEqual([]);
    // An Italian label is Italian: not the code itself, not the English words.
    for (const [prefix, values] of [
      ['event.', BOOKING_EVENT_TYPES],
      ['status.', BOOKING_STATUSES],
      ['message.kind.', MESSAGE_KINDS],
      ['message.status.', MESSAGE_STATUSES],
    ] as const) {
      for (const v of values) {
        const key = `${prefix}${v}` as MessageKey;
        expect(it[key], key).not.toBe(v);
        expect(it[key], key).not.toBe(en[key]);
      }
    }
  });

  test('every SMS error code the Worker stores has words in the portal', () => {
    const codes = smsErrorCodesWritten();
    expect(codes).toContain('recipient_cap');
    expect(codes).toContain('21614');
    expect([...codes].filter((c) => !hasKey(`message.error.${c}`))).toEqual([]);
    // A provider's code we have no words for still reads as Italian, with the code for whoever debugs it.
    expect(t('it', 'message.error.other', { code: '30008' })).toBe(
      'Il fornitore SMS ha risposto con un errore (codice 30008).',
    );
  });
});
