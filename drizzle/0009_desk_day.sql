ALTER TABLE `desk_settings` ADD `booking_page_url` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `desk_settings` ADD `video_room_base` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `bookings` ADD `phone_kind` text DEFAULT 'mobile' NOT NULL;--> statement-breakpoint
ALTER TABLE `bookings` ADD `name_key` text;--> statement-breakpoint
ALTER TABLE `bookings` ADD `video_room` text;