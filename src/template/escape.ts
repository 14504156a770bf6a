// Content text is literal: whatever a data string holds, it must print as typed once the generated
// Markdown is parsed. Escaping happens where a value enters the Markdown, i.e. at `{{value}}`.
import { embedRich } from '../markdown/rich.js';

const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;
// Characters that can start inline syntax anywhere in a line (CommonMark + GFM tables,
// footnotes, heading ids). Backslash-escaping ASCII punctuation is always valid CommonMark.
const INLINE = /[\\`*_[\]()<>&!~|{}#^]/g;
// Syntax that only counts at the start of a line: lists, headings, quotes, setext, directives.
const LINE_START = /^([-+=:>]|\d+[.)])/;

export function escapeMarkdown(value: unknown): string {
  if (value === null || value === undefined) return '';
  // A rich-text field goes in between marks, for the reader to parse it on its own.
  const rich = value as { rich?: unknown; markdown?: unknown };
  if (typeof value === 'object' && rich.rich === true && typeof rich.markdown === 'string') return embedRich(rich.markdown);
  if (typeof value === 'object' && typeof (value as { toHTML?: unknown }).toHTML === 'function') {
    return String((value as { toHTML: () => unknown }).toHTML());
  }
  let text = String(value)
    .replace(CONTROL, '')
    // A value is one run of text: its line breaks would otherwise end paragraphs or list items.
    .replace(/\s*[\r\n]+\s*/g, ' ')
    .replace(/\t/g, ' ')
    .trim()
    .replace(INLINE, '\\$&');
  text = text.replace(LINE_START, (m) => m.replace(/[-+=:>.)]/, '\\$&'));
  return text;
}
