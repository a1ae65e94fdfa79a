/**
 * The message format shared by the server, the widget and the portal: `{name}` placeholders and plural
 * choices written as `{count, plural, =0 {nessun appuntamento} one {# appuntamento} other {# appuntamenti}}`.
 *
 * A choice picks `=N` (an exact value) first, then the language's category from `Intl.PluralRules` (Italian
 * and English have `one`/`other`; Arabic has six, Ukrainian four), then `other`. `#` in the chosen branch is
 * the number as the language writes it. Branches may hold `{name}` placeholders. A placeholder with no
 * value is left as written, so a missing parameter shows instead of vanishing.
 */

export type MessageParams = Readonly<Record<string, string | number>>;

const rulesByLocale = new Map<string, Intl.PluralRules>();
const numbersByLocale = new Map<string, Intl.NumberFormat>();

function pluralRules(locale: string): Intl.PluralRules {
  let rules = rulesByLocale.get(locale);
  if (!rules) rulesByLocale.set(locale, (rules = new Intl.PluralRules(locale)));
  return rules;
}

function numberFormat(locale: string): Intl.NumberFormat {
  let format = numbersByLocale.get(locale);
  if (!format) numbersByLocale.set(locale, (format = new Intl.NumberFormat(locale, { useGrouping: false })));
  return format;
}

/** Index of the `}` closing the `{` at `open`, or -1. */
export function closing(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) return i;
  }
  return -1;
}

const CHOICE_HEAD = /^\s*(\w+)\s*,\s*plural\s*,/;

/** The branches of a plural choice's body (`one {…} other {…}`), by selector. */
export function branches(body: string): Map<string, string> {
  const out = new Map<string, string>();
  let i = 0;
  while (i < body.length) {
    const open = body.indexOf('{', i);
    if (open < 0) break;
    const selector = body.slice(i, open).trim();
    const close = closing(body, open);
    if (close < 0) break;
    out.set(selector, body.slice(open + 1, close));
    i = close + 1;
  }
  return out;
}

function choose(locale: string, body: string, value: string | number | undefined): string | undefined {
  const n = typeof value === 'number' ? value : Number(value);
  if (value === undefined || !Number.isFinite(n)) return undefined;
  const options = branches(body);
  const text = options.get(`=${n}`) ?? options.get(pluralRules(locale).select(n)) ?? options.get('other');
  return text?.replace(/#/g, numberFormat(locale).format(n));
}

function fill(text: string, params: MessageParams): string {
  return text.replace(/\{(\w+)\}/g, (m, name: string) =>
    Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : m,
  );
}

/** `template` in `locale` (a BCP 47 tag such as `it` or `ar`) with its choices made and placeholders filled. */
export function formatMessage(locale: string, template: string, params?: MessageParams): string {
  if (!params) return template;
  if (!template.includes(', plural,') && !template.includes(',plural,')) return fill(template, params);
  let out = '';
  let i = 0;
  while (i < template.length) {
    const open = template.indexOf('{', i);
    if (open < 0) break;
    const close = closing(template, open);
    if (close < 0) break;
    const inner = template.slice(open + 1, close);
    const head = CHOICE_HEAD.exec(inner);
    out += fill(template.slice(i, open), params);
    if (head) {
      const chosen = choose(locale, inner.slice(head[0].length), params[head[1] ?? '']);
      out += chosen === undefined ? template.slice(open, close + 1) : fill(chosen, params);
    } else {
      out += fill(template.slice(open, close + 1), params);
    }
    i = close + 1;
  }
  return out + fill(template.slice(i), params);
}
