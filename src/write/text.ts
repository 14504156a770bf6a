// Text of inline nodes as a reader sees it, for bookmarks, estimates and pagination rules.
import type { Inline } from '../document/model.js';

/** The text a reader sees: notes' markers left out, a line break read as a space. */
export function plainText(nodes: readonly Inline[]): string {
  let out = '';
  for (const node of nodes) {
    if (node.type === 'text' || node.type === 'code') out += node.value;
    else if (node.type === 'break') out += ' ';
    else if ('children' in node) out += plainText(node.children);
  }
  return out;
}

/**
 * An address as print shows it: host and path, without the scheme, "www." or percent-encoding
 * (%E2%80%93 prints as the dash it stands for); the query only when there is no path to show.
 * The link itself keeps the full address. Anything that is not a web address is shown as given.
 */
export function printedUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return parsed.protocol === 'mailto:' ? url.slice('mailto:'.length) : url;
  const decode = (part: string) => {
    try {
      return decodeURIComponent(part);
    } catch {
      return part;
    }
  };
  const host = parsed.hostname.replace(/^www\./, '');
  const path = decode(parsed.pathname).replace(/\/$/, '');
  return path === '' && parsed.search !== '' ? `${host}/${decode(parsed.search)}` : `${host}${path}`;
}

/** Whether a link shows its own address as its text (as notes' source links do). */
export function showsAddress(url: string, text: string): boolean {
  const shown = text.trim();
  return shown === '' || shown === url || shown === url.replace(/^mailto:/, '');
}

/** A number range with an en dash ("2021–2025", "8–12"): print keeps it on one line. */
const RANGE = /(\p{N}+\u2013\p{N}+)/u;

/** Text cut into pieces, the ranges apart, so a writer can keep each range from breaking after its dash. */
export function splitRanges(text: string): { readonly text: string; readonly range: boolean }[] {
  return text
    .split(RANGE)
    .filter((part) => part !== '')
    .map((part) => ({ text: part, range: RANGE.test(part) && part.match(RANGE)![0] === part }));
}
