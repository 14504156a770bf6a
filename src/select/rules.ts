// What each length keeps. Applied before templates run, so every template and dataset obeys them.
// A "trim level" ladder lets the page-budget fitter shrink a document step by step, most expendable
// content first; level 0 is the length as asked.
import type { Length, Priority } from '../content/schema.js';

export type Depth = 'headline' | 'summary' | 'detail';

export interface LengthRule {
  /** Title page of its own, contents list and annexes. */
  readonly cover: boolean;
  readonly annex: boolean;
  /** Lowest priority kept for objectives/key messages and for focus-topic items. */
  readonly minPriority: Priority;
  /** Deepest text shown for focus-topic items. */
  readonly depth: Depth;
  /** How topics outside the focus appear: as headlines in "other topics in brief", or not at all. */
  readonly others: 'brief' | 'none';
  readonly background: boolean;
  readonly speakingPoints: boolean;
}

export const LENGTH_RULES: Record<Length, LengthRule> = {
  short: { cover: false, annex: false, minPriority: 'high', depth: 'headline', others: 'none', background: false, speakingPoints: false },
  standard: { cover: false, annex: false, minPriority: 'medium', depth: 'summary', others: 'brief', background: true, speakingPoints: true },
  full: { cover: true, annex: true, minPriority: 'low', depth: 'detail', others: 'brief', background: true, speakingPoints: true },
};

export const PRIORITY_RANK: Record<Priority, number> = { high: 0, medium: 1, low: 2 };
const DEPTH_RANK: Record<Depth, number> = { headline: 0, summary: 1, detail: 2 };

/**
 * One step of trimming. Each step takes away the least valuable content left: detail before
 * summaries, lower priority before higher, annexes and other topics before the focus.
 */
type Trim = (rule: LengthRule) => LengthRule;

const lowerPriority = (rule: LengthRule): LengthRule =>
  rule.minPriority === 'low' ? { ...rule, minPriority: 'medium' } : rule.minPriority === 'medium' ? { ...rule, minPriority: 'high' } : rule;
const shallower = (rule: LengthRule): LengthRule =>
  DEPTH_RANK[rule.depth] > 0 ? { ...rule, depth: rule.depth === 'detail' ? 'summary' : 'headline' } : rule;

export const TRIM_LADDER: readonly Trim[] = [
  (r) => ({ ...r, annex: false }),
  (r) => ({ ...r, cover: false }),
  (r) => (r.minPriority === 'low' ? lowerPriority(r) : r),
  (r) => (r.depth === 'detail' ? shallower(r) : r),
  (r) => ({ ...r, background: false }),
  (r) => ({ ...r, speakingPoints: false }),
  (r) => ({ ...r, others: 'none' }),
  (r) => (r.minPriority === 'medium' ? lowerPriority(r) : r),
  (r) => shallower(r),
];

export const MAX_TRIM = TRIM_LADDER.length;

export function ruleFor(length: Length, trim = 0): LengthRule {
  let rule = LENGTH_RULES[length];
  for (const step of TRIM_LADDER.slice(0, Math.min(trim, MAX_TRIM))) rule = step(rule);
  return rule;
}

export function keeps(rule: LengthRule, priority: Priority): boolean {
  return PRIORITY_RANK[priority] <= PRIORITY_RANK[rule.minPriority];
}

export function shows(rule: LengthRule, depth: Depth): boolean {
  return DEPTH_RANK[depth] <= DEPTH_RANK[rule.depth];
}
