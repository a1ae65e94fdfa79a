import type { Catalog } from '.';

/** The widget's Romanian messages (a chunk of its own, loaded when chosen). Informal "tu", full diacritics. */
export const ro: Catalog = {
  'widget.label': 'Fă o programare la birou',
  'lang.label': 'Limba',
  'step.progress': 'Pasul {step} din {total}',
  'step.service.heading': 'Pentru ce vrei o programare?',
  'step.mode.heading': 'Cum vrei să ne întâlnim?',
  'step.day.heading': 'Alege ziua și ora',
  'step.details.heading': 'Datele tale',
  'step.review.heading': 'Verifică și trimite',
  'step.done.heading': 'Cerere trimisă',

  'action.next': 'Înainte',
  'action.back': 'Înapoi',
  'action.submit': 'Trimite cererea',
  'action.retry': 'Încearcă din nou',
  'action.next_week': 'Săptămâna următoare',
  'action.previous_week': 'Săptămâna anterioară',
  'action.restart': 'Fă altă programare',

  'service.duration': 'Durează {minutes, plural, one {# minut} few {# minute} other {# de minute}}',
  'mode.in_person': 'La birou',
  'mode.in_person_hint': 'Vino la birou: {address}, {city}.',
  'mode.remote': 'Prin apel video',
  'mode.remote_hint':
    'Ne vedem pe internet, cu telefonul sau calculatorul. Îți trimitem un link. Nu trebuie să instalezi nimic.',

  'tz.label': 'Orele sunt cele din {city} ({zone}).',
  'week.range': 'De la {from} la {to}',
  'week.empty': 'Săptămâna asta nu sunt ore libere. Încearcă săptămâna următoare.',
  'day.slots': '{count, plural, one {# oră liberă} few {# ore libere} other {# de ore libere}} în ziua de {day}',
  'slot.name': '{date}, {time}',

  'field.name': 'Nume și prenume',
  'field.phone': 'Număr de mobil',
  'field.phone_hint': 'Îți trimitem un SMS. De exemplu: 347 123 4567.',
  'field.email': 'E-mail',
  'field.note': 'Mesaj pentru birou',
  'field.note_hint': 'De exemplu: ce muncă cauți, dacă aduci CV-ul.',
  'field.accessibility_consent': 'Vreau să cer ajutor pentru programare',
  'field.accessibility_consent_hint':
    'De exemplu: o intrare fără trepte, un interpret, litere mari. Dacă bifezi căsuța, ne dai voie să folosim ce scrii. Folosim asta doar ca să pregătim programarea.',
  'field.accessibility_needs': 'De ce ai nevoie?',
  'field.accessibility_needs_hint': 'Scrie doar de ce ai nevoie. Nu scrie boli sau alte lucruri despre sănătate.',
  'field.consent':
    'Am citit regulile de confidențialitate. Vă dau voie să folosiți datele mele pentru această programare.',
  'field.privacy_link': 'Citește regulile de confidențialitate',
  'field.required': '(obligatoriu)',
  'field.optional': '(dacă vrei)',
  'link.new_window': '(se deschide într-o pagină nouă)',

  'review.service': 'Serviciu',
  'review.mode': 'Cum',
  'review.when': 'Ziua și ora',
  'review.where': 'Unde',
  'review.accessibility': 'Ajutor cerut',

  'done.reference': 'Codul tău:',
  'done.keep': 'Păstrează acest cod. Îți trebuie dacă suni la birou.',
  'done.next': 'Când confirmăm programarea, îți trimitem un SMS.',
  'done.cancel': 'Nu poți veni? Anulează cu linkul din SMS sau aici:',
  'done.manage_link': 'programarea ta',
  'done.add_to_calendar': 'Adaugă în calendar',

  'error.prefix': 'Eroare:',
  'error.summary_heading': 'Verifică aceste date',
  'error.name_required': 'Scrie numele și prenumele tău.',
  'error.phone_required': 'Scrie numărul tău de mobil. De exemplu: 347 123 4567.',
  'error.phone_invalid': 'Numărul nu pare corect. Verifică-l.',
  'error.phone_landline': 'Pare un număr fix. Ne trebuie un mobil ca să-ți trimitem SMS.',
  'error.phone_country': 'Nu putem trimite SMS la numere din această țară.',
  'call.no_mobile': 'Nu ai mobil? Sună-ne la',
  'error.consent_required': 'Ca să faci programarea, bifează căsuța despre confidențialitate.',
  'error.slot_taken': 'Altcineva tocmai a luat ora aceea. Alege altă oră. Datele tale sunt tot aici.',
  'error.rate_limited': 'Am primit prea multe cereri de la această conexiune. Încearcă mai târziu sau sună la birou.',
  'error.network': 'Nu putem ajunge la birou. Verifică conexiunea și încearcă din nou. Ce ai scris rămâne aici.',
  'error.captcha': 'Verificarea nu a mers. Încearcă din nou.',
  'error.captcha_pending': 'Așteaptă să se termine verificarea anti-robot de mai jos. Apoi mergi mai departe.',
  'error.captcha_load':
    'Nu putem deschide verificarea anti-robot. Verifică conexiunea și încearcă din nou. Ce ai scris rămâne aici.',
  'error.language': 'Nu putem deschide această limbă. Verifică conexiunea și încearcă din nou.',
  'error.refused': 'Programarea online nu merge pe acest site. Sună la birou.',
  'error.generic': 'Ceva nu a mers. Încearcă din nou sau sună la birou.',

  'status.loading': 'O clipă…',
  'status.language': 'Limba: română.',
  'status.sending': 'Trimitem cererea…',
  'status.sent': 'Cerere trimisă. Codul este {reference}.',
  'status.no_slots': 'Acum nu sunt ore libere pentru acest serviciu.',
  'status.closed': 'Încă nu poți face programări online. Sună la birou.',
  'status.call': 'Poți suna la birou:',
  // ---- issue 14: waitlist (its keys go below this line)
  'waitlist.offer': 'Nu îți convine nicio oră?',
  'action.waitlist': 'Înscrie-te pe lista de așteptare',

  // ---- issue 14: reminder plans and call list (its keys go below this line)
  // (the texts only the later steps use are in later.ts)

  // ---- issue 14: the person's own move, and the no-show figures (their keys go below this line)

  // ---- issue 15: needs that change the appointment (its keys go below this line)

  // ---- issue 15: follow-ups, walk-ins and reports (their keys go below this line)
};
