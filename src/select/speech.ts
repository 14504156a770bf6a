// Speaking notes as speeches: per agenda session an opening, the points for its topics in priority
// order as full sentences, and a closing, in numbered paragraphs with a speaking time. A point is
// said once, in the first session it concerns, unless its item asks to be repeated.
import type { Item, ItemKind, Session } from '../content/schema.js';
import { PRIORITY_RANK } from './rules.js';
import type { ItemView, ParagraphView, SessionView, SpeechTotal } from './view.js';

/** What a speech is made of: what we say, not what we hold in reserve. */
export const SPOKEN_KINDS: readonly ItemKind[] = ['key-message', 'position', 'speaking-point'];
const KIND_ORDER: Partial<Record<ItemKind, number>> = { 'key-message': 0, position: 1, 'speaking-point': 2 };

/** Words a speech opens and closes with when its session gives none, and words per minute. */
export interface SpeechWords {
  readonly opening?: string;
  readonly closing?: string;
  readonly rate?: number;
}

export interface SpeechInput {
  /** The spoken items the document keeps (audience, kinds and priority already applied). */
  readonly items: readonly Item[];
  readonly sessions: readonly Session[];
  /** Topics the document covers: a session speaks only to these. */
  readonly topics: ReadonlySet<string>;
  readonly itemView: (item: Item) => ItemView;
  readonly session: (session: Session) => Omit<SessionView, 'opening' | 'closing' | 'points' | 'paragraphs' | 'words' | 'minutes'>;
}

const DEFAULT_SPEECH_RATE = 130;

/** A full sentence: ends with terminal punctuation (closing quotes or brackets, spaced or not, may follow it). */
export function sentence(text: string): string {
  const t = text.trim();
  return /[.!?…]["'”’»)\]\s]*$/.test(t) ? t : `${t}.`;
}

const wordCount = (text: string) => text.split(/\s+/).filter(Boolean).length;

export function speeches(words: SpeechWords, input: SpeechInput): { sessions: SessionView[]; total: SpeechTotal } {
  const rate = words.rate ?? DEFAULT_SPEECH_RATE;
  // Whole minutes, as said aloud: 0 for a speech under half a minute (printed "under a minute").
  const minutes = (n: number) => Math.round(n / rate);
  const order = (session: Session) => (a: Item, b: Item) =>
    PRIORITY_RANK[a.priority] - PRIORITY_RANK[b.priority] ||
    KIND_ORDER[a.kind]! - KIND_ORDER[b.kind]! ||
    topicIndex(session, a) - topicIndex(session, b);
  const said = new Set<string>();
  let total = 0;
  const sessions = input.sessions.map((session, index) => {
    const topics = session.topics.filter((t) => input.topics.has(t));
    // Items about the meeting as a whole are said once, in the first speech, not in every one.
    const concerns = (i: Item) => (i.topics.length === 0 ? index === 0 : i.topics.some((t) => topics.includes(t)));
    const points = input.items
      .filter((i) => concerns(i) && (i.repeat === true || !said.has(i.id)))
      .sort(order(session))
      .map((i) => (said.add(i.id), input.itemView(i)));
    const opening = session.opening ?? words.opening ?? null;
    const closing = session.closing ?? words.closing ?? null;
    const texts = [
      ...(opening ? [opening] : []),
      ...points.map((p) => [p.headline, p.summary].filter((t): t is string => !!t).map(sentence).join(' ')),
      ...(closing ? [closing] : []),
    ];
    const paragraphs: ParagraphView[] = texts.map((text, i) => ({ number: i + 1, text }));
    const count = texts.reduce((n, t) => n + wordCount(t), 0);
    total += count;
    return { ...input.session(session), opening, closing, points, paragraphs, words: count, minutes: minutes(count) };
  });
  return { sessions, total: { words: total, minutes: minutes(total), rate } };
}

function topicIndex(session: Session, item: Item): number {
  const found = item.topics.map((t) => session.topics.indexOf(t)).filter((i) => i >= 0);
  return found.length ? Math.min(...found) : -1;
}
