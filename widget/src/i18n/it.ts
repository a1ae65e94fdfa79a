/** The widget's Italian messages: the reference catalog (English must have the same keys). */
export const it = {
  'widget.label': 'Prenotazione di un appuntamento allo sportello',
  'step.progress': 'Passo {step} di {total}',
  'step.service.heading': 'Per che cosa vuoi un appuntamento?',
  'step.mode.heading': 'Come preferisci incontrarci?',
  'step.day.heading': 'Scegli il giorno',
  'step.time.heading': 'Scegli l’orario',
  'step.details.heading': 'I tuoi dati',
  'step.review.heading': 'Controlla e invia la richiesta',
  'step.done.heading': 'Richiesta inviata',

  'action.next': 'Avanti',
  'action.back': 'Indietro',
  'action.submit': 'Invia la richiesta',
  'action.retry': 'Riprova',
  'action.next_week': 'Settimana successiva',
  'action.previous_week': 'Settimana precedente',
  'action.restart': 'Prenota un altro appuntamento',

  'service.duration': 'Durata: {minutes, plural, one {# minuto} other {# minuti}}',
  'mode.in_person': 'In presenza',
  'mode.in_person_hint': 'Allo sportello, in {address}, {city}.',
  'mode.remote': 'In videochiamata',
  'mode.remote_hint':
    'Ci vediamo su internet, con il telefono o il computer: riceverai il link per collegarti, senza installare niente.',

  'tz.label': 'Gli orari sono nell’ora di {city} ({zone}).',
  'week.range': 'Dal {from} al {to}',
  'week.empty': 'In questa settimana non ci sono orari liberi: prova la settimana successiva.',
  'day.chosen': 'Giorno scelto: {day}',
  'day.empty': 'In questo giorno non ci sono più orari liberi: torna indietro e scegli un altro giorno.',
  'slot.name': '{date}, {time}',

  'field.name': 'Nome e cognome',
  'field.phone': 'Numero di cellulare',
  'field.phone_hint': 'Ti scriveremo per SMS. Per esempio: 347 123 4567.',
  'field.email': 'E-mail',
  'field.note': 'Messaggio per lo sportello',
  'field.note_hint': 'Per esempio: che lavoro cerchi, se porti il curriculum.',
  'field.accessibility_consent': 'Voglio indicare esigenze di accessibilità',
  'field.accessibility_consent_hint':
    'Per esempio: un ingresso senza gradini, un interprete, caratteri grandi. Se spunti la casella, acconsenti a che lo sportello usi queste informazioni solo per organizzare l’appuntamento.',
  'field.accessibility_needs': 'Di che cosa hai bisogno?',
  'field.accessibility_needs_hint':
    'Non scrivere diagnosi né altre informazioni sulla salute: basta dire che cosa ti serve.',
  'field.consent':
    'Ho letto l’informativa sulla privacy e acconsento al trattamento dei miei dati per questa prenotazione',
  'field.privacy_link': 'Leggi l’informativa sulla privacy',
  'field.required': '(obbligatorio)',
  'field.optional': '(facoltativo)',
  'link.new_window': '(si apre in una nuova finestra)',

  'review.service': 'Servizio',
  'review.mode': 'Modalità',
  'review.when': 'Giorno e ora',
  'review.where': 'Dove',
  'review.accessibility': 'Esigenze di accessibilità',

  'done.reference': 'Codice della richiesta:',
  'done.keep': 'Conserva questo codice: ti servirà se chiami lo sportello.',
  'done.next': 'Cosa succede ora: riceverai un SMS quando la richiesta sarà confermata.',
  'done.cancel': 'Se non puoi venire, annulla dal link nell’SMS oppure dalla pagina della prenotazione:',
  'done.manage_link': 'gestisci la prenotazione',
  'done.add_to_calendar': 'Aggiungi al calendario',

  'error.prefix': 'Errore:',
  'error.summary_heading': 'Controlla questi dati',
  'error.name_required': 'Scrivi il tuo nome e cognome.',
  'error.phone_required': 'Scrivi il tuo numero di cellulare, per esempio 347 123 4567.',
  'error.phone_invalid': 'Questo numero non sembra giusto: controllalo.',
  'error.phone_landline': 'Questo sembra un numero fisso. Ci serve un cellulare per mandarti gli SMS.',
  'error.phone_country': 'Non possiamo mandare SMS ai numeri di questo paese.',
  'call.no_mobile': 'Non hai un cellulare? Chiamaci al',
  'error.consent_required': 'Per prenotare devi accettare l’informativa sulla privacy.',
  'error.slot_taken':
    'Nel frattempo qualcun altro ha prenotato quell’orario. Scegline un altro: i tuoi dati sono ancora qui.',
  'error.rate_limited':
    'Sono arrivate troppe richieste da questa connessione. Riprova più tardi o chiama lo sportello.',
  'error.network':
    'Non riusciamo a collegarci allo sportello. Controlla la connessione e riprova: quello che hai scritto non va perso.',
  'error.captcha': 'Verifica non riuscita: riprova.',
  'error.captcha_pending': 'Attendi la fine della verifica anti-robot qui sotto, poi vai avanti.',
  'error.captcha_load':
    'Non riusciamo a caricare la verifica anti-robot. Controlla la connessione e riprova: quello che hai scritto non va perso.',
  'error.refused': 'La prenotazione online non funziona su questo sito. Chiama lo sportello.',
  'error.generic': 'Qualcosa non ha funzionato. Riprova o chiama lo sportello.',

  'status.loading': 'Caricamento in corso…',
  'status.sending': 'Invio della richiesta in corso…',
  'status.sent': 'Richiesta inviata. Il codice è {reference}.',
  'status.no_slots': 'Al momento non ci sono orari liberi per questo servizio.',
  'status.closed': 'Le prenotazioni online non sono ancora aperte. Chiama lo sportello.',
  'status.call': 'Puoi telefonare allo sportello:',
} as const;

export type MessageKey = keyof typeof it;
