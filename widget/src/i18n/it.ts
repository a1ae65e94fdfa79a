/**
 * The widget's Italian messages: the reference catalog (every other language has the same keys). Written in
 * plain Italian for a reading age of 9 to 11: short words, active voice, one idea per sentence (LANGUAGES.md).
 */
export const it = {
  'widget.label': 'Prenota un appuntamento allo sportello',
  'lang.label': 'Lingua',
  'step.progress': 'Passo {step} di {total}',
  'step.service.heading': 'Per che cosa vuoi un appuntamento?',
  'step.mode.heading': 'Come vuoi incontrarci?',
  'step.day.heading': 'Scegli il giorno e l’ora',
  'step.details.heading': 'I tuoi dati',
  'step.review.heading': 'Controlla e invia',
  'step.done.heading': 'Richiesta inviata',

  'action.next': 'Avanti',
  'action.back': 'Indietro',
  'action.submit': 'Invia la richiesta',
  'action.retry': 'Riprova',
  'action.next_week': 'Settimana dopo',
  'action.previous_week': 'Settimana prima',
  'action.restart': 'Prenota un altro appuntamento',

  'service.duration': 'Dura {minutes, plural, one {# minuto} other {# minuti}}',
  'mode.in_person': 'Di persona',
  'mode.in_person_hint': 'Vieni allo sportello: {address}, {city}.',
  'mode.remote': 'In videochiamata',
  'mode.remote_hint':
    'Ci vediamo su internet, con il telefono o il computer. Ti mandiamo un link. Non devi installare niente.',

  'tz.label': 'Gli orari sono quelli di {city} ({zone}).',
  'week.range': 'Dal {from} al {to}',
  'week.empty': 'Questa settimana non ci sono orari liberi. Prova la settimana dopo.',
  'day.slots': '{count, plural, one {# orario libero} other {# orari liberi}} per {day}',
  'slot.name': '{date}, {time}',

  'field.name': 'Nome e cognome',
  'field.phone': 'Numero di cellulare',
  'field.phone_hint': 'Ti mandiamo un SMS. Per esempio: 347 123 4567.',
  'field.email': 'E-mail',
  'field.note': 'Messaggio per lo sportello',
  'field.note_hint': 'Per esempio: che lavoro cerchi, se porti il curriculum.',
  'field.accessibility_consent': 'Voglio chiedere un aiuto per l’appuntamento',
  'field.accessibility_consent_hint':
    'Per esempio: un ingresso senza gradini, un interprete, scritte grandi. Se spunti la casella, ci dai il permesso di usare quello che scrivi. Lo usiamo solo per preparare l’appuntamento.',
  'field.accessibility_needs': 'Di che cosa hai bisogno?',
  'field.accessibility_needs_hint': 'Scrivi solo che cosa ti serve. Non scrivere malattie o altre cose sulla salute.',
  'field.consent': 'Ho letto le regole sulla privacy. Vi do il permesso di usare i miei dati per questa prenotazione.',
  'field.privacy_link': 'Leggi le regole sulla privacy',
  'field.required': '(obbligatorio)',
  'field.optional': '(se vuoi)',
  'link.new_window': '(si apre in una nuova pagina)',

  'review.service': 'Servizio',
  'review.mode': 'Come',
  'review.when': 'Giorno e ora',
  'review.where': 'Dove',
  'review.accessibility': 'Aiuto che chiedi',

  'done.reference': 'Il tuo codice:',
  'done.keep': 'Tieni questo codice. Ti serve se chiami lo sportello.',
  'done.next': 'Quando confermiamo l’appuntamento, ti mandiamo un SMS.',
  'done.cancel': 'Non puoi venire? Annulla con il link nell’SMS, oppure qui:',
  'done.manage_link': 'la tua prenotazione',
  'done.add_to_calendar': 'Aggiungi al calendario',

  'error.prefix': 'Errore:',
  'error.summary_heading': 'Controlla questi dati',
  'error.name_required': 'Scrivi il tuo nome e cognome.',
  'error.phone_required': 'Scrivi il tuo numero di cellulare. Per esempio: 347 123 4567.',
  'error.phone_invalid': 'Questo numero non sembra giusto. Controllalo.',
  'error.phone_landline': 'Questo sembra un numero fisso. Ci serve un cellulare per mandarti gli SMS.',
  'error.phone_country': 'Non possiamo mandare SMS ai numeri di questo paese.',
  'call.no_mobile': 'Non hai un cellulare? Chiamaci al',
  'error.consent_required': 'Per prenotare devi spuntare la casella sulla privacy.',
  'error.slot_taken': 'Un’altra persona ha appena preso quell’ora. Scegli un’altra ora. I tuoi dati sono ancora qui.',
  'error.rate_limited':
    'Abbiamo ricevuto troppe richieste da questa connessione. Riprova più tardi o chiama lo sportello.',
  'error.network':
    'Non riusciamo a collegarci allo sportello. Controlla la connessione e riprova. Quello che hai scritto resta qui.',
  'error.captcha': 'Il controllo non è riuscito. Riprova.',
  'error.captcha_pending': 'Aspetta che finisca il controllo anti-robot qui sotto. Poi vai avanti.',
  'error.captcha_load':
    'Non riusciamo ad aprire il controllo anti-robot. Controlla la connessione e riprova. Quello che hai scritto resta qui.',
  'error.language': 'Non riusciamo ad aprire questa lingua. Controlla la connessione e riprova.',
  'error.refused': 'La prenotazione online non funziona su questo sito. Chiama lo sportello.',
  'error.generic': 'Qualcosa non ha funzionato. Riprova o chiama lo sportello.',

  'status.loading': 'Un momento…',
  'status.language': 'Lingua: italiano.',
  'status.sending': 'Stiamo inviando la richiesta…',
  'status.sent': 'Richiesta inviata. Il codice è {reference}.',
  'status.no_slots': 'Ora non ci sono orari liberi per questo servizio.',
  'status.closed': 'Non puoi ancora prenotare online. Chiama lo sportello.',
  'status.call': 'Puoi telefonare allo sportello:',
  // ---- issue 14: waitlist (its keys go below this line)
  'waitlist.offer': 'Nessun orario va bene?',
  'action.waitlist': 'Mettiti in lista d’attesa',

  // ---- issue 14: reminder plans and call list (its keys go below this line)
  // (the texts only the later steps use are in later.ts)

  // ---- issue 14: the person's own move, and the no-show figures (their keys go below this line)

  // ---- issue 15: needs that change the appointment (its keys go below this line)

  // ---- issue 15: follow-ups, walk-ins and reports (their keys go below this line)
} as const;

export type MessageKey = keyof typeof it;
