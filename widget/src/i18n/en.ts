import type { Catalog } from '.';

/** The widget's English messages. */
export const en: Catalog = {
  'widget.label': 'Book an appointment at the desk',
  'lang.label': 'Language',
  'step.progress': 'Step {step} of {total}',
  'step.service.heading': 'What do you need an appointment for?',
  'step.mode.heading': 'How do you want to meet?',
  'step.day.heading': 'Choose the day and time',
  'step.details.heading': 'Your details',
  'step.review.heading': 'Check and send',
  'step.done.heading': 'Request sent',

  'action.next': 'Next',
  'action.back': 'Back',
  'action.submit': 'Send the request',
  'action.retry': 'Try again',
  'action.next_week': 'Following week',
  'action.previous_week': 'Week before',
  'action.restart': 'Book another appointment',

  'service.duration': 'Takes {minutes, plural, one {# minute} other {# minutes}}',
  'mode.in_person': 'In person',
  'mode.in_person_hint': 'Come to the desk: {address}, {city}.',
  'mode.remote': 'By video call',
  'mode.remote_hint':
    'We meet on the internet, with your phone or computer. We send you a link. You do not need to install anything.',

  'tz.label': 'Times are {city} time ({zone}).',
  'week.range': 'From {from} to {to}',
  'week.empty': 'There are no free times this week. Try the next week.',
  'day.slots': '{count, plural, one {# free time} other {# free times}} on {day}',
  'slot.name': '{date}, {time}',

  'field.name': 'Full name',
  'field.phone': 'Mobile number',
  'field.phone_hint': 'We send you a text message. For example: 347 123 4567.',
  'field.email': 'Email',
  'field.note': 'Message for the desk',
  'field.note_hint': 'For example: what work you are looking for, if you bring your CV.',
  'field.accessibility_consent': 'I want to ask for help for the appointment',
  'field.accessibility_consent_hint':
    'For example: a way in without steps, an interpreter, large print. If you tick the box, you let us use what you write. We use it only to prepare the appointment.',
  'field.accessibility_needs': 'What do you need?',
  'field.accessibility_needs_hint': 'Only write what you need. Do not write about illness or other health matters.',
  'field.consent': 'I have read the privacy rules. I let you use my details for this booking.',
  'field.privacy_link': 'Read the privacy rules',
  'field.required': '(required)',
  'field.optional': '(if you want)',
  'link.new_window': '(opens in a new page)',

  'review.service': 'Service',
  'review.mode': 'How',
  'review.when': 'Day and time',
  'review.where': 'Where',
  'review.accessibility': 'Help you ask for',

  'done.reference': 'Your code:',
  'done.keep': 'Keep this code. You need it if you call the desk.',
  'done.next': 'When we confirm the appointment, we send you a text message.',
  'done.cancel': 'Cannot come? Cancel with the link in the text message, or here:',
  'done.manage_link': 'your booking',
  'done.add_to_calendar': 'Add to calendar',

  'error.prefix': 'Error:',
  'error.summary_heading': 'Please check these details',
  'error.name_required': 'Write your full name.',
  'error.phone_required': 'Write your mobile number. For example: 347 123 4567.',
  'error.phone_invalid': 'This number does not look right. Please check it.',
  'error.phone_landline': 'This looks like a landline. We need a mobile to text you.',
  'error.phone_country': 'We cannot send text messages to numbers from this country.',
  'call.no_mobile': 'No mobile? Call us on',
  'error.consent_required': 'To book, you must tick the privacy box.',
  'error.slot_taken': 'Someone else has just taken that time. Choose another time. Your details are still here.',
  'error.rate_limited': 'We got too many requests from this connection. Try again later or call the desk.',
  'error.network': 'We cannot reach the desk. Check your connection and try again. What you wrote stays here.',
  'error.captcha': 'The check did not work. Try again.',
  'error.captcha_pending': 'Wait for the anti-robot check below to finish. Then go on.',
  'error.captcha_load':
    'We cannot open the anti-robot check. Check your connection and try again. What you wrote stays here.',
  'error.language': 'We cannot open this language. Check your connection and try again.',
  'error.refused': 'Online booking does not work on this website. Please call the desk.',
  'error.generic': 'Something went wrong. Try again or call the desk.',

  'status.loading': 'One moment…',
  'status.language': 'Language: English.',
  'status.sending': 'We are sending the request…',
  'status.sent': 'Request sent. The code is {reference}.',
  'status.no_slots': 'There are no free times for this service now.',
  'status.closed': 'You cannot book online yet. Please call the desk.',
  'status.call': 'You can phone the desk:',
  // ---- issue 14: waitlist (its keys go below this line)
  'waitlist.offer': 'Does no time suit you?',
  'action.waitlist': 'Join the waiting list',

  // ---- issue 14: reminder plans and call list (its keys go below this line)
  // (the texts only the later steps use are in later.ts)

  // ---- issue 14: the person's own move, and the no-show figures (their keys go below this line)

  // ---- issue 15: needs that change the appointment (its keys go below this line)

  // ---- issue 15: follow-ups, walk-ins and reports (their keys go below this line)
};
