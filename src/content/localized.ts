// The schema's side of multilingual content: a field that may be a mapping of language to text.
// Apart from languages.ts, which resolves those mappings, so the schema can use it without a circle.
import { z } from 'zod';

/** A BCP 47 language tag. */
export const locale = z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'a BCP 47 locale such as en-GB');

/** A field's texts by language, as the pack gives them. */
export class Translations {
  constructor(readonly texts: Readonly<Record<string, string>>) {}
}

/**
 * A text field that may also be a mapping of language to text. Its type stays `string`: loading
 * resolves every mapping before anything reads the content (see `resolveContent`).
 */
export function localized<T extends z.ZodType<string>>(text: T) {
  return z
    .union([text, z.record(locale, text).refine((m) => Object.keys(m).length > 0, 'a mapping of language to text, e.g. { en: …, fr: … }')])
    .transform((v) => (typeof v === 'string' ? v : (new Translations(v as Record<string, string>) as unknown as string)));
}
