-- Calendar clients only take an updated event over the copy they hold when its SEQUENCE is higher, so
-- every change a calendar shows (status, time, volunteer, mode) must raise bookings.ical_sequence,
-- whichever code path writes it. A statement that already raised it itself (the reschedule does) is
-- left alone, so each change counts once. The inner UPDATE touches only ical_sequence: it fires none
-- of the BEFORE UPDATE OF status/start_at/... triggers, and recursive triggers are off in SQLite.
-- sqlite3_changes() ignores rows changed by triggers, so compare-and-swap writers still see 1 row.
CREATE TRIGGER bookings_ical_sequence_bump
AFTER UPDATE OF status, start_at, end_at, volunteer_id, mode ON bookings
WHEN NEW.ical_sequence = OLD.ical_sequence AND (
  OLD.status <> NEW.status OR
  OLD.start_at <> NEW.start_at OR
  OLD.end_at <> NEW.end_at OR
  OLD.volunteer_id <> NEW.volunteer_id OR
  OLD.mode <> NEW.mode
)
BEGIN
  UPDATE bookings SET ical_sequence = ical_sequence + 1 WHERE id = NEW.id;
END;
