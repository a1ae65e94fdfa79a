CREATE TABLE `sms_alerts` (
	`id` integer PRIMARY KEY NOT NULL,
	`provider` text NOT NULL,
	`reason` text NOT NULL,
	`code` text NOT NULL,
	`message` text NOT NULL,
	`country` text,
	`since` integer NOT NULL,
	`waiting` integer DEFAULT 0 NOT NULL,
	`checked_at` integer NOT NULL,
	CONSTRAINT "sms_alerts_single" CHECK("sms_alerts"."id" = 1)
);
