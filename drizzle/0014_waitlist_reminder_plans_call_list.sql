CREATE TABLE `waitlist_entries` (
	`id` text PRIMARY KEY NOT NULL,
	`reference` text NOT NULL,
	`manage_code` text NOT NULL,
	`service_id` text NOT NULL,
	`mode` text NOT NULL,
	`from_date` text NOT NULL,
	`to_date` text NOT NULL,
	`status` text DEFAULT 'waiting' NOT NULL,
	`channel` text DEFAULT 'widget' NOT NULL,
	`language` text DEFAULT 'it' NOT NULL,
	`person_name` text,
	`phone` text,
	`consent_at` integer,
	`consent_version` text,
	`client_key` text,
	`booking_id` text,
	`created_by` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`ended_at` integer,
	`erased_at` integer,
	FOREIGN KEY (`service_id`) REFERENCES `services`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`booking_id`) REFERENCES `bookings`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "waitlist_entries_range" CHECK("waitlist_entries"."from_date" <= "waitlist_entries"."to_date")
);
--> statement-breakpoint
CREATE UNIQUE INDEX `waitlist_entries_reference_unique` ON `waitlist_entries` (`reference`);--> statement-breakpoint
CREATE UNIQUE INDEX `waitlist_entries_manage_code_unique` ON `waitlist_entries` (`manage_code`);--> statement-breakpoint
CREATE INDEX `waitlist_entries_match` ON `waitlist_entries` (`status`,`service_id`,`mode`,`created_at`);--> statement-breakpoint
CREATE INDEX `waitlist_entries_phone_status` ON `waitlist_entries` (`phone`,`status`);--> statement-breakpoint
CREATE TABLE `waitlist_offers` (
	`id` text PRIMARY KEY NOT NULL,
	`code` text NOT NULL,
	`entry_id` text NOT NULL,
	`service_id` text NOT NULL,
	`mode` text NOT NULL,
	`volunteer_id` text NOT NULL,
	`start_at` integer NOT NULL,
	`end_at` integer NOT NULL,
	`local_date` text NOT NULL,
	`local_time` text NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	`holds` integer DEFAULT true NOT NULL,
	`hold_until` integer NOT NULL,
	`source_booking_id` text,
	`freed_at` integer NOT NULL,
	`booking_id` text,
	`channel` text DEFAULT 'sms' NOT NULL,
	`created_by` text,
	`created_at` integer NOT NULL,
	`answered_at` integer,
	FOREIGN KEY (`entry_id`) REFERENCES `waitlist_entries`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`service_id`) REFERENCES `services`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`volunteer_id`) REFERENCES `volunteers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`source_booking_id`) REFERENCES `bookings`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`booking_id`) REFERENCES `bookings`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "waitlist_offers_time_order" CHECK("waitlist_offers"."start_at" < "waitlist_offers"."end_at")
);
--> statement-breakpoint
CREATE UNIQUE INDEX `waitlist_offers_code_unique` ON `waitlist_offers` (`code`);--> statement-breakpoint
CREATE UNIQUE INDEX `waitlist_offers_one_hold` ON `waitlist_offers` (`volunteer_id`,`start_at`) WHERE "waitlist_offers"."status" = 'open' and "waitlist_offers"."holds" = 1;--> statement-breakpoint
CREATE UNIQUE INDEX `waitlist_offers_one_open_per_entry` ON `waitlist_offers` (`entry_id`) WHERE "waitlist_offers"."status" = 'open';--> statement-breakpoint
CREATE INDEX `waitlist_offers_status_hold` ON `waitlist_offers` (`status`,`hold_until`);--> statement-breakpoint
CREATE INDEX `waitlist_offers_volunteer_start` ON `waitlist_offers` (`volunteer_id`,`start_at`);--> statement-breakpoint
CREATE INDEX `waitlist_offers_source` ON `waitlist_offers` (`source_booking_id`);--> statement-breakpoint
CREATE TABLE `__new_messages` (
	`id` text PRIMARY KEY NOT NULL,
	`booking_id` text,
	`offer_id` text,
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
	FOREIGN KEY (`offer_id`) REFERENCES `waitlist_offers`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "messages_subject" CHECK(("__new_messages"."booking_id" is null) <> ("__new_messages"."offer_id" is null)),
	CONSTRAINT "messages_attempts" CHECK("__new_messages"."attempts" >= 0)
);
--> statement-breakpoint
INSERT INTO `__new_messages`("id", "booking_id", "offer_id", "kind", "seq", "recipient", "language", "body", "status", "attempts", "not_before", "claimed_until", "provider", "provider_id", "error_code", "error", "created_at", "sent_at", "updated_at") SELECT "id", "booking_id", NULL, "kind", "seq", "recipient", "language", "body", "status", "attempts", "not_before", "claimed_until", "provider", "provider_id", "error_code", "error", "created_at", "sent_at", "updated_at" FROM `messages`;--> statement-breakpoint
-- The outbox is rebuilt so a text can belong to a waitlist offer instead of a booking (booking_id nullable).
DROP TABLE `messages`;--> statement-breakpoint
ALTER TABLE `__new_messages` RENAME TO `messages`;--> statement-breakpoint
CREATE UNIQUE INDEX `messages_booking_kind_seq` ON `messages` (`booking_id`,`kind`,`seq`);--> statement-breakpoint
CREATE UNIQUE INDEX `messages_offer` ON `messages` (`offer_id`);--> statement-breakpoint
CREATE INDEX `messages_due` ON `messages` (`status`,`not_before`);--> statement-breakpoint
CREATE INDEX `messages_provider_id` ON `messages` (`provider_id`);--> statement-breakpoint
CREATE INDEX `messages_recipient_sent` ON `messages` (`recipient`,`sent_at`);--> statement-breakpoint
CREATE INDEX `messages_sent_at` ON `messages` (`sent_at`);--> statement-breakpoint
-- desk_settings gains its columns in place (a rebuild would drop the availability_version triggers of 0013).
ALTER TABLE `desk_settings` ADD `waitlist_enabled` integer DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE `desk_settings` ADD `waitlist_hold_minutes` integer DEFAULT 120 NOT NULL CONSTRAINT "desk_settings_waitlist_hold" CHECK("waitlist_hold_minutes" between 5 and 1440);--> statement-breakpoint
ALTER TABLE `desk_settings` ADD `call_cutoff_minute` integer DEFAULT 720 NOT NULL CONSTRAINT "desk_settings_call_cutoff" CHECK("call_cutoff_minute" between 0 and 1439);--> statement-breakpoint
ALTER TABLE `desk_settings` ADD `morning_reminder_minute` integer DEFAULT 480 NOT NULL CONSTRAINT "desk_settings_morning_reminder" CHECK("morning_reminder_minute" between 0 and 1439);--> statement-breakpoint
ALTER TABLE `desk_settings` ADD `move_confirmation` text DEFAULT 'other_day' NOT NULL;--> statement-breakpoint
ALTER TABLE `bookings` ADD `reminder_plan` text DEFAULT 'standard' NOT NULL;--> statement-breakpoint
ALTER TABLE `bookings` ADD `call_outcome` text;--> statement-breakpoint
ALTER TABLE `bookings` ADD `call_outcome_at` integer;--> statement-breakpoint
ALTER TABLE `bookings` ADD `call_outcome_by` text;--> statement-breakpoint
-- An offer that holds a slot takes it out of the public availability, and frees it when it ends.
CREATE TRIGGER availability_version_waitlist_offers_insert
AFTER INSERT ON waitlist_offers
WHEN NEW.holds = 1
BEGIN
  UPDATE availability_version SET version = version + 1 WHERE id = 1;
END;
--> statement-breakpoint
CREATE TRIGGER availability_version_waitlist_offers_update
AFTER UPDATE OF status, hold_until ON waitlist_offers
WHEN NEW.holds = 1 AND (OLD.status IS NOT NEW.status OR OLD.hold_until IS NOT NEW.hold_until)
BEGIN
  UPDATE availability_version SET version = version + 1 WHERE id = 1;
END;
