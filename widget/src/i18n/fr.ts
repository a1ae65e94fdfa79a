import type { Catalog } from '.';

/**
 * The widget's French messages (a chunk of its own, loaded when chosen). "Vous": French uses it with any
 * office, so "tu" would sound odd here. A no-break space (U+00A0) before ? : as French typography wants.
 */
export const fr: Catalog = {
  'widget.label': 'Prendre rendez-vous au bureau',
  'lang.label': 'Langue',
  'step.progress': 'Étape {step} sur {total}',
  'step.service.heading': 'Pourquoi voulez-vous un rendez-vous ?',
  'step.mode.heading': 'Comment voulez-vous nous voir ?',
  'step.day.heading': 'Choisissez le jour et l’heure',
  'step.details.heading': 'Vos coordonnées',
  'step.review.heading': 'Vérifiez et envoyez',
  'step.done.heading': 'Demande envoyée',

  'action.next': 'Suivant',
  'action.back': 'Retour',
  'action.submit': 'Envoyer la demande',
  'action.retry': 'Réessayer',
  'action.next_week': 'Semaine suivante',
  'action.previous_week': 'Semaine précédente',
  'action.restart': 'Prendre un autre rendez-vous',

  'service.duration': 'Durée : {minutes, plural, one {# minute} other {# minutes}}',
  'mode.in_person': 'Sur place',
  'mode.in_person_hint': 'Venez au bureau : {address}, {city}.',
  'mode.remote': 'Par appel vidéo',
  'mode.remote_hint':
    'On se voit sur internet, avec votre téléphone ou votre ordinateur. Nous vous envoyons un lien. Vous n’avez rien à installer.',

  'tz.label': 'Les heures sont celles de {city} ({zone}).',
  'week.range': 'Du {from} au {to}',
  'week.empty': 'Pas d’heure libre cette semaine. Essayez la semaine suivante.',
  'day.slots': '{count, plural, one {# heure libre} other {# heures libres}} le {day}',
  'slot.name': '{date}, {time}',

  'field.name': 'Prénom et nom',
  'field.phone': 'Numéro de portable',
  'field.phone_hint': 'Nous vous envoyons un SMS. Par exemple : 347 123 4567.',
  'field.email': 'E-mail',
  'field.note': 'Message pour le bureau',
  'field.note_hint': 'Par exemple : quel travail vous cherchez, si vous apportez votre CV.',
  'field.accessibility_consent': 'Je veux demander de l’aide pour le rendez-vous',
  'field.accessibility_consent_hint':
    'Par exemple : une entrée sans marches, un interprète, des gros caractères. Si vous cochez la case, vous nous permettez d’utiliser ce que vous écrivez. Nous l’utilisons seulement pour préparer le rendez-vous.',
  'field.accessibility_needs': 'De quoi avez-vous besoin ?',
  'field.accessibility_needs_hint':
    'Écrivez seulement ce qu’il vous faut. N’écrivez pas de maladies ni d’autres choses sur la santé.',
  'field.consent': 'J’ai lu les règles de confidentialité. Je vous permets d’utiliser mes données pour ce rendez-vous.',
  'field.privacy_link': 'Lire les règles de confidentialité',
  'field.required': '(obligatoire)',
  'field.optional': '(si vous voulez)',
  'link.new_window': '(s’ouvre dans une nouvelle page)',

  'review.service': 'Service',
  'review.mode': 'Comment',
  'review.when': 'Jour et heure',
  'review.where': 'Où',
  'review.accessibility': 'Aide demandée',

  'done.reference': 'Votre code :',
  'done.keep': 'Gardez ce code. Il vous servira si vous appelez le bureau.',
  'done.next': 'Quand nous confirmons le rendez-vous, nous vous envoyons un SMS.',
  'done.cancel': 'Vous ne pouvez pas venir ? Annulez avec le lien du SMS, ou ici :',
  'done.manage_link': 'votre rendez-vous',
  'done.add_to_calendar': 'Ajouter au calendrier',

  'error.prefix': 'Erreur :',
  'error.summary_heading': 'Vérifiez ces informations',
  'error.name_required': 'Écrivez votre prénom et votre nom.',
  'error.phone_required': 'Écrivez votre numéro de portable. Par exemple : 347 123 4567.',
  'error.phone_invalid': 'Ce numéro ne semble pas juste. Vérifiez-le.',
  'error.phone_landline': 'Ce numéro semble être un fixe. Il nous faut un portable pour vous envoyer des SMS.',
  'error.phone_country': 'Nous ne pouvons pas envoyer de SMS aux numéros de ce pays.',
  'call.no_mobile': 'Pas de portable ? Appelez-nous au',
  'error.consent_required': 'Pour prendre rendez-vous, cochez la case sur la confidentialité.',
  'error.slot_taken':
    'Une autre personne vient de prendre cette heure. Choisissez une autre heure. Vos informations sont toujours là.',
  'error.rate_limited':
    'Nous avons reçu trop de demandes depuis cette connexion. Réessayez plus tard ou appelez le bureau.',
  'error.network':
    'Nous n’arrivons pas à joindre le bureau. Vérifiez votre connexion et réessayez. Ce que vous avez écrit reste là.',
  'error.captcha': 'La vérification n’a pas marché. Réessayez.',
  'error.captcha_pending': 'Attendez la fin de la vérification anti-robot ci-dessous. Puis continuez.',
  'error.captcha_load':
    'Nous n’arrivons pas à ouvrir la vérification anti-robot. Vérifiez votre connexion et réessayez. Ce que vous avez écrit reste là.',
  'error.language': 'Nous n’arrivons pas à ouvrir cette langue. Vérifiez votre connexion et réessayez.',
  'error.refused': 'La prise de rendez-vous en ligne ne marche pas sur ce site. Appelez le bureau.',
  'error.generic': 'Quelque chose n’a pas marché. Réessayez ou appelez le bureau.',

  'status.loading': 'Un instant…',
  'status.language': 'Langue : français.',
  'status.sending': 'Nous envoyons la demande…',
  'status.sent': 'Demande envoyée. Le code est {reference}.',
  'status.no_slots': 'Pas d’heure libre pour ce service en ce moment.',
  'status.closed': 'Vous ne pouvez pas encore prendre rendez-vous en ligne. Appelez le bureau.',
  'status.call': 'Vous pouvez appeler le bureau :',
  // ---- issue 14: waitlist (its keys go below this line)
  'waitlist.offer': 'Aucun horaire ne vous convient ?',
  'action.waitlist': 'Inscrivez-vous sur la liste d’attente',

  // ---- issue 14: reminder plans and call list (its keys go below this line)
  // (the texts only the later steps use are in later.ts)

  // ---- issue 14: the person's own move, and the no-show figures (their keys go below this line)

  // ---- issue 15: needs that change the appointment (its keys go below this line)

  // ---- issue 15: follow-ups, walk-ins and reports (their keys go below this line)
};
