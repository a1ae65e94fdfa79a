-- No volunteer ever has two active (requested/confirmed) bookings that overlap, whatever the
-- concurrency and whichever code path writes: SQLite runs triggers inside the writing statement,
-- and writes are serialised, so this is the final arbiter. The error text is matched by the app.
CREATE TRIGGER bookings_no_overlap_insert
BEFORE INSERT ON bookings
WHEN NEW.status IN ('requested', 'confirmed')
BEGIN
  SELECT RAISE(ABORT, 'booking_overlap')
  WHERE EXISTS (
    SELECT 1 FROM bookings b
    WHERE b.volunteer_id = NEW.volunteer_id
      AND b.status IN ('requested', 'confirmed')
      AND b.start_at < NEW.end_at
      AND b.end_at > NEW.start_at
  );
END;
--> statement-breakpoint
CREATE TRIGGER bookings_no_overlap_update
BEFORE UPDATE OF status, volunteer_id, start_at, end_at ON bookings
WHEN NEW.status IN ('requested', 'confirmed')
BEGIN
  SELECT RAISE(ABORT, 'booking_overlap')
  WHERE EXISTS (
    SELECT 1 FROM bookings b
    WHERE b.id <> NEW.id
      AND b.volunteer_id = NEW.volunteer_id
      AND b.status IN ('requested', 'confirmed')
      AND b.start_at < NEW.end_at
      AND b.end_at > NEW.start_at
  );
END;
--> statement-breakpoint
-- Statuses only move forward along the lifecycle; a bug elsewhere cannot resurrect a closed booking.
CREATE TRIGGER bookings_status_transition
BEFORE UPDATE OF status ON bookings
WHEN OLD.status <> NEW.status AND NOT (
  (OLD.status = 'requested' AND NEW.status IN ('confirmed', 'rejected', 'expired', 'cancelled')) OR
  (OLD.status = 'confirmed' AND NEW.status IN ('cancelled', 'attended', 'no_show')) OR
  (OLD.status IN ('attended', 'no_show') AND NEW.status IN ('attended', 'no_show'))
)
BEGIN
  SELECT RAISE(ABORT, 'invalid_transition');
END;
