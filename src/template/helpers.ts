import type { HelperOptions } from 'handlebars';
import type { Messages } from './messages.js';

type Root = { pack?: { locale?: string } };
const localeOf = (options: HelperOptions) => (options.data?.root as Root | undefined)?.pack?.locale ?? 'en-GB';

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(locale: string, style: string): Intl.DateTimeFormat {
  const key = `${locale}|${style}`;
  let f = formatters.get(key);
  if (!f) {
    const options: Intl.DateTimeFormatOptions =
      style === 'short'
        ? { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }
        : style === 'weekday'
          ? { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }
          : style === 'daymonth'
            ? { day: 'numeric', month: 'long', timeZone: 'UTC' }
            : { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' };
    f = new Intl.DateTimeFormat(locale, options);
    formatters.set(key, f);
  }
  return f;
}

function toDate(value: unknown): Date | undefined {
  if (typeof value !== 'string') return undefined;
  const m = /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$/.exec(value);
  if (!m) return undefined;
  return new Date(Date.UTC(Number(m[1]), Number(m[2] ?? 1) - 1, Number(m[3] ?? 1)));
}

/** Handlebars passes its options object last; these helpers take optional arguments before it. */
function split(args: unknown[]): { params: unknown[]; options: HelperOptions } {
  return { params: args.slice(0, -1), options: args[args.length - 1] as HelperOptions };
}

export const helpers: Record<string, (...args: unknown[]) => unknown> = {
  /** {{formatDate date}} or {{formatDate date "short"|"weekday"|"daymonth"}} in the pack's locale. */
  formatDate(...args) {
    const { params, options } = split(args);
    const date = toDate(params[0]);
    if (!date) return params[0] ?? '';
    const partial = typeof params[0] === 'string' && params[0].length < 10;
    if (partial) {
      return params[0]!.toString().length === 4
        ? String(date.getUTCFullYear())
        : new Intl.DateTimeFormat(localeOf(options), { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(date);
    }
    return formatter(localeOf(options), typeof params[1] === 'string' ? params[1] : 'long').format(date);
  },
  /** {{dateRange start end}}: "8–10 July 2024" in the pack's locale. */
  dateRange(...args) {
    const { params, options } = split(args);
    const start = toDate(params[0]);
    const end = toDate(params[1]);
    if (!start) return '';
    const long = formatter(localeOf(options), 'long');
    if (!end || end.getTime() === start.getTime()) return long.format(start);
    // A range of numbers takes an unspaced en dash ("8–12 July"); ICU spaces it as it spaces a range
    // of words ("8 July – 12 August"), which stays spaced.
    return long.formatRange(start, end).replace(/(\d)[\s\u2009\u202F]*–[\s\u2009\u202F]*(\d)/gu, '$1–$2');
  },
  /** {{join list ", "}} or {{join list ", " "key"}}; a last separator via {{join list ", " "" " and "}}. */
  join(...args) {
    const { params } = split(args);
    const list = Array.isArray(params[0]) ? (params[0] as unknown[]) : [];
    const sep = typeof params[1] === 'string' ? params[1] : ', ';
    const key = typeof params[2] === 'string' && params[2] ? params[2] : undefined;
    const last = typeof params[3] === 'string' ? params[3] : sep;
    const values = list.map((v) => (key && v && typeof v === 'object' ? (v as Record<string, unknown>)[key] : v)).map(String);
    return values.length <= 1 ? (values[0] ?? '') : `${values.slice(0, -1).join(sep)}${last}${values[values.length - 1]}`;
  },
  /**
   * {{t "objectives"}}, {{t "sessions" count=n}}: a word of the document's language from the
   * template folder's catalogues (messages/<lang>.json); the hash gives the message's values.
   */
  t(...args) {
    const { params, options } = split(args);
    const messages = (options.data as { messages?: Messages } | undefined)?.messages;
    if (!messages) throw new Error('{{t}} is used where no message catalogue was given');
    return messages.format(String(params[0]), options.hash as Record<string, unknown>);
  },
  /** {{pluck list "title"}}: each entry's field, as a list (a message prints a list in its language: "a, b and c"). */
  pluck(...args) {
    const { params } = split(args);
    const list = Array.isArray(params[0]) ? (params[0] as unknown[]) : [];
    const key = String(params[1]);
    return list.map((v) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[key] : v));
  },
  /** {{plural count "item" "items"}} → "3 items". */
  plural(...args) {
    const { params, options } = split(args);
    const n = Array.isArray(params[0]) ? params[0].length : Number(params[0]);
    const rule = new Intl.PluralRules(localeOf(options)).select(n);
    return `${n} ${rule === 'one' ? String(params[1]) : String(params[2] ?? params[1])}`;
  },
  upper: (...args) => String(split(args).params[0] ?? '').toUpperCase(),
  eq: (...args) => {
    const { params } = split(args);
    return params[0] === params[1];
  },
  ne: (...args) => {
    const { params } = split(args);
    return params[0] !== params[1];
  },
  and: (...args) => split(args).params.every(Boolean),
  or: (...args) => split(args).params.some(Boolean),
  not: (...args) => !split(args).params[0],
  /** {{#if (any list1 list2)}}: true when any argument is a non-empty list or a truthy value. */
  any: (...args) => split(args).params.some((p) => (Array.isArray(p) ? p.length > 0 : Boolean(p))),
  /** {{inc @index}} for 1-based numbering. */
  inc: (...args) => Number(split(args).params[0]) + 1,
};
