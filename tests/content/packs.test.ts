// The bundled pack and the fictional test pack load, validate and hang together.
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ITEM_KINDS, loadContent, type Content } from '../../src/content/index.js';

const root = resolve(import.meta.dirname, '../..');
const PACKS = {
  bundled: resolve(root, 'data/eu-oewg-2024-07'),
  fixture: resolve(root, 'tests/fixtures/packs/harbour-board'),
};

describe.each(Object.entries(PACKS))('%s pack', (_name, folder) => {
  const content: Content = loadContent(folder);

  it('validates', () => {
    expect(content.pack.title.length).toBeGreaterThan(0);
    expect(content.items.length).toBeGreaterThan(0);
  });

  it('cites only sources that exist, and every item cites at least one', () => {
    const sources = new Set(content.sources.map((s) => s.id));
    for (const item of content.items) {
      expect(item.sources.length, `item ${item.id} cites no source`).toBeGreaterThan(0);
      for (const source of item.sources) expect(sources.has(source), `${item.id} -> ${source}`).toBe(true);
    }
  });

  it('refers only to topics and people that exist', () => {
    const topics = new Set(content.topics.map((t) => t.id));
    const people = new Set(content.people.map((p) => p.id));
    for (const item of content.items) for (const t of item.topics) expect(topics.has(t), `${item.id} -> ${t}`).toBe(true);
    for (const session of content.agenda) {
      for (const t of session.topics) expect(topics.has(t)).toBe(true);
      if (session.speaker) expect(people.has(session.speaker)).toBe(true);
    }
  });

  it('has both audiences and every kind of item', () => {
    expect(new Set(content.items.map((i) => i.audience))).toEqual(new Set(['internal', 'public']));
    expect(new Set(content.items.map((i) => i.kind))).toEqual(new Set(ITEM_KINDS));
  });

  it('has questions on every defensive Q&A and no public defensive material', () => {
    for (const item of content.items.filter((i) => i.kind === 'defensive-qa')) {
      expect(item.question).toBeTruthy();
      expect(item.audience).toBe('internal');
    }
  });

  it('uses every topic and every source it declares', () => {
    const usedTopics = new Set([...content.items.flatMap((i) => i.topics), ...content.agenda.flatMap((s) => s.topics)]);
    const usedSources = new Set(content.items.flatMap((i) => i.sources));
    expect(content.topics.map((t) => t.id).filter((t) => !usedTopics.has(t))).toEqual([]);
    expect(content.sources.map((s) => s.id).filter((s) => !usedSources.has(s))).toEqual([]);
  });
});

describe('bundled pack: eu-oewg-2024-07', () => {
  const content = loadContent(PACKS.bundled);

  it('describes the July 2024 session in en-GB with a distribution marking', () => {
    expect(content.id).toBe('eu-oewg-2024-07');
    expect(content.pack.locale).toBe('en-GB');
    expect(content.pack.marking).toBe('LIMITE');
    expect(content.pack.meeting.start).toBe('2024-07-08');
    expect(content.pack.meeting.end).toBe('2024-07-12');
    expect(content.pack.reference).toBeUndefined();
  });

  it('has the topics the briefing is about', () => {
    const ids = content.topics.map((t) => t.id);
    expect(ids).toEqual(expect.arrayContaining(['threats', 'cbms', 'capacity-building', 'report']));
    const cbms = content.topics.find((t) => t.id === 'cbms')!;
    expect(cbms.aliases).toEqual(expect.arrayContaining(['CBMs', 'confidence-building measures']));
    expect(content.topics.find((t) => t.id === 'capacity-building')!.aliases).toContain('capacity');
    expect(new Set(content.topics.map((t) => t.likelihood))).toEqual(new Set(['certain', 'possible', 'unlikely']));
  });

  it('has the three EU speaking days, with the speaker from the source', () => {
    const days = new Set(content.agenda.map((s) => s.date));
    expect(days).toEqual(new Set(['2024-07-08', '2024-07-09', '2024-07-10']));
    const speaker = content.people.find((p) => p.id === content.agenda[0]!.speaker)!;
    expect(speaker.name).toBe('Manon Le Blanc');
    expect(speaker.role).toContain('Hybrid Threats & Cyber');
  });

  it('is big enough for a several-page full pack, with all priorities and depths', () => {
    expect(content.items.length).toBeGreaterThanOrEqual(45);
    expect(content.items.length).toBeLessThanOrEqual(65);
    expect(new Set(content.items.map((i) => i.priority))).toEqual(new Set(['high', 'medium', 'low']));
    expect(content.items.some((i) => i.detail)).toBe(true);
    expect(content.items.some((i) => i.summary && !i.detail)).toBe(true);
    expect(content.items.some((i) => !i.summary && !i.detail)).toBe(true);
    for (const topic of ['threats', 'cbms', 'capacity-building', 'report']) {
      expect(content.items.filter((i) => i.topics.includes(topic)).length, topic).toBeGreaterThanOrEqual(8);
    }
  });

  it('keeps a literal ampersand in plain text', () => {
    expect(content.items.some((i) => i.headline.includes('&'))).toBe(true);
  });

  it('lists a title and, for published sources, a publisher, date and address', () => {
    const account = content.sources.find((s) => s.id === 'account-2024-07')!;
    expect(account.publisher).toBeUndefined();
    expect(account.url).toBeUndefined();
    for (const source of content.sources.filter((s) => s.id !== 'account-2024-07')) {
      expect(source.publisher, source.id).toBeTruthy();
      expect(source.url, source.id).toMatch(/^https:\/\//);
    }
  });
});

describe('fixture pack: harbour-board', () => {
  const content = loadContent(PACKS.fixture);

  it('is French, confidential and says it is fictional', () => {
    expect(content.pack.locale).toBe('fr-FR');
    expect(content.pack.marking).toBe('CONFIDENTIAL');
    expect(content.pack.title).toMatch(/fictif/);
  });

  it('merges two files: items from one, everything else from the other', () => {
    expect(content.items.length).toBeGreaterThanOrEqual(12);
    expect(content.topics.length).toBeGreaterThan(0);
    expect(content.glossary.length).toBeGreaterThan(0);
    expect(new Set(content.agenda.map((s) => s.date)).size).toBe(2);
  });

  it('uses only fictional addresses', () => {
    for (const source of content.sources) {
      expect(source.title).toMatch(/fictif/);
      if (source.url) expect(source.url).toMatch(/^https:\/\/example\.org\//);
    }
  });
});
