// Checks of the length, focus and priority rules on the view model, shared by the fast selection
// tests and the rendered-budget tests.
import type { Content, Item } from '../../src/content/schema.js';
import type { ItemView, TopicView, View } from '../../src/select/view.js';

const RANK: Record<string, number> = { high: 0, medium: 1, low: 2 };
const TOPIC_LISTS = ['positions', 'linesToTake', 'speakingPoints', 'defensiveQA', 'background'] as const;
const KIND: Record<(typeof TOPIC_LISTS)[number], Item['kind']> = {
  positions: 'position',
  linesToTake: 'line-to-take',
  speakingPoints: 'speaking-point',
  defensiveQA: 'defensive-qa',
  background: 'background',
};

/** Every list of items the view holds, named, with the content items it was chosen from. */
function lists(view: View, content: Content): { name: string; shown: readonly ItemView[]; pool: readonly Item[] }[] {
  const eligible = content.items.filter((i) => view.document.audience === 'internal' || i.audience === 'public');
  const focusIds = content.topics.filter((t) => view.document.focus.includes(t.title)).map((t) => t.id);
  const concerns = (i: Item) => i.topics.length === 0 || focusIds.length === 0 || i.topics.some((t) => focusIds.includes(t));
  const out = [
    { name: 'objectives', shown: view.objectives, pool: eligible.filter((i) => i.kind === 'objective' && concerns(i)) },
    { name: 'keyMessages', shown: view.keyMessages, pool: eligible.filter((i) => i.kind === 'key-message' && concerns(i)) },
  ];
  const topicLists = (topic: TopicView, prefix: string) =>
    TOPIC_LISTS.map((list) => ({
      name: `${prefix}${topic.id || 'general'}.${list}`,
      shown: topic[list],
      pool: eligible.filter((i) => i.kind === KIND[list] && (topic.id === '' ? i.topics.length === 0 : i.topics.includes(topic.id))),
    }));
  for (const t of view.topics) out.push(...topicLists(t, ''));
  out.push(...topicLists(view.general, ''));
  for (const t of view.otherTopics) out.push(...topicLists(t, 'other:'));
  return out;
}

/**
 * Priority order: in every list, when an item is shown, every item of higher priority of the
 * same kind and topic is shown too. Returns the violations.
 */
export function priorityViolations(view: View, content: Content): string[] {
  const problems: string[] = [];
  const all = lists(view, content);
  // An item prints once per document, in the first list that holds it: shown anywhere is shown.
  const ids = new Set(all.flatMap((l) => l.shown.map((i) => i.id)));
  for (const { name, shown, pool } of all) {
    if (shown.length === 0) continue;
    const lowest = Math.max(...shown.map((i) => RANK[i.priority]!));
    for (const item of pool) if (RANK[item.priority]! < lowest && !ids.has(item.id)) problems.push(`${name}: ${item.id} (${item.priority}) dropped while a ${['high', 'medium', 'low'][lowest]} item stays`);
  }
  return problems;
}

/** What a view shows, as a set of facts: item headlines, summaries, details and citations per list. */
export function facts(view: View, content: Content): Set<string> {
  const set = new Set<string>();
  for (const { name, shown } of lists(view, content)) {
    for (const i of shown) {
      set.add(`${name}:${i.id}`);
      if (i.summary) set.add(`${name}:${i.id}:summary`);
      if (i.detail) set.add(`${name}:${i.id}:detail`);
      if (i.sources.length) set.add(`${name}:${i.id}:cite`);
    }
  }
  for (const t of [...view.topics, ...view.otherTopics]) if (t.description) set.add(`description:${t.id}`);
  if (view.pack.summary) set.add('purpose');
  if (view.document.cover) set.add('cover');
  if (view.document.annex) set.add('annex');
  return set;
}

export const itemIds = (view: View, content: Content): Set<string> => new Set([...facts(view, content)].filter((f) => f.split(':').length === 2 && !f.startsWith('description')));
