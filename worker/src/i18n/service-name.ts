import { serviceTranslations } from '../desk/service-texts';
import type { Language } from '../domain/vocabulary';

/** The service columns a person's page or file reads: the two names and the `translations` JSON. */
export interface ServiceNames {
  serviceNameIt: string;
  serviceNameEn: string;
  /** services.translations; absent or malformed reads as none written. */
  serviceTranslations?: string | null;
}

/**
 * A service's name in the person's language: Italian and English from their columns, the other languages
 * from the translations an admin wrote, English where none was (as desk/service-texts.ts serviceTexts).
 */
export function serviceNameIn(lang: Language, s: ServiceNames): string {
  if (lang === 'it') return s.serviceNameIt;
  if (lang === 'en' || !s.serviceTranslations) return s.serviceNameEn;
  return serviceTranslations({ translations: s.serviceTranslations })[lang]?.name ?? s.serviceNameEn;
}
