/**
 * The video link of a booking as the use cases need it: for texts written in the same batch as an insert
 * that lets the database choose the volunteer, one text per possible link, each guarded by the volunteers
 * that would give it (exactly one of them is written).
 */
import { inArray, sql, type SQL } from 'drizzle-orm';
import { bookings } from '../db/schema';
import { bookingVideoLink, type VideoLinkParts } from '../domain/video';

/** A link and the candidate volunteers a booking would have it with, with the guard narrowed to them. */
export interface LinkChoice {
  videoLink: string | null;
  guard: SQL;
}

/**
 * The candidates grouped by the link the new booking would have with each: one group (and `guard` as is)
 * for an in-person booking or when they all give the same link.
 */
export function linkChoices(
  candidates: readonly string[],
  booking: Pick<VideoLinkParts, 'mode' | 'room' | 'roomBase'>,
  volunteerLinks: ReadonlyMap<string, string | null>,
  guard: SQL,
): LinkChoice[] {
  const groups = new Map<string | null, string[]>();
  for (const id of candidates) {
    const link = bookingVideoLink({ ...booking, volunteerLink: volunteerLinks.get(id) ?? null });
    const list = groups.get(link);
    if (list) list.push(id);
    else groups.set(link, [id]);
  }
  if (groups.size <= 1) return [{ videoLink: groups.keys().next().value ?? null, guard }];
  return [...groups].map(([videoLink, ids]) => ({
    videoLink,
    guard: sql`(${guard}) AND ${inArray(bookings.volunteerId, ids)}`,
  }));
}

/** The parts of a booking's link that do not depend on the volunteer. */
export function videoParts(
  booking: { mode: VideoLinkParts['mode']; videoRoom?: string | null },
  loaded: { desk: { videoRoomBase: string } },
): Pick<VideoLinkParts, 'mode' | 'room' | 'roomBase'> {
  return { mode: booking.mode, room: booking.videoRoom ?? null, roomBase: loaded.desk.videoRoomBase };
}
