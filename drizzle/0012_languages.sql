ALTER TABLE `services` ADD `translations` text DEFAULT '{}' NOT NULL;--> statement-breakpoint
-- A desk that still offers the first round's two languages now offers all seven: the widget's switch lists them.
UPDATE `desk_settings` SET `languages` = 'it,en,ar,es,fr,uk,ro' WHERE `languages` = 'it,en';
