-- Issue 15: the funders' report. Monthly counts kept by the database itself, so every path that writes a
-- booking (the app, the CLI, the seed, a hand-run fix) keeps them right, and erasure (which nulls personal
-- columns only) never moves a figure. One row per (month of the appointment, dimension, key, outcome):
--   dimension 'all' (key ''), 'service' (service id), 'mode', 'channel', 'language',
--   'person' ('new', 'returning', 'unknown': no number to tell), 'follow_up' ('yes', 'no');
--   outcome: the booking's status, with late cancellations apart as 'late_cancelled'.
-- The report reads only this table (worker/src/db/repo/reports.ts).
CREATE TABLE `report_counts` (
	`month` text NOT NULL,
	`dimension` text NOT NULL,
	`key` text NOT NULL,
	`outcome` text NOT NULL,
	`n` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`month`, `dimension`, `key`, `outcome`)
) WITHOUT ROWID;--> statement-breakpoint
-- What one booking adds to the counts: one row per dimension. The only place the keys are spelled out.
CREATE VIEW `report_contributions` AS
SELECT b.id AS booking_id,
  substr(b.local_date, 1, 7) AS month,
  d.dimension AS dimension,
  CASE d.dimension
    WHEN 'all' THEN ''
    WHEN 'service' THEN b.service_id
    WHEN 'mode' THEN b.mode
    WHEN 'channel' THEN b.channel
    WHEN 'language' THEN b.language
    WHEN 'person' THEN CASE b.returning_person WHEN 1 THEN 'returning' WHEN 0 THEN 'new' ELSE 'unknown' END
    ELSE CASE WHEN b.follow_up_of IS NULL THEN 'no' ELSE 'yes' END
  END AS key,
  CASE WHEN b.status = 'cancelled' AND b.late_cancellation = 1 THEN 'late_cancelled' ELSE b.status END AS outcome
FROM bookings AS b
CROSS JOIN (SELECT 'all' AS dimension UNION ALL SELECT 'service' UNION ALL SELECT 'mode' UNION ALL SELECT 'channel'
  UNION ALL SELECT 'language' UNION ALL SELECT 'person' UNION ALL SELECT 'follow_up') AS d;--> statement-breakpoint
-- Whether the person had booked before, for rows made before this migration: an earlier booking with the
-- same number that was not refused or lapsed. Erased rows have no number left: they stay unknown (null).
UPDATE `bookings` SET `returning_person` = EXISTS (
  SELECT 1 FROM `bookings` AS p
  WHERE p.phone = `bookings`.phone AND p.status NOT IN ('rejected', 'expired')
    AND (p.created_at < `bookings`.created_at OR (p.created_at = `bookings`.created_at AND p.id < `bookings`.id))
)
WHERE `returning_person` IS NULL AND `phone` IS NOT NULL;--> statement-breakpoint
-- Backfill: the counts of every booking already there, before the triggers exist.
INSERT INTO `report_counts` (`month`, `dimension`, `key`, `outcome`, `n`)
SELECT month, dimension, key, outcome, count(*) FROM report_contributions GROUP BY month, dimension, key, outcome;--> statement-breakpoint
-- A new booking: first, once and for good, whether the same number booked before (a booking made earlier:
-- one written with an older date, as the seed writes history, sees only its past); then its row per
-- dimension, read back with that answer. returning_person is no column the update triggers watch: it is
-- never recomputed, and writing it here moves no count.
CREATE TRIGGER report_counts_bookings_insert
AFTER INSERT ON bookings
BEGIN
  UPDATE bookings SET returning_person = EXISTS (
    SELECT 1 FROM bookings AS p
    WHERE p.phone = NEW.phone AND p.status NOT IN ('rejected', 'expired')
      AND (p.created_at < NEW.created_at OR (p.created_at = NEW.created_at AND p.id < NEW.id))
  )
  WHERE id = NEW.id AND NEW.returning_person IS NULL AND NEW.phone IS NOT NULL;
  INSERT INTO report_counts (month, dimension, key, outcome, n)
  SELECT month, dimension, key, outcome, 1 FROM report_contributions WHERE booking_id = NEW.id
  ON CONFLICT (month, dimension, key, outcome) DO UPDATE SET n = n + 1;
END;--> statement-breakpoint
-- An update of a column that decides a figure: the old row's contribution goes (read before the change)…
-- (An update that sets the same value takes one away and puts it back: no condition needed.)
CREATE TRIGGER report_counts_bookings_update_old
BEFORE UPDATE OF status, local_date, service_id, mode, channel, language, late_cancellation, follow_up_of ON bookings
BEGIN
  UPDATE report_counts SET n = n - 1
  WHERE (month, dimension, key, outcome) IN (
    SELECT month, dimension, key, outcome FROM report_contributions WHERE booking_id = OLD.id
  );
END;--> statement-breakpoint
-- …and the new one comes (read after it). A failed statement rolls both back with the change itself.
CREATE TRIGGER report_counts_bookings_update_new
AFTER UPDATE OF status, local_date, service_id, mode, channel, language, late_cancellation, follow_up_of ON bookings
BEGIN
  INSERT INTO report_counts (month, dimension, key, outcome, n)
  SELECT month, dimension, key, outcome, 1 FROM report_contributions WHERE booking_id = NEW.id
  ON CONFLICT (month, dimension, key, outcome) DO UPDATE SET n = n + 1;
END;--> statement-breakpoint
-- Bookings are never deleted by the app; a hand-run delete still takes its counts with it.
CREATE TRIGGER report_counts_bookings_delete
BEFORE DELETE ON bookings
BEGIN
  UPDATE report_counts SET n = n - 1
  WHERE (month, dimension, key, outcome) IN (
    SELECT month, dimension, key, outcome FROM report_contributions WHERE booking_id = OLD.id
  );
END;
