CREATE INDEX `bookings_phone_tail` ON `bookings` (substr(`phone`, -6));--> statement-breakpoint
CREATE INDEX `bookings_name_key_pending` ON `bookings` (`id`) WHERE `name_key` is null and `person_name` is not null;
