CREATE TABLE `availability_version` (
	`id` integer PRIMARY KEY NOT NULL,
	`version` integer DEFAULT 0 NOT NULL,
	CONSTRAINT "availability_version_single_row" CHECK("availability_version"."id" = 1)
);
--> statement-breakpoint
-- The one row the counter lives in; the triggers below raise it inside the writing statement, so every
-- code path (the app, the admin CLI, a hand-run SQL fix) invalidates the public availability's ETag and cache.
INSERT INTO `availability_version` (`id`, `version`) VALUES (1, 0);
--> statement-breakpoint
CREATE TRIGGER availability_version_bookings_insert
AFTER INSERT ON bookings
BEGIN
  UPDATE availability_version SET version = version + 1 WHERE id = 1;
END;
--> statement-breakpoint
CREATE TRIGGER availability_version_bookings_update
AFTER UPDATE OF status, start_at, end_at, volunteer_id, mode, erased_at ON bookings
WHEN OLD.status IS NOT NEW.status OR OLD.start_at IS NOT NEW.start_at OR OLD.end_at IS NOT NEW.end_at
  OR OLD.volunteer_id IS NOT NEW.volunteer_id OR OLD.mode IS NOT NEW.mode OR OLD.erased_at IS NOT NEW.erased_at
BEGIN
  UPDATE availability_version SET version = version + 1 WHERE id = 1;
END;
--> statement-breakpoint
CREATE TRIGGER availability_version_bookings_delete
AFTER DELETE ON bookings
BEGIN
  UPDATE availability_version SET version = version + 1 WHERE id = 1;
END;
--> statement-breakpoint
CREATE TRIGGER availability_version_shifts_insert
AFTER INSERT ON shifts
BEGIN
  UPDATE availability_version SET version = version + 1 WHERE id = 1;
END;
--> statement-breakpoint
CREATE TRIGGER availability_version_shifts_update
AFTER UPDATE ON shifts
BEGIN
  UPDATE availability_version SET version = version + 1 WHERE id = 1;
END;
--> statement-breakpoint
CREATE TRIGGER availability_version_shifts_delete
AFTER DELETE ON shifts
BEGIN
  UPDATE availability_version SET version = version + 1 WHERE id = 1;
END;
--> statement-breakpoint
CREATE TRIGGER availability_version_closures_insert
AFTER INSERT ON closures
BEGIN
  UPDATE availability_version SET version = version + 1 WHERE id = 1;
END;
--> statement-breakpoint
CREATE TRIGGER availability_version_closures_update
AFTER UPDATE ON closures
BEGIN
  UPDATE availability_version SET version = version + 1 WHERE id = 1;
END;
--> statement-breakpoint
CREATE TRIGGER availability_version_closures_delete
AFTER DELETE ON closures
BEGIN
  UPDATE availability_version SET version = version + 1 WHERE id = 1;
END;
--> statement-breakpoint
CREATE TRIGGER availability_version_services_insert
AFTER INSERT ON services
BEGIN
  UPDATE availability_version SET version = version + 1 WHERE id = 1;
END;
--> statement-breakpoint
CREATE TRIGGER availability_version_services_update
AFTER UPDATE ON services
BEGIN
  UPDATE availability_version SET version = version + 1 WHERE id = 1;
END;
--> statement-breakpoint
CREATE TRIGGER availability_version_services_delete
AFTER DELETE ON services
BEGIN
  UPDATE availability_version SET version = version + 1 WHERE id = 1;
END;
--> statement-breakpoint
CREATE TRIGGER availability_version_desk_settings_insert
AFTER INSERT ON desk_settings
BEGIN
  UPDATE availability_version SET version = version + 1 WHERE id = 1;
END;
--> statement-breakpoint
CREATE TRIGGER availability_version_desk_settings_update
AFTER UPDATE ON desk_settings
BEGIN
  UPDATE availability_version SET version = version + 1 WHERE id = 1;
END;
--> statement-breakpoint
CREATE TRIGGER availability_version_desk_settings_delete
AFTER DELETE ON desk_settings
BEGIN
  UPDATE availability_version SET version = version + 1 WHERE id = 1;
END;
--> statement-breakpoint
CREATE TRIGGER availability_version_volunteers_insert
AFTER INSERT ON volunteers
BEGIN
  UPDATE availability_version SET version = version + 1 WHERE id = 1;
END;
--> statement-breakpoint
CREATE TRIGGER availability_version_volunteers_update
AFTER UPDATE OF active, video_link ON volunteers
WHEN OLD.active IS NOT NEW.active OR OLD.video_link IS NOT NEW.video_link
BEGIN
  UPDATE availability_version SET version = version + 1 WHERE id = 1;
END;
--> statement-breakpoint
CREATE TRIGGER availability_version_volunteers_delete
AFTER DELETE ON volunteers
BEGIN
  UPDATE availability_version SET version = version + 1 WHERE id = 1;
END;
