import { createClient } from '@libsql/client';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';

const MIGRATION = readFileSync(new URL('../../drizzle/0011_video_rooms.sql', import.meta.url), 'utf8');

describe('migration 0011: rooms for remote bookings written before rooms existed', () => {
  const client = createClient({ url: ':memory:' });
  afterEach(() => client.close());

  it('gives each remote booking without a room its own room name, and leaves the rest alone', async () => {
    await client.execute('CREATE TABLE bookings (id text PRIMARY KEY, mode text NOT NULL, video_room text)');
    for (let i = 0; i < 50; i++)
      await client.execute({ sql: "INSERT INTO bookings VALUES (?, 'remote', NULL)", args: [`r${i}`] });
    await client.execute("INSERT INTO bookings VALUES ('p', 'in_person', NULL), ('kept', 'remote', 'abc')");
    await client.execute(MIGRATION);
    const rows = (await client.execute('SELECT id, video_room AS room FROM bookings')).rows;
    const rooms = rows.filter((r) => String(r.id).startsWith('r')).map((r) => String(r.room));
    for (const room of rooms) expect(room).toMatch(/^[a-z2-7]{26}$/);
    expect(new Set(rooms).size).toBe(50);
    expect(rows.find((r) => r.id === 'p')?.room).toBeNull();
    expect(rows.find((r) => r.id === 'kept')?.room).toBe('abc');
  });
});
