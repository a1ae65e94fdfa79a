import type { BaseIssue } from 'valibot';
import type { FieldErrors } from '../errors';
import { t, type Lang, type MessageKey } from '../i18n';
import { it as italian } from '../i18n/it';

/**
 * Schema messages in this folder are i18n keys, optionally with a numeric parameter after a colon
 * ('field.too_long:500'), so the schemas stay language-free and one function translates them.
 */
export function msg(key: MessageKey, max?: number): string {
  return max === undefined ? key : `${key}:${max}`;
}

/** A message for a required field: "required" when the value is missing, `key` when it is there but wrong. */
export function required(key: MessageKey) {
  return (issue: BaseIssue<unknown>) => (issue.input === undefined || issue.input === null ? 'field.required' : key);
}

/**
 * The message of an object schema, used for its missing keys: "required", or the field's own message
 * where that says more (a missing consent is a consent not given).
 */
export function missingKey(overrides: Partial<Record<string, MessageKey>> = {}) {
  return (issue: BaseIssue<unknown>) => {
    const key = issue.path?.[0]?.key;
    return (
      (typeof key === 'string' && Object.prototype.hasOwnProperty.call(overrides, key) && overrides[key]) ||
      'field.required'
    );
  };
}

function isMessageKey(s: string): s is MessageKey {
  return Object.prototype.hasOwnProperty.call(italian, s);
}

/** Translates one encoded message; anything unknown (a library default) becomes the generic "invalid value". */
export function translateMessage(encoded: string, lang: Lang): string {
  const colon = encoded.indexOf(':');
  const key = colon === -1 ? encoded : encoded.slice(0, colon);
  const param = colon === -1 ? undefined : encoded.slice(colon + 1);
  if (!isMessageKey(key)) return t(lang, 'field.invalid');
  return t(lang, key, param === undefined ? undefined : { max: param });
}

/** Turns valibot issues into our `fields` map: the first issue of each top-level field wins. */
export function issuesToFields(issues: readonly BaseIssue<unknown>[], lang: Lang): FieldErrors {
  const fields: FieldErrors = {};
  for (const issue of issues) {
    const key = issue.path?.[0]?.key;
    if (typeof key !== 'string' || key in fields) continue;
    fields[key] = translateMessage(issue.message, lang);
  }
  return fields;
}
