/**
 * A service's name and description in every people-facing language. Italian and English are columns of
 * their own; the other languages live in the `translations` JSON column, and one the admin has not written
 * shows the English text: a person who does not read Italian is likelier to read English.
 */
import { LANGUAGES, TRANSLATED_LANGUAGES, type Language } from '../domain/vocabulary';
import type { ServiceRow } from '../db/repo/desk';

type TranslatedText = { name?: string; description?: string };

/** The translations an admin wrote, per language; anything malformed in the column reads as none. */
export function serviceTranslations(row: Pick<ServiceRow, 'translations'>): Partial<Record<Language, TranslatedText>> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(row.translations);
  } catch {
    return {};
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return {};
  const out: Partial<Record<Language, TranslatedText>> = {};
  for (const lang of LANGUAGES) {
    const entry = (parsed as Record<string, unknown>)[lang];
    if (typeof entry !== 'object' || entry === null) continue;
    const { name, description } = entry as Record<string, unknown>;
    out[lang] = {
      ...(typeof name === 'string' && name.trim() ? { name } : {}),
      ...(typeof description === 'string' && description.trim() ? { description } : {}),
    };
  }
  return out;
}

/** Names and descriptions keyed by every language, each falling back to English where none was written. */
export function serviceTexts(row: ServiceRow): {
  names: Record<Language, string>;
  descriptions: Record<Language, string>;
} {
  const extra = serviceTranslations(row);
  const names = { it: row.nameIt, en: row.nameEn } as Record<Language, string>;
  const descriptions = { it: row.descriptionIt, en: row.descriptionEn } as Record<Language, string>;
  for (const lang of TRANSLATED_LANGUAGES) {
    names[lang] = extra[lang]?.name ?? row.nameEn;
    descriptions[lang] = extra[lang]?.description ?? row.descriptionEn;
  }
  return { names, descriptions };
}
