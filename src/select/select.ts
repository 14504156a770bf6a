import type { Diagnostic } from '../document/model.js';
import type { Audience, Content, Item, ItemKind, Length, Source, Topic } from '../content/schema.js';
import { UsageError, choicesHint } from '../errors.js';
import { PRIORITY_RANK, keeps, ruleFor, shows, type LengthRule } from './rules.js';
import { SPOKEN_KINDS, speeches, type SpeechWords } from './speech.js';
import { Markup, RichText, type ItemView, type SourceView, type TopicDepth, type TopicView, type View } from './view.js';

export interface SelectOptions {
  readonly document: {
    readonly id: string;
    readonly template: string;
    readonly title?: string;
    readonly audience: Audience;
    readonly marking?: string;
    /** Kinds of item the document prints; absent = every kind. */
    readonly kinds?: readonly ItemKind[];
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
  /** Opening and closing words of speeches when a session gives none, and the speaking rate. */
  readonly speech?: SpeechWords;
  /** The document's language (BCP 47); default: the pack's locale. */
  readonly lang?: string;
}

/** Matches topic ids, titles and aliases case-insensitively; unknown names are a usage error that guesses among all three. */
export function resolveTopics(content: Content, wanted: readonly string[]): string[] {
  const names = new Map<string, string>();
  for (const topic of content.topics) for (const name of topicNames(topic)) names.set(name.toLowerCase(), topic.id);
  return [
    ...new Set(
      wanted.map((name) => {
        const id = names.get(name.trim().toLowerCase());
        if (!id) {
          throw new UsageError('UnknownTopic', `Unknown topic '${name}'.`, {
            hint: choicesHint(name, content.topics.map((t) => t.id), content.topics.flatMap(topicNames)),
          });
        }
        return id;
      }),
    ),
  ];
}

const topicNames = (topic: Topic) => [topic.id, topic.title, ...topic.aliases];

/** Content model + options → the view model a template prints. */
export function select(content: Content, options: SelectOptions): View {
  const audience = options.document.audience;
  const focus = options.focus ?? [];
  const rule = ruleFor(options.length, options.trim ?? 0);
  const kinds = options.document.kinds;
  // Audience separation happens here, first: a public document never receives an internal item,
  // whatever template prints it. A document that lists its kinds receives no other kind.
  const items = content.items.filter((item) => (audience === 'internal' || item.audience === 'public') && (!kinds || kinds.includes(item.kind)));
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
  const itemView = (item: Item, depthRule: Pick<LengthRule, 'depth'>): ItemView => {
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
  // One priority threshold for every list of the document: higher priority never goes while
  // lower priority stays, across topics as well as within one.
  const kept = (item: Item) => keeps(rule, item.priority);
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
      .filter((i) => concernsSelection(i) && kept(i))
      .map((i) => itemView(i, rule));
  const objectives = topLevel('objective');
  const keyMessages = topLevel('key-message');

  const topicView = (topic: Pick<Topic, 'id' | 'title' | 'description'>, depth: TopicDepth, isFocus: boolean): TopicView => {
    const full = depth === 'full';
    // A topic in brief shows the same items as a full one, as headlines: depth is how much of each
    // item prints, never which items (that is the priority threshold's business alone).
    const itemRule: Pick<LengthRule, 'depth'> = full ? rule : { depth: 'headline' };
    const pick = (kind: ItemKind, when = true) =>
      when ? of(kind, topic.id === GENERAL ? '' : topic.id).filter(kept).map((i) => itemView(i, itemRule)) : [];
    return {
      id: topic.id,
      title: topic.title,
      // A description is context, like a summary: it goes when the depth falls to headlines.
      description: full && shows(rule, 'summary') ? (topic.description ?? null) : null,
      focus: isFocus,
      depth,
      positions: pick('position'),
      linesToTake: pick('line-to-take'),
      speakingPoints: pick('speaking-point', rule.speakingPoints),
      defensiveQA: pick('defensive-qa'),
      background: pick('background', rule.background),
      // Filled once the document's print order is known (see `once` below).
      references: [],
      hasContent: false,
    };
  };

  // Without a focus, the topics most likely to come up stand in for it (certain ones, or the
  // pack's most likely when none is certain): full depth; the others print as headlines and go
  // when the rule drops others. Full length gives every topic in full.
  const likeliest = Math.min(...topics.map((t) => LIKELIHOOD_RANK[t.likelihood]));
  const isMain = (t: Topic) => LIKELIHOOD_RANK[t.likelihood] === likeliest;
  const mainTopics = focus.length
    ? topics.filter(inFocus).map((t) => topicView(t, 'full', true))
    : rule.sections
      ? topics.filter((t) => isMain(t) || rule.others === 'brief').map((t) => topicView(t, options.length === 'full' || isMain(t) ? 'full' : 'brief', false))
      : [];
  const otherTopics =
    focus.length === 0 || options.only || rule.others === 'none' ? [] : topics.filter((t) => !inFocus(t)).map((t) => topicView(t, 'brief', false));

  const generalTopic = { id: GENERAL, title: '', description: undefined };
  const general = rule.sections ? topicView(generalTopic, focus.length === 0 || options.length === 'full' ? 'full' : 'brief', false) : emptyTopic(topicView(generalTopic, 'brief', false));

  // Each item prints once per document: under the first topic printed that holds it (in print
  // order: the meeting as a whole, the topics, the other topics); later topics refer to it.
  const printedIn = new Map<string, string>();
  const once = (topic: TopicView): TopicView => {
    const references = new Set<string>();
    const firstTime = (list: readonly ItemView[]) =>
      list.filter((i) => {
        const where = printedIn.get(i.id);
        if (where !== undefined) {
          references.add(where);
          return false;
        }
        printedIn.set(i.id, topic.title);
        return true;
      });
    const lists = {
      positions: firstTime(topic.positions),
      linesToTake: firstTime(topic.linesToTake),
      speakingPoints: firstTime(topic.speakingPoints),
      defensiveQA: firstTime(topic.defensiveQA),
      background: firstTime(topic.background),
    };
    const hasContent = Object.values(lists).some((l) => l.length > 0);
    return { ...topic, ...lists, references: [...references].map((title) => ({ title })), hasContent };
  };
  const printed = (t: TopicView) => t.hasContent || t.references.length > 0;
  const generalOnce = once(general);
  const topicsOnce = mainTopics.map(once).filter(printed);
  const otherOnce = otherTopics.map(once).filter(printed);

  const people = new Map(content.people.map((p) => [p.id, p]));
  const topicTitle = new Map(content.topics.map((t) => [t.id, t.title]));
  const agenda = speeches(options.speech ?? {}, {
    topics: relevantTopics,
    items: items.filter((i) => SPOKEN_KINDS.includes(i.kind) && kept(i)),
    sessions: content.agenda.filter((s) => s.topics.length === 0 || s.topics.some((t) => relevantTopics.has(t))),
    itemView: (i) => itemView(i, { depth: rule.depth === 'headline' ? 'headline' : 'summary' }),
    session: (s) => ({
      date: s.date,
      time: s.time ?? null,
      item: s.item,
      topics: rule.sections ? s.topics.map((t) => topicTitle.get(t) ?? t) : [],
      // Who speaks for us is internal, like the people list.
      speaker: s.speaker && audience === 'internal' ? (people.get(s.speaker)?.name ?? null) : null,
      speakerRole: s.speaker && audience === 'internal' && rule.sections ? (people.get(s.speaker)?.role ?? null) : null,
      notes: audience === 'internal' && rule.sections ? (s.notes ?? null) : null,
    }),
  });

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
      locale: options.lang ?? pack.locale,
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
    topics: topicsOnce,
    general: generalOnce,
    otherTopics: otherOnce,
    agenda: agenda.sessions,
    speech: agenda.total,
    people: audience === 'internal' ? content.people.map((p) => ({ name: p.name, role: p.role ?? null, organisation: p.organisation ?? null })) : [],
    // Reference matter beyond the minimum: the glossary goes with the last trimming step.
    glossary: (rule.sections ? [...content.glossary] : []).sort((a, b) => a.term.localeCompare(b.term, options.lang ?? pack.locale)).map((g) => ({ term: g.term, definition: g.definition })),
    get notes() {
      return [...labels.values()];
    },
  };
}

const GENERAL = '';
const LIKELIHOOD_RANK: Record<Topic['likelihood'], number> = { certain: 0, possible: 1, unlikely: 2 };
const emptyTopic = (t: TopicView): TopicView => ({ ...t, positions: [], linesToTake: [], speakingPoints: [], defensiveQA: [], background: [] });

/** Rich text is Markdown, read on its own and without directives (see markdown/rich.ts). */
function richText(markdown: string): RichText {
  return new RichText(markdown);
}

/**
 * Focus topics the document has nothing on: none of its items reach the document's audience (and
 * kinds), none reaches the length's priority threshold, or none is among what the document prints
 * (`prints`: a template prints some kinds only, as speeches do, and a page budget takes kinds and
 * topics away). Without a word, the document would be titled on the topic and be about others.
 */
export function selectionWarnings(content: Content, options: SelectOptions, view: View, prints: (item: Item) => boolean = () => true): Diagnostic[] {
  const { document } = options;
  const rule = ruleFor(options.length, options.trim ?? 0);
  const name = `the ${document.audience} document '${document.id}'`;
  // A document that prints no item at all (an annex of reference matter) is not about topics.
  if (!content.items.some(prints)) return [];
  return (options.focus ?? []).flatMap((id): Diagnostic[] => {
    const topic = content.topics.find((t) => t.id === id);
    if (!topic) return [];
    const about = content.items.filter(
      (i) => i.topics.includes(id) && (document.audience === 'internal' || i.audience === 'public') && (!document.kinds || document.kinds.includes(i.kind)),
    );
    const message =
      about.length === 0
        ? `Topic '${topic.title}' has no ${document.audience === 'public' ? 'public ' : ''}item ${name} can print: it is titled on the topic but says nothing about it.`
        : !about.some((i) => keeps(rule, i.priority))
          ? `Topic '${topic.title}' has no item of the priority ${name} keeps at length '${view.document.length}': it is titled on the topic but says nothing about it; a longer length would print its items.`
          : !about.some(prints)
            ? `Topic '${topic.title}' has nothing ${name} prints at length '${view.document.length}'${options.trim ? ' within its page budget' : ''}: none of its items is of a kind the document shows there, so it is titled on the topic but says nothing about it.`
            : undefined;
    return message ? [{ code: 'FocusWithoutContent', severity: 'warning', message }] : [];
  });
}
