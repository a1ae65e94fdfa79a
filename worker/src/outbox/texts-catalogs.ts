/**
 * The SMS texts of every language, side by side so a reviewer can compare them with the Italian. How they
 * are rendered, measured and shortened is in texts.ts; `npm run sms:texts -- <lang>` prints every text of a
 * language at the longest realistic values (LANGUAGES.md).
 *
 * Placeholders: {when} {place} {link} {video}; in `when`: {weekday} {day} {month} {time}.
 *
 * Budgets (tests/unit/outbox-texts.test.ts checks each at the longest realistic values: a 65-character
 * manage link, a 37-character street, 23:45 on the longest weekday):
 * - it, en, es, fr, ro are written in GSM-7 only and fit one segment (160). Lowercase à è é ì ò ù ñ ü and
 *   capital É are GSM-7; á í ó ú ç â ê î ô û and Romanian ă â î ș ț are not, so Spanish and French choose
 *   words without them and Romanian is written without diacritics, as people text.
 * - ar and uk are UCS-2 (70 units, 67 per part) and fit two segments; a remote text with a realistic video
 *   link (a Zoom link with its password, 78 characters) fits three. A link at the 120-character cap still
 *   travels (every remote confirmation and reminder carries its link) and takes a fourth.
 *
 * No text invites a reply, and no carrier opt-out keyword stands alone as a word: English "cancel" only in
 * "Manage/cancel", French "annuler" only in "Voir/annuler"; no STOP, ARRET, BAJA, CANCELAR, ANNULLA,
 * СТОП, توقف (OPT_OUT_WORDS lists what the test refuses).
 */
import type { Language } from '../domain/vocabulary';
import type { SmsTemplate } from './texts';

/** The texts that announce a remote appointment, and so carry its video link. */
export type VideoTemplate = Extract<SmsTemplate, 'confirmation' | 'reminder' | 'reschedule'>;

export interface SmsCatalog {
  /** What the catalog is written in: GSM-7 (one segment) or UCS-2 (two). */
  encoding: 'GSM-7' | 'UCS-2';
  weekdays: readonly [string, string, string, string, string, string, string];
  /** Weekday, day, month and time: "mer 14/10 ore 10:30". */
  when: string;
  remote: string;
  templates: Record<SmsTemplate, string>;
  /** The texts of a remote appointment with its link. */
  video: Record<VideoTemplate, string>;
}

/**
 * Words a text never holds as a word of its own, per language: carrier opt-out keywords (Twilio's English
 * list, the localised ones a provider may add) and invitations to reply.
 */
export const OPT_OUT_WORDS: Readonly<Record<Language, readonly string[]>> = {
  it: ['STOP', 'ANNULLA', 'BASTA', 'CANCELLA', 'rispondi'],
  en: ['STOP', 'CANCEL', 'UNSUBSCRIBE', 'END', 'QUIT', 'STOPALL', 'REVOKE', 'OPTOUT', 'reply'],
  es: ['STOP', 'BAJA', 'CANCELAR', 'PARAR', 'ALTO', 'FIN', 'responde', 'contesta'],
  fr: ['STOP', 'ARRET', 'ARRÊT', 'ANNULER', 'FIN', 'DESABONNER', 'réponds', 'répondez'],
  ro: ['STOP', 'ANULARE', 'ANULEAZA', 'DEZABONARE', 'raspunde'],
  uk: ['STOP', 'СТОП', 'СКАСУВАТИ', 'ВІДПИСАТИСЯ', 'відповідайте'],
  ar: ['STOP', 'توقف', 'إيقاف', 'ايقاف', 'إلغاء', 'الغاء', 'رد', 'أرسل'],
};

/** The link labels in which a keyword-like verb may appear, because it names what the link does. */
export const LINK_LABELS: Readonly<Partial<Record<Language, string>>> = {
  en: 'Manage/cancel:',
  fr: 'Voir/annuler:',
  ro: 'Vezi/anuleaza:',
};

export const SMS_CATALOGS: Readonly<Record<Language, SmsCatalog>> = {
  // Sized so that with a 65-character manage link a place of 37 characters still fits one segment.
  it: {
    encoding: 'GSM-7',
    weekdays: ['lun', 'mar', 'mer', 'gio', 'ven', 'sab', 'dom'],
    when: '{weekday} {day}/{month} ore {time}',
    remote: 'videochiamata',
    templates: {
      confirmation: 'Confermato: {when}, {place}. Vedi o disdici: {link}',
      reminder: 'Promemoria: {when}, {place}. Vedi o disdici: {link}',
      cancellation: 'Annullato: {when}, {place}. Prenota di nuovo: {link}',
      cancellation_ack: 'Hai disdetto: {when}, {place}. Prenota di nuovo: {link}',
      reschedule: 'Nuovo orario: {when}, {place}. Vedi o disdici: {link}',
      rejection: 'Richiesta per {when} non accettata. Prenota un altro orario: {link}',
      expiry: 'Richiesta per {when} non confermata in tempo. Prenota di nuovo: {link}',
      waitlist_offer: 'Si è liberato un posto: {when}, {place}. Per prenderlo: {link}',
    },
    video: {
      confirmation: 'Confermato: videochiamata {when}. Collegati da {video}\nVedi o disdici: {link}',
      reminder: 'Promemoria videochiamata {when}. Collegati da {video}\nVedi o disdici: {link}',
      reschedule: 'Nuovo orario: videochiamata {when}. Collegati da {video}\nVedi o disdici: {link}',
    },
  },
  en: {
    encoding: 'GSM-7',
    weekdays: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'],
    when: '{weekday} {day}/{month} at {time}',
    remote: 'video call',
    templates: {
      confirmation: 'Confirmed: {when}, {place}. Manage/cancel: {link}',
      reminder: 'Reminder: {when}, {place}. Manage/cancel: {link}',
      cancellation: 'Appointment cancelled: {when}, {place}. Book again: {link}',
      cancellation_ack: 'You cancelled: {when}, {place}. Thanks. Book again: {link}',
      reschedule: 'New time: {when}, {place}. Manage/cancel: {link}',
      rejection: 'Request for {when} not accepted. Book another time: {link}',
      expiry: 'Request for {when} expired unconfirmed. Book another time: {link}',
      waitlist_offer: 'A time is free: {when}, {place}. To take it: {link}',
    },
    video: {
      confirmation: 'Confirmed: video call {when}. Join at {video}\nManage/cancel: {link}',
      reminder: 'Reminder: video call {when}. Join at {video}\nManage/cancel: {link}',
      reschedule: 'New time: video call {when}. Join at {video}\nManage/cancel: {link}',
    },
  },
  // No á í ó ú: "mie", "sab", "solicitud" rather than "petición"; "anular" rather than "cancelar".
  es: {
    encoding: 'GSM-7',
    weekdays: ['lun', 'mar', 'mie', 'jue', 'vie', 'sab', 'dom'],
    when: '{weekday} {day}/{month} a las {time}',
    remote: 'videollamada',
    templates: {
      confirmation: 'Cita confirmada: {when}, {place}. Ver o anular: {link}',
      reminder: 'Recuerda tu cita: {when}, {place}. Ver o anular: {link}',
      cancellation: 'Cita anulada: {when}, {place}. Pide otra cita: {link}',
      cancellation_ack: 'Anulaste tu cita: {when}, {place}. Pide otra cita: {link}',
      reschedule: 'Nueva hora: {when}, {place}. Ver o anular: {link}',
      rejection: 'Solicitud para el {when} no aceptada. Pide otra hora: {link}',
      expiry: 'Solicitud para el {when} no confirmada a tiempo. Pide otra cita: {link}',
      waitlist_offer: 'Hora libre: {when}, {place}. Para reservarla: {link}',
    },
    video: {
      confirmation: 'Cita confirmada: videollamada {when}. Entra en {video}\nVer o anular: {link}',
      reminder: 'Recuerda tu videollamada {when}. Entra en {video}\nVer o anular: {link}',
      reschedule: 'Nueva hora: videollamada {when}. Entra en {video}\nVer o anular: {link}',
    },
  },
  // No ç â ê î ô û; é è à ù are GSM-7. "Voir/annuler" keeps "annuler" inside the link's label.
  fr: {
    encoding: 'GSM-7',
    weekdays: ['lun', 'mar', 'mer', 'jeu', 'ven', 'sam', 'dim'],
    when: '{weekday} {day}/{month} à {time}',
    remote: 'appel vidéo',
    templates: {
      confirmation: 'Rendez-vous confirmé: {when}, {place}. Voir/annuler: {link}',
      reminder: 'Rappel de rendez-vous: {when}, {place}. Voir/annuler: {link}',
      cancellation: 'Rendez-vous annulé: {when}, {place}. Nouveau rendez-vous: {link}',
      cancellation_ack: 'Vous avez annulé: {when}, {place}. Nouveau rendez-vous: {link}',
      reschedule: 'Nouvelle heure: {when}, {place}. Voir/annuler: {link}',
      rejection: 'Demande pour le {when} pas acceptée. Choisir une autre heure: {link}',
      expiry: 'Demande pour le {when} pas confirmée à temps. Nouveau rendez-vous: {link}',
      waitlist_offer: 'Place libre: {when}, {place}. Pour la prendre: {link}',
    },
    video: {
      confirmation: 'Rendez-vous confirmé: appel vidéo {when}. Lien: {video}\nVoir/annuler: {link}',
      reminder: 'Rappel: appel vidéo {when}. Lien: {video}\nVoir/annuler: {link}',
      reschedule: 'Nouvelle heure: appel vidéo {when}. Lien: {video}\nVoir/annuler: {link}',
    },
  },
  // Without diacritics (ă â î ș ț are not GSM-7), as people write SMS in Romanian.
  ro: {
    encoding: 'GSM-7',
    weekdays: ['lun', 'mar', 'mie', 'joi', 'vin', 'sam', 'dum'],
    when: '{weekday} {day}.{month} ora {time}',
    remote: 'apel video',
    templates: {
      confirmation: 'Programare confirmata: {when}, {place}. Vezi/anuleaza: {link}',
      reminder: 'Nu uita: {when}, {place}. Vezi/anuleaza: {link}',
      cancellation: 'Programare anulata: {when}, {place}. Fa alta programare: {link}',
      cancellation_ack: 'Ai anulat: {when}, {place}. Fa alta programare: {link}',
      reschedule: 'Ora noua: {when}, {place}. Vezi/anuleaza: {link}',
      rejection: 'Cererea pentru {when} nu a fost acceptata. Alege alta ora: {link}',
      expiry: 'Cererea pentru {when} nu a fost confirmata la timp. Fa alta programare: {link}',
      waitlist_offer: 'Loc liber: {when}, {place}. Ca sa il iei: {link}',
    },
    video: {
      confirmation: 'Programare confirmata: apel video {when}. Intra pe {video}\nVezi/anuleaza: {link}',
      reminder: 'Nu uita: apel video {when}. Intra pe {video}\nVezi/anuleaza: {link}',
      reschedule: 'Ora noua: apel video {when}. Intra pe {video}\nVezi/anuleaza: {link}',
    },
  },
  // UCS-2: two segments hold 134 units and the manage link takes 65, so the words are few: "Деталі"
  // (details) names the link, whose page confirms and cancels. Each link sits on a line of its own.
  uk: {
    encoding: 'UCS-2',
    weekdays: ['пн', 'вт', 'ср', 'чт', 'пт', 'сб', 'нд'],
    when: '{weekday} {day}.{month} о {time}',
    remote: 'відеодзвінок',
    templates: {
      confirmation: 'Запис підтверджено: {when}, {place}. Деталі:\n{link}',
      reminder: 'Нагадування: {when}, {place}. Деталі:\n{link}',
      cancellation: 'Скасовано: {when}, {place}. Новий запис:\n{link}',
      cancellation_ack: 'Ви скасували: {when}, {place}. Новий запис:\n{link}',
      reschedule: 'Новий час: {when}, {place}. Деталі:\n{link}',
      rejection: 'Запит на {when} не прийнято. Виберіть інший час:\n{link}',
      expiry: 'Запит на {when} не підтвердили вчасно. Новий запис:\n{link}',
      waitlist_offer: 'Вільний час: {when}, {place}. Записатися:\n{link}',
    },
    video: {
      confirmation: 'Підтверджено: {when}, відеодзвінок:\n{video}\nДеталі:\n{link}',
      reminder: 'Нагадування: {when}, відеодзвінок:\n{video}\nДеталі:\n{link}',
      reschedule: 'Новий час: {when}, відеодзвінок:\n{video}\nДеталі:\n{link}',
    },
  },
  // UCS-2 and right to left, as tight as Ukrainian: the date and time in digits, "تفاصيل" (details) names
  // the manage link, and each link sits on a line of its own so it reads left to right whole.
  ar: {
    encoding: 'UCS-2',
    weekdays: ['الاثنين', 'الثلاثاء', 'الأربعاء', 'الخميس', 'الجمعة', 'السبت', 'الأحد'],
    when: '{weekday} {day}/{month}، {time}',
    remote: 'مكالمة فيديو',
    templates: {
      confirmation: 'موعدك مؤكد: {when}، {place}. تفاصيل:\n{link}',
      reminder: 'تذكير: {when}، {place}. تفاصيل:\n{link}',
      cancellation: 'أُلغي: {when}، {place}. موعد جديد:\n{link}',
      cancellation_ack: 'ألغيت: {when}، {place}. موعد جديد:\n{link}',
      reschedule: 'وقت جديد: {when}، {place}. تفاصيل:\n{link}',
      rejection: 'لم يُقبل طلبك ليوم {when}. اختر وقتًا آخر:\n{link}',
      expiry: 'لم يتأكد طلبك ليوم {when} في الوقت. موعد جديد:\n{link}',
      waitlist_offer: 'موعد متاح: {when}، {place}. للحجز:\n{link}',
    },
    video: {
      confirmation: 'موعدك مؤكد: {when}. مكالمة فيديو:\n{video}\nتفاصيل:\n{link}',
      reminder: 'تذكير: {when}. مكالمة فيديو:\n{video}\nتفاصيل:\n{link}',
      reschedule: 'وقت جديد: {when}. مكالمة فيديو:\n{video}\nتفاصيل:\n{link}',
    },
  },
};
