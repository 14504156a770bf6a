// The length, focus and priority rules on the view model: every pack, every topic, every length,
// every step of the trim ladder. No rendering, so it covers all combinations in little time.
import { describe, expect, it } from 'vitest';
import { loadContent } from '../../src/content/index.js';
import { LENGTHS, type Content, type Length } from '../../src/content/schema.js';
import { MAX_TRIM, ruleFor, select, TRIM_LADDER } from '../../src/select/index.js';
import type { View } from '../../src/select/view.js';
import { facts, itemIds, priorityViolations } from '../helpers/view.js';

const PACKS = { bundled: 'data/eu-oewg-2024-07', fictional: 'tests/fixtures/packs/harbour-board', council: 'tests/fixtures/packs/town-council' } as const;
const doc = { id: 'steering', template: 'steering', audience: 'internal' as const };

const view = (content: Content, length: Length, focus: string[], trim: number, only = false): View =>
  select(content, { document: doc, length, focus, only, trim });
const ladder = (content: Content, length: Length, focus: string[], only = false) =>
  Array.from({ length: MAX_TRIM + 1 }, (_, trim) => view(content, length, focus, trim, only));

describe('trim ladder', () => {
  it('only ever takes content away, one rule field at a time', () => {
    for (const length of LENGTHS) {
      for (let t = 0; t < MAX_TRIM; t++) {
        const [a, b] = [ruleFor(length, t), ruleFor(length, t + 1)];
        const changed = (Object.keys(a) as (keyof typeof a)[]).filter((k) => a[k] !== b[k]);
        expect(changed.length).toBeLessThanOrEqual(1);
      }
    }
    expect(TRIM_LADDER.length).toBe(MAX_TRIM);
    // Everything a budget may take away is gone at the last step, whatever the length.
    for (const length of LENGTHS) {
      expect(ruleFor(length, MAX_TRIM)).toEqual({ cover: false, annex: false, citations: false, minPriority: 'high', depth: 'headline', others: 'none', background: false, speakingPoints: false, sections: false });
    }
  });
});

describe.each(Object.entries(PACKS))('%s pack', (_name, data) => {
  const content = loadContent(data);
  const focuses: string[][] = [[], ...content.topics.map((t) => [t.id])];

  describe.each(LENGTHS)('length %s', (length) => {
    it.each(focuses.map((f) => [f.join(',') || '(no focus)', f] as const))('focus %s: each trim step keeps a subset, in priority order', (_label, focus) => {
      for (const only of focus.length ? [false, true] : [false]) {
        const views = ladder(content, length, focus, only);
        for (const [t, v] of views.entries()) {
          expect(priorityViolations(v, content), `trim ${t}`).toEqual([]);
          if (t === 0) continue;
          const [before, after] = [facts(views[t - 1]!, content), facts(v, content)];
          const added = [...after].filter((f) => !before.has(f));
          expect(added, `trim ${t} adds content`).toEqual([]);
          // A headline stays when its detail goes: a step that makes items shallower keeps them all.
          if (ruleFor(length, t).depth !== ruleFor(length, t - 1).depth) {
            expect([...itemIds(v, content)].sort()).toEqual([...itemIds(views[t - 1]!, content)].sort());
          }
        }
      }
    });

    it.each(content.topics.map((t) => [t.id] as const))('focus %s: full depth for the focus, headlines for the others', (id) => {
      const others = content.topics.filter((t) => t.id !== id);
      const rank = (p: string) => ['high', 'medium', 'low'].indexOf(p);
      const own = content.items.filter((i) => i.topics.includes(id));
      const ids = (l: readonly { id: string }[]) => l.map((i) => i.id).sort();
      for (const only of [false, true]) {
        for (const [t, v] of ladder(content, length, [id], only).entries()) {
          const where = `trim ${t}${only ? ' --only' : ''}`;
          const rule = ruleFor(length, t);
          // The focus topic is there whenever one of its items reaches the document's priority
          // threshold in a kind the length keeps; one threshold for every topic and kind.
          const kinds = ['position', 'line-to-take', 'defensive-qa', ...(rule.speakingPoints ? ['speaking-point'] : []), ...(rule.background ? ['background'] : [])];
          const expected = (kind: string) => own.filter((i) => i.kind === kind && kinds.includes(kind) && rank(i.priority) <= rank(rule.minPriority)).map((i) => i.id).sort();
          const any = kinds.some((k) => expected(k).length > 0);
          expect(v.topics.map((x) => x.id), where).toEqual(any ? [id] : []);
          expect(v.document.focus).toEqual([content.topics.find((x) => x.id === id)!.title]);
          const focusTopic = v.topics[0];
          if (focusTopic) {
            expect(ids(focusTopic.positions), where).toEqual(expected('position'));
            expect(ids(focusTopic.linesToTake), where).toEqual(expected('line-to-take'));
            expect(ids(focusTopic.speakingPoints), where).toEqual(expected('speaking-point'));
            expect(ids(focusTopic.defensiveQA), where).toEqual(expected('defensive-qa'));
            expect(ids(focusTopic.background), where).toEqual(expected('background'));
            const all = [...focusTopic.positions, ...focusTopic.linesToTake, ...focusTopic.speakingPoints, ...focusTopic.defensiveQA, ...focusTopic.background];
            // Full depth for the focus: every field the rule's depth keeps.
            for (const i of all) {
              const item = own.find((x) => x.id === i.id)!;
              expect(i.summary, `${where} ${i.id}`).toBe(rule.depth !== 'headline' ? (item.summary ?? null) : null);
              expect(i.detail !== null, `${where} ${i.id}`).toBe(rule.depth === 'detail' && item.detail !== undefined);
            }
          }
          if (only || rule.others === 'none') expect(v.otherTopics, where).toEqual([]);
          for (const o of v.otherTopics) {
            expect(others.map((x) => x.id)).toContain(o.id);
            // Other topics as headlines: the same items, never their summaries or details.
            for (const i of [...o.positions, ...o.linesToTake, ...o.speakingPoints, ...o.defensiveQA, ...o.background]) {
              expect([i.summary, i.detail], `${where} ${o.id}/${i.id}`).toEqual([null, null]);
              expect(rank(i.priority), `${where} ${o.id}/${i.id}`).toBeLessThanOrEqual(rank(rule.minPriority));
            }
          }
          // Objectives and key messages concern the focus or the meeting as a whole.
          for (const i of [...v.objectives, ...v.keyMessages]) {
            const item = content.items.find((x) => x.id === i.id)!;
            expect(item.topics.length === 0 || item.topics.includes(id), `${where} ${i.id}`).toBe(true);
          }
        }
      }
    });
  });

  it('without a focus, the minimum is the title block, objectives and key messages', () => {
    for (const length of LENGTHS) {
      const v = view(content, length, [], MAX_TRIM);
      expect(v.topics).toEqual([]);
      expect(v.general.hasContent).toBe(false);
      expect(v.otherTopics).toEqual([]);
      expect(v.objectives.length + v.keyMessages.length).toBeGreaterThan(0);
      expect([...v.objectives, ...v.keyMessages].every((i) => i.priority === 'high' && i.summary === null && i.sources.length === 0)).toBe(true);
    }
  });
});
