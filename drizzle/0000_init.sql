CREATE TABLE `desk_settings` (
	`id` integer PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`address` text NOT NULL,
	`city` text DEFAULT '' NOT NULL,
	`time_zone` text DEFAULT 'Europe/Rome' NOT NULL,
	`phone` text DEFAULT '' NOT NULL,
	`email` text DEFAULT '' NOT NULL,
	`privacy_url` text DEFAULT '' NOT NULL,
	`languages` text DEFAULT 'it,en' NOT NULL,
	`min_notice_minutes` integer DEFAULT 1440 NOT NULL,
	`horizon_days` integer DEFAULT 42 NOT NULL,
	`request_hold_hours` integer DEFAULT 48 NOT NULL,
	`slot_grid_minutes` integer,
	`cancellation_notice_hours` integer DEFAULT 24 NOT NULL,
	`max_open_requests_per_phone` integer DEFAULT 2 NOT NULL,
	`requests_per_ip_per_hour` integer DEFAULT 10 NOT NULL,
	`reminder_hour` integer DEFAULT 18 NOT NULL,
	`quiet_start_minute` integer DEFAULT 1260 NOT NULL,
	`quiet_end_minute` integer DEFAULT 480 NOT NULL,
	`sms_enabled` integer DEFAULT true NOT NULL,
	`sms_monthly_budget` integer,
	`sms_on_expiry` integer DEFAULT true NOT NULL,
	`retention_months` integer DEFAULT 12 NOT NULL,
	`accessibility_retention_days` integer DEFAULT 30 NOT NULL,
	`ical_include_phone` integer DEFAULT false NOT NULL,
	`updated_at` integer NOT NULL,
	CONSTRAINT "desk_settings_single_row" CHECK("desk_settings"."id" = 1),
	CONSTRAINT "desk_settings_notice" CHECK("desk_settings"."min_notice_minutes" >= 0),
	CONSTRAINT "desk_settings_horizon" CHECK("desk_settings"."horizon_days" between 1 and 366),
	CONSTRAINT "desk_settings_reminder_hour" CHECK("desk_settings"."reminder_hour" between 0 and 23)
);
--> statement-breakpoint
CREATE TABLE `services` (
	`id` text PRIMARY KEY NOT NULL,
	`name_it` text NOT NULL,
	`name_en` text NOT NULL,
	`description_it` text DEFAULT '' NOT NULL,
	`description_en` text DEFAULT '' NOT NULL,
	`duration_minutes` integer NOT NULL,
	`allows_in_person` integer DEFAULT true NOT NULL,
	`allows_remote` integer DEFAULT true NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`sort_order` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL,
	CONSTRAINT "services_duration" CHECK("services"."duration_minutes" between 5 and 480),
	CONSTRAINT "services_some_mode" CHECK("services"."allows_in_person" = 1 or "services"."allows_remote" = 1)
);
--> statement-breakpoint
CREATE TABLE `closures` (
	`id` text PRIMARY KEY NOT NULL,
	`volunteer_id` text,
	`date_from` text NOT NULL,
	`date_to` text NOT NULL,
	`reason` text DEFAULT '' NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`volunteer_id`) REFERENCES `volunteers`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "closures_range_order" CHECK("closures"."date_from" <= "closures"."date_to")
);
--> statement-breakpoint
CREATE INDEX `closures_range` ON `closures` (`date_to`,`date_from`);--> statement-breakpoint
CREATE TABLE `shifts` (
	`id` text PRIMARY KEY NOT NULL,
	`volunteer_id` text NOT NULL,
	`weekday` integer NOT NULL,
	`start_minute` integer NOT NULL,
	`end_minute` integer NOT NULL,
	`allows_in_person` integer DEFAULT true NOT NULL,
	`allows_remote` integer DEFAULT true NOT NULL,
	`valid_from` text,
	`valid_to` text,
	FOREIGN KEY (`volunteer_id`) REFERENCES `volunteers`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "shifts_weekday" CHECK("shifts"."weekday" between 1 and 7),
	CONSTRAINT "shifts_range" CHECK("shifts"."start_minute" >= 0 and "shifts"."end_minute" <= 1440 and "shifts"."start_minute" < "shifts"."end_minute"),
	CONSTRAINT "shifts_some_mode" CHECK("shifts"."allows_in_person" = 1 or "shifts"."allows_remote" = 1)
);
--> statement-breakpoint
CREATE INDEX `shifts_volunteer` ON `shifts` (`volunteer_id`);--> statement-breakpoint
CREATE TABLE `volunteers` (
	`id` text PRIMARY KEY NOT NULL,
	`display_name` text NOT NULL,
	`phone` text,
	`email` text,
	`video_link` text,
	`ical_token_hash` text,
	`ical_token_rotated_at` integer,
	`active` integer DEFAULT true NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `volunteers_ical_token_hash_unique` ON `volunteers` (`ical_token_hash`);--> statement-breakpoint
CREATE TABLE `booking_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`booking_id` text NOT NULL,
	`at` integer NOT NULL,
	`actor_type` text NOT NULL,
	`actor_id` text,
	`type` text NOT NULL,
	`from_status` text,
	`to_status` text,
	`data` text,
	FOREIGN KEY (`booking_id`) REFERENCES `bookings`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `booking_events_booking` ON `booking_events` (`booking_id`,`at`);--> statement-breakpoint
CREATE TABLE `bookings` (
	`id` text PRIMARY KEY NOT NULL,
	`reference` text NOT NULL,
	`manage_code` text NOT NULL,
	`ical_sequence` integer DEFAULT 0 NOT NULL,
	`service_id` text NOT NULL,
	`mode` text NOT NULL,
	`volunteer_id` text NOT NULL,
	`start_at` integer NOT NULL,
	`end_at` integer NOT NULL,
	`local_date` text NOT NULL,
	`local_time` text NOT NULL,
	`status` text NOT NULL,
	`channel` text NOT NULL,
	`language` text DEFAULT 'it' NOT NULL,
	`person_name` text,
	`phone` text,
	`email` text,
	`note` text,
	`accessibility_needs` text,
	`accessibility_consent_at` integer,
	`consent_at` integer,
	`consent_version` text,
	`hold_until` integer,
	`confirmed_at` integer,
	`cancelled_at` integer,
	`cancelled_by` text,
	`cancel_reason` text,
	`late_cancellation` integer DEFAULT false NOT NULL,
	`reject_reason` text,
	`attendance_confirmed_at` integer,
	`outcome_at` integer,
	`staff_note` text,
	`created_by` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`erased_at` integer,
	FOREIGN KEY (`service_id`) REFERENCES `services`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`volunteer_id`) REFERENCES `volunteers`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "bookings_time_order" CHECK("bookings"."start_at" < "bookings"."end_at"),
	CONSTRAINT "bookings_accessibility_consent" CHECK("bookings"."accessibility_needs" is null or "bookings"."accessibility_consent_at" is not null)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `bookings_reference_unique` ON `bookings` (`reference`);--> statement-breakpoint
CREATE UNIQUE INDEX `bookings_manage_code_unique` ON `bookings` (`manage_code`);--> statement-breakpoint
CREATE INDEX `bookings_volunteer_start` ON `bookings` (`volunteer_id`,`start_at`);--> statement-breakpoint
CREATE INDEX `bookings_start` ON `bookings` (`start_at`);--> statement-breakpoint
CREATE INDEX `bookings_local_date_status` ON `bookings` (`local_date`,`status`);--> statement-breakpoint
CREATE INDEX `bookings_status_hold` ON `bookings` (`status`,`hold_until`);--> statement-breakpoint
CREATE INDEX `bookings_phone_status` ON `bookings` (`phone`,`status`);--> statement-breakpoint
CREATE TABLE `sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`last_seen_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `staff_users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `sessions_user` ON `sessions` (`user_id`);--> statement-breakpoint
CREATE INDEX `sessions_expires` ON `sessions` (`expires_at`);--> statement-breakpoint
CREATE TABLE `staff_users` (
	`id` text PRIMARY KEY NOT NULL,
	`email` text NOT NULL,
	`name` text NOT NULL,
	`role` text NOT NULL,
	`password_hash` text NOT NULL,
	`password_changed_at` integer NOT NULL,
	`volunteer_id` text,
	`language` text DEFAULT 'it' NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`volunteer_id`) REFERENCES `volunteers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `staff_users_email_unique` ON `staff_users` (`email`);--> statement-breakpoint
CREATE UNIQUE INDEX `staff_users_volunteer_id_unique` ON `staff_users` (`volunteer_id`);--> statement-breakpoint
CREATE TABLE `messages` (
	`id` text PRIMARY KEY NOT NULL,
	`booking_id` text NOT NULL,
	`kind` text NOT NULL,
	`seq` integer DEFAULT 0 NOT NULL,
	`recipient` text,
	`language` text DEFAULT 'it' NOT NULL,
	`body` text,
	`status` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`not_before` integer NOT NULL,
	`claimed_until` integer,
	`provider` text,
	`provider_id` text,
	`error_code` text,
	`error` text,
	`created_at` integer NOT NULL,
	`sent_at` integer,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`booking_id`) REFERENCES `bookings`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "messages_attempts" CHECK("messages"."attempts" >= 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `messages_booking_kind_seq` ON `messages` (`booking_id`,`kind`,`seq`);--> statement-breakpoint
CREATE INDEX `messages_due` ON `messages` (`status`,`not_before`);--> statement-breakpoint
CREATE INDEX `messages_provider_id` ON `messages` (`provider_id`);--> statement-breakpoint
CREATE TABLE `rate_limits` (
	`key` text NOT NULL,
	`window_start` integer NOT NULL,
	`count` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`key`, `window_start`)
);
