// The content model: one zod schema is the source of the TypeScript types, the validator and the
// JSON Schema editors use for autocompletion (`briefpack schema`).
import { z } from 'zod';
import type { Diagnostic } from '../document/model.js';
import { nestsTooDeep, RICH_NESTING_LIMIT } from '../markdown/index.js';
import { LENGTHS } from './lengths.js';
import { locale, localized } from './localized.js';

/**
 * Longest field, in characters (UTF-16 code units, as JavaScript counts). Far above any briefing's
 * needs, low enough that every document lays out in seconds; the README documents both.
 */
export const TEXT_LIMIT = 20_000;
export const RICH_TEXT_LIMIT = 200_000;
const atMost = (limit: number) => `must be at most ${limit.toLocaleString('en-GB')} characters long: shorten it, or split it over several items`;
/**
 * Plain text: printed exactly as typed, never read as Markdown, HTML or template syntax. Any text
 * field may instead map languages to texts ({ en: …, fr: … }); see languages.ts.
 */
const plain = z.string().trim().min(1, 'must not be empty').max(TEXT_LIMIT, atMost(TEXT_LIMIT));
/**
 * Longest marking: a label printed at the top and bottom of every page (OFFICIAL-SENSITIVE). One
 * long enough to fill the page's margins would be laid out again on every page.
 */
export const MARKING_LIMIT = 200;
export const markingTooLong = `a marking is at most ${MARKING_LIMIT} characters long (it prints at the top and bottom of every page)`;
const marking = z.string().trim().min(1, 'must not be empty').max(MARKING_LIMIT, markingTooLong);
const text = localized(plain);
/** Rich text: CommonMark (no raw HTML). Declared here, and only here, per field. */
const richText = localized(
  z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(RICH_TEXT_LIMIT, atMost(RICH_TEXT_LIMIT))
    // Deeper than this, the Markdown reader would drop the rest unseen; say so where it was written.
    .refine((v) => !nestsTooDeep(v), `nests lists or quotes more than ${RICH_NESTING_LIMIT} levels deep: flatten it (Word numbers at most 9 levels, and deeper items print at the 9th anyway)`)
    // `$comment`, not a keyword of our own: validators in strict mode (ajv) refuse unknown keywords.
    .meta({ $comment: 'briefpack: rich text', contentMediaType: 'text/markdown', description: 'Markdown (CommonMark, no HTML)' }),
);
const id = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'an id: letters, digits, dot, dash or underscore');
/** True when year, month and day name a day of the calendar (2025-02-30 does not). */
const realDate = (v: string) => {
  const [y, m, d] = v.split('-').map(Number);
  if (m === undefined) return true;
  const date = new Date(Date.UTC(y!, m - 1, d ?? 1));
  return date.getUTCMonth() === m - 1 && (d === undefined || date.getUTCDate() === d);
};
const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD')
  .refine(realDate, 'a date that exists on the calendar (YYYY-MM-DD)');
// YAML reads a bare year (2024) as a number; a year is what the author meant.
const partialDate = z.preprocess(
  (v) => (typeof v === 'number' && Number.isInteger(v) ? String(v) : v),
  z
    .string()
    .regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, 'a date as YYYY, YYYY-MM or YYYY-MM-DD')
    .refine(realDate, 'a date that exists on the calendar'),
);
export { locale };
const url = z.string().regex(/^(https?:\/\/|mailto:)\S+$/, 'an http(s) or mailto address');

export { LENGTHS };
export const AUDIENCES = ['internal', 'public'] as const;
export const PRIORITIES = ['high', 'medium', 'low'] as const;
export const ITEM_KINDS = [
  'objective',
  'key-message',
  'position',
  'line-to-take',
  'speaking-point',
  'defensive-qa',
  'background',
] as const;

export const packSchema = z
  .object({
    title: text,
    shortTitle: text.optional().describe('Used in the running header'),
    subtitle: text.optional(),
    meeting: z
      .object({
        name: text,
        body: text.optional().describe('The organisation or forum holding the meeting'),
        venue: text.optional(),
        start: isoDate,
        end: isoDate.optional(),
      })
      .strict(),
    preparedFor: z.object({ name: text, organisation: text.optional() }).strict().describe('Who the pack is for'),
    preparedBy: z.object({ name: text, unit: text.optional(), contact: text.optional() }).strict(),
    date: isoDate.describe('Date of the pack'),
    reference: plain.optional(),
    version: plain.optional(),
    marking: marking.optional().describe('Classification or distribution marking, e.g. OFFICIAL-SENSITIVE'),
    locale: locale.default('en-GB'),
    logo: z.string().optional().describe('PNG, JPEG or SVG file in the pack folder'),
    summary: richText.optional().describe('Purpose of the meeting, a short paragraph'),
  })
  .strict();

export const topicSchema = z
  .object({
    id,
    title: text,
    aliases: z.array(plain).default([]),
    description: text.optional(),
    order: z.number().int().optional(),
    likelihood: z
      .enum(['certain', 'possible', 'unlikely'])
      .default('possible')
      .describe('How likely the topic is to come up: sets its default depth'),
  })
  .strict();

export const sessionSchema = z
  .object({
    date: isoDate,
    time: z.string().regex(/^\d{2}:\d{2}(-\d{2}:\d{2})?$/, 'a time as HH:MM or HH:MM-HH:MM').optional(),
    item: text.describe('Agenda item title'),
    topics: z.array(id).default([]),
    speaker: id.optional().describe('Id of a person'),
    notes: text.optional(),
    opening: text.optional().describe('Speaking notes: the words this speech opens with (default: the template labels)'),
    closing: text.optional().describe('Speaking notes: the words this speech closes with (default: the template labels)'),
  })
  .strict();

export const personSchema = z
  .object({ id, name: text, role: text.optional(), organisation: text.optional() })
  .strict();

export const itemSchema = z
  .object({
    id,
    kind: z.enum(ITEM_KINDS),
    topics: z.array(id).default([]).describe('Empty: applies to the meeting as a whole'),
    priority: z.enum(PRIORITIES).default('medium'),
    audience: z.enum(AUDIENCES).default('internal').describe('internal items never reach a public document'),
    question: text.optional().describe('For defensive-qa: the question we may be asked'),
    headline: text.describe('One line'),
    summary: text.optional().describe('A short paragraph'),
    detail: richText.optional().describe('Full detail'),
    sources: z.array(id).default([]),
    repeat: z
      .boolean()
      .optional()
      .describe('Speaking notes: say it in every session it concerns, not only the first'),
  })
  .strict()
  .refine((item) => item.kind !== 'defensive-qa' || item.question !== undefined, {
    message: 'defensive-qa items need a question (the question we may be asked)',
    path: ['question'],
  });

export const glossarySchema = z.object({ term: text, definition: text }).strict();

export const sourceSchema = z
  .object({ id, title: text, publisher: text.optional(), date: partialDate.optional(), url: url.optional() })
  .strict();

export const documentSchema = z
  .object({
    id,
    template: id.describe('Template name in the templates folder'),
    title: text.optional(),
    titleKey: z
      .string()
      .regex(/^[A-Za-z][\w.-]*$/)
      .optional()
      .describe('Message key of the title in the template catalogues (messages/<lang>.json), so it prints in the document\'s language; `title` wins'),
    lang: locale.optional().describe('Language of the document (BCP 47, e.g. fr); default: the pack locale. --lang wins'),
    audience: z.enum(AUDIENCES),
    marking: marking.optional().describe('Overrides the pack marking for this document'),
    kinds: z
      .array(z.enum(ITEM_KINDS))
      .min(1)
      .optional()
      .describe('Kinds of item the document prints (default: every kind)'),
    attribution: z
      .boolean()
      .optional()
      .describe(
        'Whether the document names its drafters, reference and internal title (pages and file properties); default true for internal documents, false for public ones',
      ),
    length: z.enum(LENGTHS).default('standard'),
    theme: z
      .string()
      .min(1)
      .optional()
      .describe('Theme name or .json file (relative to the pack folder) for this document; wins over --theme'),
  })
  .strict();

/** Every YAML file of a pack is a mapping of some of these sections; lists add up across files. */
export const fileSchema = z
  .object({
    pack: packSchema.optional(),
    topics: z.array(topicSchema).optional(),
    agenda: z.array(sessionSchema).optional(),
    people: z.array(personSchema).optional(),
    items: z.array(itemSchema).optional(),
    glossary: z.array(glossarySchema).optional(),
    sources: z.array(sourceSchema).optional(),
    documents: z.array(documentSchema).optional(),
  })
  .strict();

export type PackInfo = z.infer<typeof packSchema>;
export type Topic = z.infer<typeof topicSchema>;
export type Session = z.infer<typeof sessionSchema>;
export type Person = z.infer<typeof personSchema>;
export type Item = z.infer<typeof itemSchema>;
export type GlossaryEntry = z.infer<typeof glossarySchema>;
export type Source = z.infer<typeof sourceSchema>;
export type DocumentSpec = z.infer<typeof documentSchema>;
export type Audience = (typeof AUDIENCES)[number];
export type Priority = (typeof PRIORITIES)[number];
export type { Length } from './lengths.js';
export type ItemKind = (typeof ITEM_KINDS)[number];

/** A whole pack, loaded from its folder and checked across files. */
export interface Content {
  readonly id: string;
  /** Absolute folder the pack was read from (images are resolved against it). */
  readonly folder: string;
  readonly pack: PackInfo;
  readonly topics: readonly Topic[];
  readonly agenda: readonly Session[];
  readonly people: readonly Person[];
  readonly items: readonly Item[];
  readonly glossary: readonly GlossaryEntry[];
  readonly sources: readonly Source[];
  /** Documents the pack declares; empty = the bundled defaults. */
  readonly documents: readonly DocumentSpec[];
  /** What loading changed and the author should know (sanitize.ts): each document reports them. */
  readonly warnings?: readonly Diagnostic[];
}

export function contentJsonSchema(): unknown {
  return z.toJSONSchema(fileSchema, { io: 'input' });
}
