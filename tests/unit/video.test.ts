import { describe, expect, it } from 'vitest';
import {
  VIDEO_LINK_MAX,
  VIDEO_ROOM_BASE_MAX,
  bookingVideoLink,
  isVideoRoomBase,
  normalVideoRoomBase,
  takesVideoCalls,
  usableVideoLink,
} from '../../worker/src/domain/video';
import { newRoomName } from '../../worker/src/lib/ids';

const ROOM = 'abcdefghijklmnopqrstuvwxyz';
const OWN = 'https://meet.example.org/giulia';

describe('bookingVideoLink', () => {
  it('is the volunteer’s own link when usable, else the room on the desk’s server', () => {
    const remote = { mode: 'remote' as const, room: ROOM, roomBase: 'https://video.example.org' };
    expect(bookingVideoLink({ ...remote, volunteerLink: OWN })).toBe(OWN);
    expect(bookingVideoLink({ ...remote, volunteerLink: null })).toBe(`https://video.example.org/sportello-${ROOM}`);
    // A base with a path, and one stored with a trailing slash.
    expect(bookingVideoLink({ ...remote, roomBase: 'https://x.example.org/rooms/', volunteerLink: null })).toBe(
      `https://x.example.org/rooms/sportello-${ROOM}`,
    );
    // An own link that could not travel unchanged in an SMS falls back to the room.
    const tooLong = `https://meet.example.org/${'a'.repeat(VIDEO_LINK_MAX)}`;
    for (const bad of [tooLong, 'https://meet.example.org/stanza È', 'http://meet.example.org/x', ' '])
      expect(bookingVideoLink({ ...remote, volunteerLink: bad }), bad).toBe(
        `https://video.example.org/sportello-${ROOM}`,
      );
  });

  it('is null in person, and for a remote booking with neither a usable own link nor a room on a server', () => {
    expect(
      bookingVideoLink({ mode: 'in_person', volunteerLink: OWN, room: ROOM, roomBase: 'https://v.example.org' }),
    ).toBe(null);
    expect(bookingVideoLink({ mode: 'remote', volunteerLink: null, room: ROOM, roomBase: '' })).toBe(null);
    expect(
      bookingVideoLink({ mode: 'remote', volunteerLink: null, room: null, roomBase: 'https://v.example.org' }),
    ).toBe(null);
    expect(
      bookingVideoLink({ mode: 'remote', volunteerLink: null, room: ROOM, roomBase: 'http://v.example.org' }),
    ).toBe(null);
  });

  it('stays within VIDEO_LINK_MAX for the longest base the setting allows', () => {
    const base = `https://${'v'.repeat(VIDEO_ROOM_BASE_MAX - 'https://'.length - 4)}.org`;
    expect(isVideoRoomBase(base)).toBe(true);
    expect(isVideoRoomBase(`${base}x`)).toBe(false);
    const link = bookingVideoLink({ mode: 'remote', volunteerLink: null, room: newRoomName(), roomBase: base })!;
    expect(link).toHaveLength(VIDEO_LINK_MAX);
    expect(usableVideoLink(link)).toBe(link);
  });
});

describe('takesVideoCalls', () => {
  it('needs a usable own link or a desk video server', () => {
    expect(takesVideoCalls(OWN, '')).toBe(true);
    expect(takesVideoCalls(null, 'https://video.example.org')).toBe(true);
    expect(takesVideoCalls(null, '')).toBe(false);
    expect(takesVideoCalls('not a link', null)).toBe(false);
  });
});

describe('the desk video base', () => {
  it('is an https server with an optional path, no query, fragment or credentials', () => {
    for (const ok of ['https://meet.jit.si', 'https://video.example.org/rooms', 'https://v.example.org:8443'])
      expect(isVideoRoomBase(ok), ok).toBe(true);
    for (const bad of [
      'http://video.example.org',
      'https://video.example.org/?x=1',
      'https://video.example.org/#a',
      'https://u:p@video.example.org',
      'https://localhost',
      'https://video.example.org/a b',
      'video.example.org',
    ])
      expect(isVideoRoomBase(bad), bad).toBe(false);
    expect(normalVideoRoomBase(' https://video.example.org// ')).toBe('https://video.example.org');
  });
});

describe('newRoomName', () => {
  it('is 128 random bits in lower-case base32: URL-safe, and different every time', () => {
    const names = new Set(Array.from({ length: 200 }, () => newRoomName()));
    expect(names.size).toBe(200);
    for (const n of names) expect(n).toMatch(/^[a-z2-7]{26}$/);
    // Every symbol shows up: nothing is stuck (26 × 200 symbols over an alphabet of 32).
    expect(new Set([...names].join('')).size).toBe(32);
  });
});
