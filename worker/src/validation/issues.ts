import type { BaseIssue } from 'valibot';
import type { FieldErrors } from '../errors';
import { t, type Lang, type MessageKey } from '../i18n';
import { it as italian } from '../i18n/it';

/**
 * Schema messages in this folder are i18n keys, optionally with numeric parameters after colons
 * ('field.too_long:500', 'field.number_range:5:480'), so the schemas stay language-free and one function
 * translates them.
 */
export function msg(key: MessageKey, max?: number): string {
  return max === undefined ? key : `${key}:${max}`;
}

/** A message naming both bounds of a whole number ('field.number_range:5:480'). */
export function rangeMsg(min: number, max: number): string {
  return `field.number_range:${min}:${max}`;
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

/**
 * Translates one encoded message; anything unknown (a library default) becomes the generic "invalid value".
 * One parameter is the upper bound (`{max}`), two are both bounds (`{min}`, `{max}`).
 */
export function translateMessage(encoded: string, lang: Lang): string {
  const [key = '', ...params] = encoded.split(':');
  if (!isMessageKey(key)) return t(lang, 'field.invalid');
  if (params.length === 0) return t(lang, key);
  if (params.length === 1) return t(lang, key, { max: params[0]! });
  return t(lang, key, { min: params[0]!, max: params[1]! });
}

/** The field an issue is about: its path of object keys ('names.it'); array positions are cut off. */
function fieldName(issue: BaseIssue<unknown>): string | undefined {
  const keys: string[] = [];
  for (const item of issue.path ?? []) {
    if (typeof item.key !== 'string') break;
    keys.push(item.key);
  }
  return keys.length ? keys.join('.') : undefined;
}

/** Turns valibot issues into our `fields` map: the first issue of each field wins. */
export function issuesToFields(issues: readonly BaseIssue<unknown>[], lang: Lang): FieldErrors {
  const fields: FieldErrors = {};
  for (const issue of issues) {
    const key = fieldName(issue);
    if (key === undefined || key in fields) continue;
    fields[key] = translateMessage(issue.message, lang);
  }
  return fields;
}
