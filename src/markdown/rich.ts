// Rich-text fields inside a template's Markdown. A field is Markdown written by content authors;
// parsed together with the template's own Markdown, an unclosed fence or a `:::` line in one field
// would reach past it (later items read as code, a cover or page break injected). So the template
// step wraps each field in START … END and the reader cuts the fields out before parsing, leaves a
// placeholder where each stood, parses every field on its own (without directives) and splices
// the result in at its placeholder.
//
// START and END are control characters: literal data never carries them into the Markdown (the
// template step strips control characters from `{{value}}`), so data cannot forge a field.

const START = '\u0002';
const END = '\u0003';
const FIELD = /\u0002([^\u0002\u0003]*)\u0003/g;
const MARKS = /[\u0002\u0003]/g;

/** A field's Markdown, wrapped for the reader. */
export function embedRich(markdown: string): string {
  return `${START}${markdown.replace(MARKS, '')}${END}`;
}

export interface Extracted {
  /** The Markdown with each field replaced by its placeholder. */
  readonly markdown: string;
  /** The fields' Markdown, by placeholder number. */
  readonly fields: readonly string[];
}

/** Cuts the fields out of a template's Markdown; stray marks (never written by the template step) go. */
export function extractRich(markdown: string): Extracted {
  const fields: string[] = [];
  const outer = markdown.replace(FIELD, (_, field: string) => `${START}${fields.push(field) - 1}${END}`);
  // Placeholders are START digits END; any other mark left is dropped.
  return { markdown: outer.replace(/\u0002(?!\d+\u0003)|(?<!\u0002\d+)\u0003/g, ''), fields };
}

/** The placeholder pattern, as the parser leaves it in text. */
export const PLACEHOLDER = /\u0002(\d+)\u0003/g;
