-- Issue 15: paths, walk-ins, reserved capacity and needs that change the appointment.
-- A follow-up names the attended booking it continues; the bookings of one series share series_id.
ALTER TABLE `bookings` ADD `follow_up_of` text REFERENCES bookings(id);--> statement-breakpoint
ALTER TABLE `bookings` ADD `series_id` text;--> statement-breakpoint
-- Check-in: when the person arrived at the desk, and when their meeting began (waiting time = the difference).
ALTER TABLE `bookings` ADD `checked_in_at` integer;--> statement-breakpoint
ALTER TABLE `bookings` ADD `started_at` integer;--> statement-breakpoint
-- A longer appointment (the service's duration doubled) asked for by the person or set by staff.
ALTER TABLE `bookings` ADD `long_appointment` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
-- The language an interpreter should speak, asked for with the accessibility consent; erased with the needs.
ALTER TABLE `bookings` ADD `interpreter_language` text;--> statement-breakpoint
-- Whether the person had booked before (decided once, when the booking is made; kept for the figures after erasure).
ALTER TABLE `bookings` ADD `returning_person` integer;--> statement-breakpoint
CREATE INDEX `bookings_follow_up_of` ON `bookings` (`follow_up_of`) WHERE `follow_up_of` IS NOT NULL;--> statement-breakpoint
CREATE INDEX `bookings_series` ON `bookings` (`series_id`) WHERE `series_id` IS NOT NULL;--> statement-breakpoint
-- A path of services: the one usually booked after this one (orientation -> CV -> job search -> interview practice).
ALTER TABLE `services` ADD `next_service_id` text REFERENCES services(id);--> statement-breakpoint
-- Capacity kept for phone callers and walk-ins: this share of each day's slots stays out of the widget until
-- reserved_release_hours before their start. Reception sees and books them at any time.
ALTER TABLE `desk_settings` ADD `reserved_share_percent` integer DEFAULT 0 NOT NULL CHECK (`reserved_share_percent` BETWEEN 0 AND 90);--> statement-breakpoint
ALTER TABLE `desk_settings` ADD `reserved_release_hours` integer DEFAULT 24 NOT NULL CHECK (`reserved_release_hours` BETWEEN 0 AND 720);
