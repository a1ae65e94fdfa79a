import { formatMessage } from '../../../worker/src/i18n/message-format';
import { en } from './en';
import { it, type MessageKey } from './it';

export type { MessageKey };
export type Lang = 'it' | 'en';
export const LANGS: readonly Lang[] = ['it', 'en'];

const CATALOGS: Record<Lang, Record<MessageKey, string>> = { it, en };

/** The message `key` in `lang`, placeholders filled and plural choices made (message-format.ts). */
export function t(lang: Lang, key: MessageKey, params?: Record<string, string | number>): string {
  return formatMessage(lang, CATALOGS[lang][key], params);
}

/** True when `key` names a message (used for keys built from API values such as statuses and error codes). */
export function hasKey(key: string): key is MessageKey {
  return Object.prototype.hasOwnProperty.call(it, key);
}

/** 'en' for any English tag, otherwise Italian: the desk's first language. */
export function toLang(tag: string | null | undefined): Lang {
  return /^en\b/i.test(tag ?? '') ? 'en' : 'it';
}
