import type { Audience, Content, Item, ItemKind, Length, Source, Topic } from '../content/schema.js';
import { UsageError, choicesHint } from '../errors.js';
import { PRIORITY_RANK, keeps, ruleFor, shows, stricter, type LengthRule } from './rules.js';
import { Markup, RichText, type ItemView, type SourceView, type TopicDepth, type TopicView, type View } from './view.js';

export interface SelectOptions {
  readonly document: {
    readonly id: string;
    readonly template: string;
    readonly title?: string;
    readonly audience: Audience;
    readonly marking?: string;
  };
  readonly length: Length;
  /** Resolved topic ids (see resolveTopics); empty = no focus. */
  readonly focus?: readonly string[];
  /** Leave topics outside the focus out entirely. */
  readonly only?: boolean;
  /** Steps down the trim ladder, for fitting a page budget. */
  readonly trim?: number;
  readonly recipient?: string;
  /** --marking: overrides pack and document marking. */
  readonly marking?: string;
}

/** Matches topic ids and aliases case-insensitively; unknown names are a usage error. */
export function resolveTopics(content: Content, wanted: readonly string[]): string[] {
  const names = new Map<string, string>();
  for (const topic of content.topics) for (const name of [topic.id, topic.title, ...topic.aliases]) names.set(name.toLowerCase(), topic.id);
  return [
    ...new Set(
      wanted.map((name) => {
        const id = names.get(name.trim().toLowerCase());
        if (!id) {
          throw new UsageError('UnknownTopic', `Unknown topic '${name}'.`, {
            hint: choicesHint(name, content.topics.map((t) => t.id)),
          });
        }
        return id;
      }),
    ),
  ];
}

/** Content model + options → the view model a template prints. */
export function select(content: Content, options: SelectOptions): View {
  const audience = options.document.audience;
  const focus = options.focus ?? [];
  const rule = ruleFor(options.length, options.trim ?? 0);
  // Audience separation happens here, first: a public document never receives an internal item,
  // whatever template prints it.
  const items = content.items.filter((item) => audience === 'internal' || item.audience === 'public');
  const sourcesById = new Map(content.sources.map((s) => [s.id, s]));
  const labels = new Map<string, SourceView>();
  const sourceView = (source: Source): SourceView => {
    let view = labels.get(source.id);
    if (!view) {
      view = {
        id: source.id,
        label: `s${labels.size + 1}`,
        title: source.title,
        publisher: source.publisher ?? null,
        date: source.date ?? null,
        url: source.url ?? null,
      };
      labels.set(source.id, view);
    }
    return view;
  };
  const itemView = (item: Item, depthRule: LengthRule): ItemView => {
    const sources = (rule.citations ? item.sources : []).flatMap((id) => (sourcesById.has(id) ? [sourceView(sourcesById.get(id)!)] : []));
    return {
      id: item.id,
      kind: item.kind,
      priority: item.priority,
      audience: item.audience,
      question: item.question ?? null,
      headline: item.headline,
      summary: shows(depthRule, 'summary') ? (item.summary ?? null) : null,
      detail: shows(depthRule, 'detail') && item.detail ? richText(item.detail) : null,
      sources,
      cite: new Markup(sources.map((s) => `[^${s.label}]`).join('')),
    };
  };
  const byPriority = (a: Item, b: Item) => PRIORITY_RANK[a.priority] - PRIORITY_RANK[b.priority];
  /** Items of a kind for a topic; topic '' = items about the meeting as a whole. */
  const of = (kind: ItemKind, topic?: string) =>
    items
      .filter((i) => i.kind === kind && (topic === undefined ? true : topic === '' ? i.topics.length === 0 : i.topics.includes(topic)))
      .sort(byPriority);

  const topics = [...content.topics].sort((a, b) => (a.order ?? 1e9) - (b.order ?? 1e9));
  const inFocus = (t: Topic) => focus.length === 0 || focus.includes(t.id);
  const relevantTopics = new Set(topics.filter((t) => inFocus(t) || !options.only).map((t) => t.id));
  const concernsSelection = (item: Item) => item.topics.length === 0 || item.topics.some((t) => (focus.length ? focus.includes(t) : relevantTopics.has(t)));

  const topLevel = (kind: ItemKind) =>
    of(kind)
      .filter((i) => concernsSelection(i) && keeps(rule, i.priority))
      .map((i) => itemView(i, { ...rule, depth: rule.depth === 'detail' ? 'summary' : rule.depth }));
  const objectives = topLevel('objective');
  const keyMessages = topLevel('key-message');

  const topicView = (topic: Pick<Topic, 'id' | 'title' | 'description'>, depth: TopicDepth, isFocus: boolean): TopicView => {
    const full = depth === 'full';
    // A topic in brief shows high-priority headlines and its defensive lines; every threshold is
    // also bounded by the rule, so trimming shrinks briefs too.
    const itemRule: LengthRule = full ? rule : { ...rule, depth: 'headline', minPriority: 'high' };
    const defensiveMin = full ? rule.minPriority : stricter('medium', rule.minPriority);
    const pick = (kind: ItemKind, when: boolean, minPriority = itemRule.minPriority) => {
      if (!when) return [];
      const pool = of(kind, topic.id === GENERAL ? '' : topic.id);
      // A focus topic always says what we say on it: when no position or line to take (nor, above
      // the minimum, defensive line) reaches the threshold, the best-ranked ones stay, still in
      // priority order.
      const core = kind === 'position' || kind === 'line-to-take' || (kind === 'defensive-qa' && rule.sections);
      const threshold = isFocus && core && pool[0] ? lenient(pool[0].priority, minPriority) : minPriority;
      return pool.filter((i) => keeps({ minPriority: threshold }, i.priority)).map((i) => itemView(i, itemRule));
    };
    const view = {
      id: topic.id,
      title: topic.title,
      // A description is context, like a summary: it goes when the depth falls to headlines.
      description: full && shows(rule, 'summary') ? (topic.description ?? null) : null,
      focus: isFocus,
      depth,
      positions: pick('position', depth !== 'defensive'),
      linesToTake: pick('line-to-take', depth !== 'defensive'),
      speakingPoints: pick('speaking-point', full && rule.speakingPoints),
      defensiveQA: pick('defensive-qa', true, defensiveMin),
      background: pick('background', full && rule.background),
    };
    const hasContent = [view.positions, view.linesToTake, view.speakingPoints, view.defensiveQA, view.background].some((l) => l.length > 0);
    return { ...view, hasContent };
  };

  // Without a focus, the topics certain to come up stand in for it: the others follow their
  // likelihood (possible → brief, unlikely → defensive lines) and go when the rule drops others.
  // Full length gives every topic in full.
  const naturalDepth = (t: Topic): TopicDepth =>
    options.length === 'full' || t.likelihood === 'certain' ? 'full' : t.likelihood === 'possible' ? 'brief' : 'defensive';
  const mainTopics = (
    focus.length
      ? topics.filter(inFocus).map((t) => topicView(t, 'full', true))
      : rule.sections
        ? topics.filter((t) => t.likelihood === 'certain' || rule.others === 'brief').map((t) => topicView(t, naturalDepth(t), false))
        : []
  ).filter((t) => t.hasContent);
  const otherTopics =
    focus.length === 0 || options.only || rule.others === 'none'
      ? []
      : topics
          .filter((t) => !inFocus(t))
          .map((t) => topicView(t, t.likelihood === 'unlikely' ? 'defensive' : 'brief', false))
          .filter((t) => t.hasContent);

  const generalTopic = { id: GENERAL, title: '', description: undefined };
  const general = rule.sections
    ? topicView(generalTopic, focus.length === 0 || options.length === 'full' ? 'full' : 'brief', false)
    : { ...topicView(generalTopic, 'defensive', false), defensiveQA: [], hasContent: false };

  const people = new Map(content.people.map((p) => [p.id, p]));
  const topicTitle = new Map(content.topics.map((t) => [t.id, t.title]));
  const pointsFor = (topicIds: readonly string[]) =>
    items
      .filter((i) => (i.kind === 'speaking-point' || i.kind === 'key-message') && i.topics.some((t) => topicIds.includes(t)) && keeps(rule, i.priority))
      .sort(byPriority)
      .map((i) => itemView(i, { ...rule, depth: rule.depth === 'detail' ? 'summary' : rule.depth }));
  // At the shortest (no sections beyond the minimum) a session is its title, date, speaker and
  // the points not already made in an earlier session.
  const said = new Set<string>();
  const once = (points: ReturnType<typeof pointsFor>) => (rule.sections ? points : points.filter((p) => !said.has(p.id) && said.add(p.id)));
  const agenda = content.agenda
    .filter((s) => s.topics.length === 0 || s.topics.some((t) => relevantTopics.has(t)))
    .map((s) => ({
      date: s.date,
      time: s.time ?? null,
      item: s.item,
      topics: rule.sections ? s.topics.map((t) => topicTitle.get(t) ?? t) : [],
      // Who speaks for us is internal, like the people list.
      speaker: s.speaker && audience === 'internal' ? (people.get(s.speaker)?.name ?? null) : null,
      speakerRole: s.speaker && audience === 'internal' && rule.sections ? (people.get(s.speaker)?.role ?? null) : null,
      notes: audience === 'internal' && rule.sections ? (s.notes ?? null) : null,
      points: once(pointsFor(s.topics)),
    }));

  const pack = content.pack;
  const focusTitles = focus.map((id) => topicTitle.get(id) ?? id);
  const marking = options.marking ?? options.document.marking ?? (audience === 'public' ? undefined : pack.marking);
  return {
    pack: {
      title: pack.title,
      shortTitle: pack.shortTitle ?? pack.title,
      subtitle: pack.subtitle ?? null,
      meeting: {
        name: pack.meeting.name,
        body: pack.meeting.body ?? null,
        venue: pack.meeting.venue ?? null,
        start: pack.meeting.start,
        end: pack.meeting.end ?? null,
      },
      preparedFor: { name: pack.preparedFor.name, organisation: pack.preparedFor.organisation ?? null },
      preparedBy: {
        name: pack.preparedBy.name,
        unit: pack.preparedBy.unit ?? null,
        contact: audience === 'internal' ? (pack.preparedBy.contact ?? null) : null,
      },
      date: pack.date,
      reference: pack.reference ?? null,
      version: pack.version ?? null,
      locale: pack.locale,
      logo: pack.logo ?? null,
      summary: pack.summary && audience === 'internal' && rule.sections ? richText(pack.summary) : null,
    },
    document: {
      id: options.document.id,
      template: options.document.template,
      title: options.document.title ?? pack.title,
      audience,
      public: audience === 'public',
      marking: marking ? marking.toUpperCase() : null,
      length: options.length,
      focus: focusTitles,
      recipient: options.recipient ?? null,
      cover: rule.cover,
      annex: rule.annex,
      contents: rule.cover,
    },
    objectives,
    keyMessages,
    topics: mainTopics,
    general,
    otherTopics,
    agenda,
    people: audience === 'internal' ? content.people.map((p) => ({ name: p.name, role: p.role ?? null, organisation: p.organisation ?? null })) : [],
    // Reference matter beyond the minimum: the glossary goes with the last trimming step.
    glossary: (rule.sections ? [...content.glossary] : []).sort((a, b) => a.term.localeCompare(b.term, pack.locale)).map((g) => ({ term: g.term, definition: g.definition })),
    get notes() {
      return [...labels.values()];
    },
  };
}

const GENERAL = '';
const lenient = (a: Item['priority'], b: Item['priority']) => (PRIORITY_RANK[a] >= PRIORITY_RANK[b] ? a : b);

/** Rich text is Markdown, read on its own and without directives (see markdown/rich.ts). */
function richText(markdown: string): RichText {
  return new RichText(markdown);
}
