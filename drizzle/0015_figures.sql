-- How often the person moved the booking themselves: the move's compare-and-swap caps it.
ALTER TABLE `bookings` ADD `person_moves` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
-- A person's own move may send a confirmed booking back to reception as a request (desk_settings.move_confirmation).
-- The transition trigger allows confirmed -> requested only together with a new start: nothing else un-confirms.
DROP TRIGGER IF EXISTS bookings_status_transition;--> statement-breakpoint
CREATE TRIGGER bookings_status_transition
BEFORE UPDATE OF status ON bookings
WHEN OLD.status <> NEW.status AND NOT (
  (OLD.status = 'requested' AND NEW.status IN ('confirmed', 'rejected', 'expired', 'cancelled')) OR
  (OLD.status = 'confirmed' AND NEW.status IN ('cancelled', 'attended', 'no_show')) OR
  (OLD.status = 'confirmed' AND NEW.status = 'requested' AND NEW.start_at <> OLD.start_at) OR
  (OLD.status IN ('attended', 'no_show') AND NEW.status IN ('attended', 'no_show'))
)
BEGIN
  SELECT RAISE(ABORT, 'invalid_transition');
END;
