import { formatMessage } from '../../../worker/src/i18n/message-format';
import type { Language } from '../../../worker/src/domain/vocabulary';
import { en } from './en';
import { it, type MessageKey } from './it';

export type { MessageKey };
/** The languages the widget speaks: the server's own list. */
export type Lang = Language;

// Issue 13 in progress: the five new catalogs load on demand once they land; until then English stands in.
const CATALOGS: Partial<Record<Lang, Record<MessageKey, string>>> = { it, en };

/** The message `key` in `lang`, placeholders filled and plural choices made (message-format.ts). */
export function t(lang: Lang, key: MessageKey, params?: Record<string, string | number>): string {
  return formatMessage(lang, (CATALOGS[lang] ?? en)[key], params);
}

/** 'en' for any English tag (en, en-GB…), otherwise Italian: the desk's first language. */
export function toLang(tag: string | null | undefined): Lang {
  return /^en\b/i.test(tag ?? '') ? 'en' : 'it';
}
