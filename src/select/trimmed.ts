// What fitting a document to its pages took out, in words: the difference between the length's
// rule and the rule at the trim step kept, for the run's summary and the manifest.
import type { Length } from '../content/schema.js';
import { keeps, ruleFor, shows } from './rules.js';

/** The parts of a document `trim` steps of the ladder leave out that its `length` would show. */
export function trimmedParts(length: Length, trim: number): string[] {
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
  if (before.others !== 'none' && after.others === 'none') parts.push('topics outside the focus');
  dropped('sections', 'sections beyond the essentials');
  return parts;
}
