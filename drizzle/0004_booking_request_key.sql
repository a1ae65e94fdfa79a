ALTER TABLE `bookings` ADD `request_key` text;--> statement-breakpoint
CREATE UNIQUE INDEX `bookings_request_key_unique` ON `bookings` (`request_key`);