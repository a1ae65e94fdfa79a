ALTER TABLE `desk_settings` ADD `request_sms` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `desk_settings` ADD `sms_per_number_daily` integer DEFAULT 3 NOT NULL;--> statement-breakpoint
ALTER TABLE `desk_settings` ADD `sms_per_number_daily_total` integer DEFAULT 8 NOT NULL;--> statement-breakpoint
ALTER TABLE `desk_settings` ADD `sms_per_desk_hourly` integer DEFAULT 60 NOT NULL;--> statement-breakpoint
ALTER TABLE `desk_settings` ADD `sms_countries` text DEFAULT 'IT,AT,BE,BG,CY,CZ,DE,DK,EE,ES,FI,FR,GR,HR,HU,IE,LT,LU,LV,MT,NL,PL,PT,RO,SE,SI,SK,IS,LI,NO,CH,GB,UA,AL,MD' NOT NULL;--> statement-breakpoint
ALTER TABLE `desk_settings` DROP COLUMN `sms_on_expiry`;--> statement-breakpoint
CREATE INDEX `messages_recipient_sent` ON `messages` (`recipient`,`sent_at`);--> statement-breakpoint
CREATE INDEX `messages_sent_at` ON `messages` (`sent_at`);--> statement-breakpoint
-- Hand-written: the monthly budget is never unlimited any more; desks that had none get the default.
UPDATE `desk_settings` SET `sms_monthly_budget` = 500 WHERE `sms_monthly_budget` IS NULL;