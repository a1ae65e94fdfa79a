-- Remote bookings written before rooms existed get one now, in the form newRoomName() writes (26 lower-case
-- base32 characters, 130 random bits from SQLite's randomness), so every active remote booking has a link
-- when its volunteer has none of their own and the desk sets a video base. The subquery names the row so it
-- runs once per booking, not once for all.
UPDATE `bookings` SET `video_room` = (
  WITH RECURSIVE room(i, s) AS (
    SELECT 0, substr(`bookings`.`id`, 1, 0)
    UNION ALL
    SELECT i + 1, s || substr('abcdefghijklmnopqrstuvwxyz234567', (random() & 31) + 1, 1) FROM room WHERE i < 26
  )
  SELECT s FROM room WHERE i = 26
)
WHERE `mode` = 'remote' AND `video_room` IS NULL;
