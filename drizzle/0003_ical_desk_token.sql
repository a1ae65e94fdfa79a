ALTER TABLE `desk_settings` ADD `ical_desk_token_rotated_at` integer;--> statement-breakpoint
ALTER TABLE `desk_settings` ADD `ical_desk_token_hash` text;