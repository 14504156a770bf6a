// The view model: what templates see. Built by `select` from the content model, so everything a
// template can print has already passed the audience, focus and length rules.

/**
 * Markdown that templates print as is (rich-text fields, footnote references). Handlebars prints
 * objects with `toHTML` without escaping; every other string is escaped to print literally.
 */
export class Markup {
  constructor(readonly markdown: string) {}
  toHTML(): string {
    return this.markdown;
  }
  toString(): string {
    return this.markdown;
  }
}

/**
 * A rich-text field of the content (`detail`, `pack.summary`): Markdown that is parsed on its own,
 * so nothing in it (an unclosed fence, a `:::` line) reaches past the field (see markdown/rich.ts).
 */
export class RichText extends Markup {
  readonly rich = true;
}

export interface SourceView {
  readonly id: string;
  /** Footnote label, unique in the document: `[^label]`. */
  readonly label: string;
  readonly title: string;
  readonly publisher: string | null;
  readonly date: string | null;
  readonly url: string | null;
}

export interface ItemView {
  readonly id: string;
  readonly kind: string;
  readonly priority: string;
  readonly audience: string;
  readonly question: string | null;
  readonly headline: string;
  readonly summary: string | null;
  readonly detail: RichText | null;
  readonly sources: readonly SourceView[];
  /** Footnote references to the item's sources, e.g. `[^s1][^s2]`. */
  readonly cite: Markup;
}

export type TopicDepth = 'full' | 'brief' | 'defensive';

export interface TopicView {
  readonly id: string;
  readonly title: string;
  readonly description: string | null;
  readonly focus: boolean;
  readonly depth: TopicDepth;
  readonly positions: readonly ItemView[];
  readonly linesToTake: readonly ItemView[];
  readonly speakingPoints: readonly ItemView[];
  readonly defensiveQA: readonly ItemView[];
  readonly background: readonly ItemView[];
  /** Topics printed earlier that hold items of this one too: each item prints once, there. */
  readonly references: readonly { readonly title: string }[];
  /** True when any list above is non-empty. */
  readonly hasContent: boolean;
}

export interface SessionView {
  readonly date: string;
  readonly time: string | null;
  readonly item: string;
  readonly topics: readonly string[];
  readonly speaker: string | null;
  readonly speakerRole: string | null;
  readonly notes: string | null;
  /** Items said in this session: key messages, positions and speaking points of its topics, in priority order, each said once. */
  readonly points: readonly ItemView[];
  /** Opening and closing words (the session's own, else the template folder's labels). */
  readonly opening: string | null;
  readonly closing: string | null;
  /** The speech: opening, one paragraph per point (full sentences), closing; numbered from 1. */
  readonly paragraphs: readonly ParagraphView[];
  readonly words: number;
  /** Estimated speaking time at the theme's rate, in whole minutes (0: under half a minute). */
  readonly minutes: number;
}

export interface ParagraphView {
  readonly number: number;
  /** Plain text to read aloud: sources stay in the steering brief. */
  readonly text: string;
}

export interface SpeechTotal {
  readonly words: number;
  readonly minutes: number;
  /** Words per minute the estimate uses. */
  readonly rate: number;
}

export interface DocumentView {
  readonly id: string;
  readonly template: string;
  readonly title: string;
  readonly audience: 'internal' | 'public';
  readonly public: boolean;
  readonly marking: string | null;
  readonly length: string;
  /** Titles of the focus topics, empty when the document covers all topics. */
  readonly focus: readonly string[];
  readonly recipient: string | null;
  /** Layout the length allows: a title page, contents and annexes. */
  readonly cover: boolean;
  readonly annex: boolean;
  readonly contents: boolean;
}

export interface PackView {
  readonly title: string;
  readonly shortTitle: string;
  readonly subtitle: string | null;
  readonly meeting: {
    readonly name: string;
    readonly body: string | null;
    readonly venue: string | null;
    readonly start: string;
    readonly end: string | null;
  };
  readonly preparedFor: { readonly name: string; readonly organisation: string | null };
  readonly preparedBy: { readonly name: string; readonly unit: string | null; readonly contact: string | null };
  readonly date: string;
  readonly reference: string | null;
  readonly version: string | null;
  readonly locale: string;
  readonly logo: string | null;
  readonly summary: RichText | null;
}

export interface View {
  readonly pack: PackView;
  readonly document: DocumentView;
  readonly objectives: readonly ItemView[];
  readonly keyMessages: readonly ItemView[];
  readonly topics: readonly TopicView[];
  /** Items that concern the meeting as a whole (no topic), laid out like a topic. */
  readonly general: TopicView;
  /** Topics outside the focus, as headlines and defensive lines. */
  readonly otherTopics: readonly TopicView[];
  readonly agenda: readonly SessionView[];
  /** All the speeches of the agenda together. */
  readonly speech: SpeechTotal;
  readonly people: readonly { readonly name: string; readonly role: string | null; readonly organisation: string | null }[];
  readonly glossary: readonly { readonly term: string; readonly definition: string }[];
  /** Sources cited by the selected items, in order of first citation: footnote definitions. */
  readonly notes: readonly SourceView[];
}
