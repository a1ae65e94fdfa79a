/**
 * The details form as data: its fields and their order. Its checks and the request body it makes are the later
 * steps' (steps/details-request.ts), so widget.js does not carry them.
 */

/** What the person types; the keys are the API's field names, so a 422 maps straight onto the inputs. */
export interface Details {
  name: string;
  phone: string;
  email: string;
  note: string;
  accessibilityConsent: boolean;
  accessibilityNeeds: string;
  /** A longer appointment (the duration doubled), offered only where it fits; absent: not asked. */
  longAppointment?: boolean;
  /** The language an interpreter should speak; absent: none. */
  interpreterLanguage?: string;
  /** Also a reminder the morning of the day (the booking's reminder plan `morning`). */
  morningReminder: boolean;
  consent: boolean;
}

export const EMPTY_DETAILS: Details = {
  name: '',
  phone: '',
  email: '',
  note: '',
  accessibilityConsent: false,
  accessibilityNeeds: '',
  morningReminder: false,
  consent: false,
};

/** Form order: the error summary lists problems in the order the fields appear. */
export const FIELD_ORDER = [
  'name',
  'phone',
  'email',
  'note',
  'accessibilityConsent',
  'accessibilityNeeds',
  'longAppointment',
  'interpreterLanguage',
  'consent',
  'turnstile',
];

/** A number typed with Arabic-Indic or Persian digits (an Arabic phone keyboard's), in the digits 0–9. */
export const westernDigits = (s: string): string => s.replace(/[٠-٩۰-۹]/g, (d) => String(d.charCodeAt(0) & 15));
