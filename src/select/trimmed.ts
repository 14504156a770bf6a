// What fitting a document to its pages took out, in words: the difference between the length's
// rule and the rule at the trim step kept, for the run's summary and the manifest.
import type { Length } from '../content/schema.js';
import { keeps, ruleFor, shows } from './rules.js';

/** What the run asked for that changes which topics a trim step takes away (select.ts). */
interface Focus {
  /** Focus topics were given (--topic): the others go first, the focus stays. */
  readonly focused: boolean;
  /** --only: the topics outside the focus were never in. */
  readonly only?: boolean;
}

/** The parts of a document `trim` steps of the ladder leave out that its `length` would show. */
export function trimmedParts(length: Length, trim: number, { focused, only = false }: Focus): string[] {
  const before = ruleFor(length, 0);
  const after = ruleFor(length, trim);
  const parts: string[] = [];
  const dropped = (flag: 'annex' | 'cover' | 'citations' | 'background' | 'speakingPoints' | 'sections', words: string) => {
    if (before[flag] && !after[flag]) parts.push(words);
  };
  dropped('annex', 'annexes');
  dropped('cover', 'the title page and contents');
  dropped('citations', 'source notes');
  if (keeps(before, 'low') && !keeps(after, 'low')) parts.push('low-priority items');
  if (keeps(before, 'medium') && !keeps(after, 'medium')) parts.push('medium-priority items');
  if (shows(before, 'detail') && !shows(after, 'detail')) parts.push('details');
  if (shows(before, 'summary') && !shows(after, 'summary')) parts.push('summaries');
  dropped('background', 'background');
  dropped('speakingPoints', 'speaking points');
  // Without a focus, the topics likeliest to come up stand in for it, and the last step takes every
  // topic's section away: said as such, not as "outside the focus".
  if (before.others !== 'none' && after.others === 'none' && !(focused && only)) parts.push(focused ? 'topics outside the focus' : 'the topics less likely to come up');
  dropped('sections', focused ? 'sections beyond the essentials' : 'every topic section');
  return parts;
}
