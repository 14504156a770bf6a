// What each length keeps. Applied before templates run, so every template and dataset obeys them.
// A "trim level" ladder lets the page-budget fitter shrink a document step by step, most expendable
// content first; level 0 is the length as asked.
import type { Length, Priority } from '../content/schema.js';

export type Depth = 'headline' | 'summary' | 'detail';

export interface LengthRule {
  /** Title page of its own, contents list and annexes. */
  readonly cover: boolean;
  readonly annex: boolean;
  /** Source notes (footnotes) for the items shown. */
  readonly citations: boolean;
  /** Lowest priority kept, for every kind of item in every section. */
  readonly minPriority: Priority;
  /** Deepest text shown for items of the topics in focus. */
  readonly depth: Depth;
  /**
   * Topics outside the focus (without --topic: topics less likely to come up than the pack's
   * likeliest) as headlines, or not at all.
   */
  readonly others: 'brief' | 'none';
  readonly background: boolean;
  readonly speakingPoints: boolean;
  /**
   * Sections beyond the minimum: the purpose, items about the meeting as a whole and, without
   * --topic, the topics. The minimum is the title block, objectives, key messages and the focus
   * topics' headlines.
   */
  readonly sections: boolean;
}

const LENGTH_RULES: Record<Length, LengthRule> = {
  short: { cover: false, annex: false, citations: true, minPriority: 'high', depth: 'headline', others: 'none', background: false, speakingPoints: false, sections: true },
  standard: { cover: false, annex: false, citations: true, minPriority: 'medium', depth: 'summary', others: 'brief', background: true, speakingPoints: true, sections: true },
  full: { cover: true, annex: true, citations: true, minPriority: 'low', depth: 'detail', others: 'brief', background: true, speakingPoints: true, sections: true },
};

export const PRIORITY_RANK: Record<Priority, number> = { high: 0, medium: 1, low: 2 };
const DEPTH_RANK: Record<Depth, number> = { headline: 0, summary: 1, detail: 2 };

const atMost = <T extends string>(rank: Record<T, number>, value: T, cap: T): T => (rank[value] <= rank[cap] ? value : cap);

/**
 * One step of trimming: each step only ever takes content away, so the rendered page count can
 * only stay or fall from one level to the next. Order: what surrounds the brief (annexes, title
 * page, source notes), then the least important items (low priority), then depth (detail), then
 * medium priority; only when high-priority items alone are left do whole kinds (background,
 * speaking points) and the topics outside the focus go, then summaries (headlines stay), and last
 * the sections beyond the minimum. One priority threshold applies to every list alike, and a step
 * that drops a kind or a topic drops only high-priority items while others of the same priority
 * stay: higher priority never goes while lower priority stays, across topics as within one.
 */
type Trim = (rule: LengthRule) => LengthRule;

export const TRIM_LADDER: readonly Trim[] = [
  (r) => ({ ...r, annex: false }),
  (r) => ({ ...r, cover: false }),
  (r) => ({ ...r, citations: false }),
  (r) => ({ ...r, minPriority: atMost(PRIORITY_RANK, r.minPriority, 'medium') }),
  (r) => ({ ...r, depth: atMost(DEPTH_RANK, r.depth, 'summary') }),
  (r) => ({ ...r, minPriority: 'high' }),
  (r) => ({ ...r, background: false }),
  (r) => ({ ...r, speakingPoints: false }),
  (r) => ({ ...r, others: 'none' }),
  (r) => ({ ...r, depth: 'headline' }),
  (r) => ({ ...r, sections: false }),
];

export const MAX_TRIM = TRIM_LADDER.length;

export function ruleFor(length: Length, trim = 0): LengthRule {
  let rule = LENGTH_RULES[length];
  for (const step of TRIM_LADDER.slice(0, Math.max(0, Math.min(trim, MAX_TRIM)))) rule = step(rule);
  return rule;
}

export function keeps(rule: Pick<LengthRule, 'minPriority'>, priority: Priority): boolean {
  return PRIORITY_RANK[priority] <= PRIORITY_RANK[rule.minPriority];
}

export function shows(rule: Pick<LengthRule, 'depth'>, depth: Depth): boolean {
  return DEPTH_RANK[depth] <= DEPTH_RANK[rule.depth];
}
