import type { Catalog } from '.';

/**
 * The widget's Arabic messages (a chunk of its own, loaded when chosen): Modern Standard Arabic in simple
 * words, right to left. The example phone number is wrapped in U+2066 … U+2069 (left-to-right isolate), so
 * its groups of digits keep their order inside an Arabic sentence.
 */
export const ar: Catalog = {
  'widget.label': 'احجز موعدًا في المكتب',
  'lang.label': 'اللغة',
  'step.progress': 'الخطوة {step} من {total}',
  'step.service.heading': 'ما سبب الموعد؟',
  'step.mode.heading': 'كيف تريد أن نلتقي؟',
  'step.day.heading': 'اختر اليوم والوقت',
  'step.details.heading': 'بياناتك',
  'step.review.heading': 'راجع وأرسل',
  'step.done.heading': 'تم إرسال الطلب',

  'action.next': 'التالي',
  'action.back': 'رجوع',
  'action.submit': 'أرسل الطلب',
  'action.retry': 'حاول مرة أخرى',
  'action.next_week': 'الأسبوع التالي',
  'action.previous_week': 'الأسبوع السابق',
  'action.restart': 'احجز موعدًا آخر',

  'service.duration':
    'المدة: {minutes, plural, zero {# دقيقة} one {دقيقة واحدة} two {دقيقتان} few {# دقائق} many {# دقيقة} other {# دقيقة}}',
  'mode.in_person': 'في المكتب',
  'mode.in_person_hint': 'تعال إلى المكتب: {address}، {city}.',
  'mode.remote': 'بمكالمة فيديو',
  'mode.remote_hint': 'نلتقي عبر الإنترنت، بالهاتف أو الكمبيوتر. نرسل لك رابطًا. لا تحتاج إلى تثبيت أي شيء.',

  'tz.label': 'الأوقات حسب توقيت {city} ({zone}).',
  'week.range': 'من {from} إلى {to}',
  'week.empty': 'لا توجد أوقات متاحة هذا الأسبوع. جرّب الأسبوع التالي.',
  'day.slots':
    '{count, plural, zero {لا توجد أوقات متاحة} one {وقت متاح واحد} two {وقتان متاحان} few {# أوقات متاحة} many {# وقتًا متاحًا} other {# وقت متاح}} يوم {day}',
  'slot.name': '{date}، {time}',

  'field.name': 'الاسم الكامل',
  'field.phone': 'رقم الهاتف المحمول',
  'field.phone_hint': 'نرسل لك رسالة نصية. مثال: \u2066347 123 4567\u2069.',
  'field.email': 'البريد الإلكتروني',
  'field.note': 'رسالة إلى المكتب',
  'field.note_hint': 'مثلًا: ما العمل الذي تبحث عنه، وهل ستحضر سيرتك الذاتية.',
  'field.accessibility_consent': 'أريد طلب مساعدة للموعد',
  'field.accessibility_consent_hint':
    'مثلًا: مدخل بدون درج، مترجم، خط كبير. إذا وضعت علامة في المربع، فأنت تسمح لنا باستخدام ما تكتبه. نستخدمه فقط لتحضير الموعد.',
  'field.accessibility_needs': 'ماذا تحتاج؟',
  'field.accessibility_needs_hint': 'اكتب فقط ما تحتاجه. لا تكتب أمراضًا أو معلومات أخرى عن الصحة.',
  'field.consent': 'قرأت قواعد الخصوصية. أسمح لكم باستخدام بياناتي لهذا الحجز.',
  'field.privacy_link': 'اقرأ قواعد الخصوصية',
  'field.required': '(إجباري)',
  'field.optional': '(إذا أردت)',
  'link.new_window': '(تفتح في صفحة جديدة)',

  'review.service': 'الخدمة',
  'review.mode': 'الطريقة',
  'review.when': 'اليوم والوقت',
  'review.where': 'المكان',
  'review.accessibility': 'المساعدة المطلوبة',

  'done.reference': 'رمزك:',
  'done.keep': 'احتفظ بهذا الرمز. تحتاجه إذا اتصلت بالمكتب.',
  'done.next': 'عندما نؤكد الموعد، نرسل لك رسالة نصية.',
  'done.cancel': 'لا تستطيع الحضور؟ ألغِ الموعد من الرابط في الرسالة، أو من هنا:',
  'done.manage_link': 'حجزك',
  'done.add_to_calendar': 'أضف إلى التقويم',

  'error.prefix': 'خطأ:',
  'error.summary_heading': 'تحقق من هذه البيانات',
  'error.name_required': 'اكتب اسمك الكامل.',
  'error.phone_required': 'اكتب رقم هاتفك المحمول. مثال: \u2066347 123 4567\u2069.',
  'error.phone_invalid': 'يبدو أن هذا الرقم غير صحيح. تحقق منه.',
  'error.phone_landline': 'يبدو أن هذا رقم هاتف أرضي. نحتاج إلى رقم محمول لنرسل لك الرسائل.',
  'error.phone_country': 'لا يمكننا إرسال رسائل إلى أرقام من هذا البلد.',
  'call.no_mobile': 'ليس لديك هاتف محمول؟ اتصل بنا على',
  'error.consent_required': 'للحجز، ضع علامة في مربع الخصوصية.',
  'error.slot_taken': 'شخص آخر أخذ هذا الوقت الآن. اختر وقتًا آخر. بياناتك ما زالت هنا.',
  'error.rate_limited': 'وصلتنا طلبات كثيرة جدًا من هذا الاتصال. حاول لاحقًا أو اتصل بالمكتب.',
  'error.network': 'لا نستطيع الوصول إلى المكتب. تحقق من الاتصال وحاول مرة أخرى. ما كتبته باقٍ هنا.',
  'error.captcha': 'لم ينجح التحقق. حاول مرة أخرى.',
  'error.captcha_pending': 'انتظر حتى ينتهي التحقق «لست روبوتًا» في الأسفل. ثم تابع.',
  'error.captcha_load': 'لا نستطيع فتح التحقق «لست روبوتًا». تحقق من الاتصال وحاول مرة أخرى. ما كتبته باقٍ هنا.',
  'error.language': 'لا نستطيع فتح هذه اللغة. تحقق من الاتصال وحاول مرة أخرى.',
  'error.refused': 'الحجز عبر الإنترنت لا يعمل على هذا الموقع. اتصل بالمكتب.',
  'error.generic': 'حدث خطأ. حاول مرة أخرى أو اتصل بالمكتب.',

  'status.loading': 'لحظة…',
  'status.language': 'اللغة: العربية.',
  'status.sending': 'نرسل الطلب الآن…',
  'status.sent': 'تم إرسال الطلب. الرمز هو {reference}.',
  'status.no_slots': 'لا توجد أوقات متاحة لهذه الخدمة الآن.',
  'status.closed': 'الحجز عبر الإنترنت غير متاح بعد. اتصل بالمكتب.',
  'status.call': 'يمكنك الاتصال بالمكتب:',
  // ---- issue 14: waitlist (its keys go below this line)
  'waitlist.offer': 'لا يناسبك أي وقت؟',
  'action.waitlist': 'سجّل في قائمة الانتظار',

  // ---- issue 14: reminder plans and call list (its keys go below this line)
  // (the texts only the later steps use are in later.ts)

  // ---- issue 14: the person's own move, and the no-show figures (their keys go below this line)

  // ---- issue 15: needs that change the appointment (its keys go below this line)

  // ---- issue 15: follow-ups, walk-ins and reports (their keys go below this line)
};
