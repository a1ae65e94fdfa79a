import type { Catalog } from '.';

/** The widget's Ukrainian messages (a chunk of its own, loaded when chosen). Polite "ви", as with any office. */
export const uk: Catalog = {
  'widget.label': 'Запис на зустріч в офісі',
  'lang.label': 'Мова',
  'step.progress': 'Крок {step} з {total}',
  'step.service.heading': 'Для чого вам потрібна зустріч?',
  'step.mode.heading': 'Як ви хочете зустрітися?',
  'step.day.heading': 'Виберіть день і час',
  'step.details.heading': 'Ваші дані',
  'step.review.heading': 'Перевірте й надішліть',
  'step.done.heading': 'Запит надіслано',

  'action.next': 'Далі',
  'action.back': 'Назад',
  'action.submit': 'Надіслати запит',
  'action.retry': 'Спробувати ще раз',
  'action.next_week': 'Наступний тиждень',
  'action.previous_week': 'Попередній тиждень',
  'action.restart': 'Записатися ще раз',

  'service.duration': 'Триває {minutes, plural, one {# хвилину} few {# хвилини} many {# хвилин} other {# хвилини}}',
  'mode.in_person': 'Особисто',
  'mode.in_person_hint': 'Приходьте в офіс: {address}, {city}.',
  'mode.remote': 'Відеодзвінком',
  'mode.remote_hint':
    'Ми бачимося в інтернеті, через телефон або комп’ютер. Ми надішлемо вам посилання. Нічого не треба встановлювати.',

  'tz.label': 'Час — як у місті {city} ({zone}).',
  'week.range': '{from} — {to}',
  'week.empty': 'Цього тижня немає вільного часу. Спробуйте наступний тиждень.',
  'day.slots':
    '{day}. Вільний час: {count, plural, one {# варіант} few {# варіанти} many {# варіантів} other {# варіанта}}',
  'slot.name': '{date}, {time}',

  'field.name': 'Ім’я та прізвище',
  'field.phone': 'Номер мобільного',
  'field.phone_hint': 'Ми надішлемо вам SMS. Наприклад: 347 123 4567.',
  'field.email': 'Електронна пошта',
  'field.note': 'Повідомлення для офісу',
  'field.note_hint': 'Наприклад: яку роботу ви шукаєте, чи принесете резюме.',
  'field.accessibility_consent': 'Я хочу попросити про допомогу на зустрічі',
  'field.accessibility_consent_hint':
    'Наприклад: вхід без сходинок, перекладач, великий шрифт. Якщо ви позначите поле, ви дозволяєте нам використати те, що ви напишете. Ми використаємо це тільки для підготовки зустрічі.',
  'field.accessibility_needs': 'Що вам потрібно?',
  'field.accessibility_needs_hint': 'Напишіть лише те, що вам потрібно. Не пишіть про хвороби чи інше про здоров’я.',
  'field.consent': 'Я прочитав(-ла) правила конфіденційності. Я дозволяю використати мої дані для цього запису.',
  'field.privacy_link': 'Прочитайте правила конфіденційності',
  'field.required': '(обов’язково)',
  'field.optional': '(за бажанням)',
  'link.new_window': '(відкриється на новій сторінці)',

  'review.service': 'Послуга',
  'review.mode': 'Як',
  'review.when': 'День і час',
  'review.where': 'Де',
  'review.accessibility': 'Допомога, яку ви просите',

  'done.reference': 'Ваш код:',
  'done.keep': 'Збережіть цей код. Він знадобиться, якщо ви зателефонуєте в офіс.',
  'done.next': 'Коли ми підтвердимо зустріч, ми надішлемо вам SMS.',
  'done.cancel': 'Не можете прийти? Скасуйте через посилання в SMS або тут:',
  'done.manage_link': 'ваш запис',
  'done.add_to_calendar': 'Додати в календар',

  'error.prefix': 'Помилка:',
  'error.summary_heading': 'Перевірте ці дані',
  'error.name_required': 'Напишіть ваше ім’я та прізвище.',
  'error.phone_required': 'Напишіть ваш номер мобільного. Наприклад: 347 123 4567.',
  'error.phone_invalid': 'Цей номер, здається, неправильний. Перевірте його.',
  'error.phone_landline': 'Це схоже на стаціонарний номер. Нам потрібен мобільний, щоб надсилати вам SMS.',
  'error.phone_country': 'Ми не можемо надсилати SMS на номери цієї країни.',
  'call.no_mobile': 'Немає мобільного? Телефонуйте нам:',
  'error.consent_required': 'Щоб записатися, позначте поле про конфіденційність.',
  'error.slot_taken': 'Хтось щойно зайняв цей час. Виберіть інший час. Ваші дані залишилися тут.',
  'error.rate_limited': 'Ми отримали забагато запитів із цього з’єднання. Спробуйте пізніше або зателефонуйте в офіс.',
  'error.network':
    'Ми не можемо з’єднатися з офісом. Перевірте з’єднання і спробуйте ще раз. Те, що ви написали, залишиться тут.',
  'error.captcha': 'Перевірка не вдалася. Спробуйте ще раз.',
  'error.captcha_pending': 'Зачекайте, поки закінчиться перевірка «я не робот» нижче. Потім ідіть далі.',
  'error.captcha_load':
    'Ми не можемо відкрити перевірку «я не робот». Перевірте з’єднання і спробуйте ще раз. Те, що ви написали, залишиться тут.',
  'error.language': 'Ми не можемо відкрити цю мову. Перевірте з’єднання і спробуйте ще раз.',
  'error.refused': 'Онлайн-запис не працює на цьому сайті. Зателефонуйте в офіс.',
  'error.generic': 'Щось пішло не так. Спробуйте ще раз або зателефонуйте в офіс.',

  'status.loading': 'Хвилинку…',
  'status.language': 'Мова: українська.',
  'status.sending': 'Надсилаємо запит…',
  'status.sent': 'Запит надіслано. Код: {reference}.',
  'status.no_slots': 'Зараз немає вільного часу для цієї послуги.',
  'status.closed': 'Онлайн-запис ще не відкрито. Зателефонуйте в офіс.',
  'status.call': 'Можна зателефонувати в офіс:',
  // ---- issue 14: waitlist (its keys go below this line)
  'waitlist.offer': 'Жоден час не підходить?',
  'action.waitlist': 'Запишіться в лист очікування',

  // ---- issue 14: reminder plans and call list (its keys go below this line)
  // (the texts only the later steps use are in later.ts)

  // ---- issue 14: the person's own move, and the no-show figures (their keys go below this line)

  // ---- issue 15: needs that change the appointment (its keys go below this line)

  // ---- issue 15: follow-ups, walk-ins and reports (their keys go below this line)
};
