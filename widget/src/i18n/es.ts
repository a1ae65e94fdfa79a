import type { Catalog } from '.';

/**
 * The widget's Spanish messages (a chunk of its own, loaded when chosen). Informal "tú"; the words of Latin
 * America where Spain's differ (celular, computadora), as most Spanish speakers at the desk come from there.
 */
export const es: Catalog = {
  'widget.label': 'Pide una cita en la oficina',
  'lang.label': 'Idioma',
  'step.progress': 'Paso {step} de {total}',
  'step.service.heading': '¿Para qué quieres una cita?',
  'step.mode.heading': '¿Cómo quieres vernos?',
  'step.day.heading': 'Elige el día y la hora',
  'step.details.heading': 'Tus datos',
  'step.review.heading': 'Revisa y envía',
  'step.done.heading': 'Solicitud enviada',

  'action.next': 'Siguiente',
  'action.back': 'Atrás',
  'action.submit': 'Enviar la solicitud',
  'action.retry': 'Intentar otra vez',
  'action.next_week': 'Semana siguiente',
  'action.previous_week': 'Semana anterior',
  'action.restart': 'Pedir otra cita',

  'service.duration': 'Dura {minutes, plural, one {# minuto} other {# minutos}}',
  'mode.in_person': 'En persona',
  'mode.in_person_hint': 'Ven a la oficina: {address}, {city}.',
  'mode.remote': 'Por videollamada',
  'mode.remote_hint':
    'Nos vemos por internet, con tu teléfono o tu computadora. Te mandamos un enlace. No tienes que instalar nada.',

  'tz.label': 'Las horas son las de {city} ({zone}).',
  'week.range': 'Del {from} al {to}',
  'week.empty': 'Esta semana no hay horas libres. Prueba la semana siguiente.',
  'day.slots': '{count, plural, one {# hora libre} other {# horas libres}} el {day}',
  'slot.name': '{date}, {time}',

  'field.name': 'Nombre y apellido',
  'field.phone': 'Número de celular',
  'field.phone_hint': 'Te mandamos un SMS. Por ejemplo: 347 123 4567.',
  'field.email': 'Correo electrónico',
  'field.note': 'Mensaje para la oficina',
  'field.note_hint': 'Por ejemplo: qué trabajo buscas, si traes tu currículum.',
  'field.accessibility_consent': 'Quiero pedir ayuda para la cita',
  'field.accessibility_consent_hint':
    'Por ejemplo: una entrada sin escalones, un intérprete, letras grandes. Si marcas la casilla, nos das permiso para usar lo que escribes. Solo lo usamos para preparar la cita.',
  'field.accessibility_needs': '¿Qué necesitas?',
  'field.accessibility_needs_hint': 'Escribe solo lo que necesitas. No escribas enfermedades ni otras cosas de salud.',
  'field.consent': 'He leído las reglas de privacidad. Doy permiso para usar mis datos para esta cita.',
  'field.privacy_link': 'Lee las reglas de privacidad',
  'field.required': '(obligatorio)',
  'field.optional': '(si quieres)',
  'link.new_window': '(se abre en una página nueva)',

  'review.service': 'Servicio',
  'review.mode': 'Cómo',
  'review.when': 'Día y hora',
  'review.where': 'Dónde',
  'review.accessibility': 'Ayuda que pides',

  'done.reference': 'Tu código:',
  'done.keep': 'Guarda este código. Lo necesitas si llamas a la oficina.',
  'done.next': 'Cuando confirmemos la cita, te mandamos un SMS.',
  'done.cancel': '¿No puedes venir? Cancela con el enlace del SMS, o aquí:',
  'done.manage_link': 'tu cita',
  'done.add_to_calendar': 'Agregar al calendario',

  'error.prefix': 'Error:',
  'error.summary_heading': 'Revisa estos datos',
  'error.name_required': 'Escribe tu nombre y apellido.',
  'error.phone_required': 'Escribe tu número de celular. Por ejemplo: 347 123 4567.',
  'error.phone_invalid': 'Este número no parece correcto. Revísalo.',
  'error.phone_landline': 'Este parece un número fijo. Necesitamos un celular para mandarte SMS.',
  'error.phone_country': 'No podemos mandar SMS a números de este país.',
  'call.no_mobile': '¿No tienes celular? Llámanos al',
  'error.consent_required': 'Para pedir la cita, marca la casilla de privacidad.',
  'error.slot_taken': 'Otra persona acaba de tomar esa hora. Elige otra hora. Tus datos siguen aquí.',
  'error.rate_limited':
    'Recibimos demasiadas solicitudes desde esta conexión. Inténtalo más tarde o llama a la oficina.',
  'error.network':
    'No podemos conectar con la oficina. Revisa tu conexión e inténtalo otra vez. Lo que escribiste sigue aquí.',
  'error.captcha': 'La comprobación no funcionó. Inténtalo otra vez.',
  'error.captcha_pending': 'Espera a que termine la comprobación anti-robot de abajo. Luego sigue.',
  'error.captcha_load':
    'No podemos abrir la comprobación anti-robot. Revisa tu conexión e inténtalo otra vez. Lo que escribiste sigue aquí.',
  'error.language': 'No podemos abrir este idioma. Revisa tu conexión e inténtalo otra vez.',
  'error.refused': 'Pedir citas por internet no funciona en este sitio. Llama a la oficina.',
  'error.generic': 'Algo salió mal. Inténtalo otra vez o llama a la oficina.',

  'status.loading': 'Un momento…',
  'status.language': 'Idioma: español.',
  'status.sending': 'Estamos enviando la solicitud…',
  'status.sent': 'Solicitud enviada. El código es {reference}.',
  'status.no_slots': 'Ahora no hay horas libres para este servicio.',
  'status.closed': 'Todavía no puedes pedir cita por internet. Llama a la oficina.',
  'status.call': 'Puedes llamar a la oficina:',
  // ---- issue 14: waitlist (its keys go below this line)
  'waitlist.offer': '¿Ninguna hora te va bien?',
  'action.waitlist': 'Apúntate a la lista de espera',

  // ---- issue 14: reminder plans and call list (its keys go below this line)
  // (the texts only the later steps use are in later.ts)

  // ---- issue 14: the person's own move, and the no-show figures (their keys go below this line)

  // ---- issue 15: needs that change the appointment (its keys go below this line)

  // ---- issue 15: follow-ups, walk-ins and reports (their keys go below this line)
};
