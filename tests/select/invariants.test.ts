// The selection and printing invariants, as properties over every bundled and test pack, every
// length (and every step a page budget may trim to), every topic focus and every document kind:
//   - each selected item prints exactly once per document, an item with several topics under the
//     first of them shown, and every later topic of it shown says "See also" naming that one;
//   - every field the document's length keeps prints (summary, detail);
//   - a question prints with its answer;
//   - higher priority never goes while lower priority stays, across topics as within one;
//   - a public document never contains an internal item;
//   - a focus topic the document prints nothing on is a warning naming the topic and the document.
// The bulk runs on what the templates print (Markdown parsed to the document model, as the writers
// get it); the last block reads the text of rendered PDFs and DOCX files.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadContent } from '../../src/content/index.js';
import { LENGTHS, type Content, type DocumentSpec, type Item, type Length } from '../../src/content/schema.js';
import { fixedEnv } from '../../src/env.js';
import { buildDocument, type Services } from '../../src/pack/compose/build.js';
import { packDocuments, planJobs, renderJob } from '../../src/pack/index.js';
import { MAX_TRIM, ruleFor, sentence, SPOKEN_KINDS, selectionWarnings, type ItemView, type View } from '../../src/select/index.js';
import { loadTemplates } from '../../src/template/index.js';
import { messagesFor } from '../../src/template/messages.js';
import { loadTheme } from '../../src/theme/index.js';
import { readDocx, textOf } from '../helpers/docx.js';
import { readPdf, type TextItem } from '../helpers/pdf.js';

const folders = (root: string) =>
  readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => join(root, d.name));
const PACKS = [...folders('data'), ...folders('tests/fixtures/packs')];
const templates = loadTemplates();
const services: Services = { templates, theme: loadTheme(), env: fixedEnv(new Date('2025-01-01T09:00:00Z')) };

/** Letters and digits only, lower case: text compared across Markdown, the document model and PDF. */
const norm = (s: string) => s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
const count = (hay: string, needle: string) => {
  let n = 0;
  for (let i = hay.indexOf(needle); i >= 0; i = hay.indexOf(needle, i + 1)) n++;
  return n;
};
/** The lines of a Markdown detail as plain text: no list markers, table pipes or link targets. */
const detailLines = (markdown: string) =>
  markdown
    .split('\n')
    .filter((l) => !/^\s*\|?\s*:?-{3,}/.test(l))
    .map((l) => l.replace(/^\s*([-*+]|\d+[.)])\s+/, '').replace(/\[([^\]]*)\]\([^)]*\)/g, '$1'))
    .map(norm)
    .filter(Boolean);

/** Every `value` of the document model's text nodes, in order. */
function modelText(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) for (const n of node) modelText(n, out);
  else if (node && typeof node === 'object') {
    const n = node as { type?: string; value?: unknown };
    if (n.type === 'text' && typeof n.value === 'string') out.push(n.value);
    for (const [k, v] of Object.entries(node)) if (k !== 'source' && k !== 'metadata') modelText(v, out);
  }
  return out;
}

const TOPIC_LISTS = ['positions', 'linesToTake', 'speakingPoints', 'defensiveQA', 'background'] as const;

/** The items a document prints, by its template: speaking notes print their speeches. */
function printed(view: View, template: string): ItemView[] {
  if (template === 'speaking-notes') return view.agenda.length ? view.agenda.flatMap((s) => s.points) : [...view.keyMessages];
  if (template === 'annex') return [];
  const topics = [view.general, ...view.topics, ...view.otherTopics];
  return [...view.objectives, ...view.keyMessages, ...topics.flatMap((t) => TOPIC_LISTS.flatMap((l) => t[l]))];
}

/**
 * The items a document could print at its length and focus: the candidates of the priority rule.
 * Steering brief and handout: objectives and key messages of the focus (or of every topic) and the
 * meeting as a whole, and the items of the topics the length shows, of the kinds it keeps.
 * Speaking notes: what is said (key messages, positions, speaking points) of the sessions' topics.
 */
function candidates(content: Content, spec: DocumentSpec, length: Length, focus: readonly string[]): Item[] {
  // The scope of the length as asked: trimming to a page budget must take lower priorities first,
  // so a step that drops a kind or a topic may only drop items no higher than any that stay.
  const rule = ruleFor(length);
  const pool = content.items.filter((i) => (spec.audience === 'internal' || i.audience === 'public') && (!spec.kinds || spec.kinds.includes(i.kind)));
  const touches = (i: Item, topics: readonly string[]) => i.topics.some((t) => topics.includes(t));
  if (spec.template === 'speaking-notes') {
    const spoken = pool.filter((i) => SPOKEN_KINDS.includes(i.kind));
    if (content.agenda.length === 0) return spoken.filter((i) => i.kind === 'key-message' && (i.topics.length === 0 || !focus.length || touches(i, focus)));
    return spoken.filter((i) => i.topics.length === 0 || touches(i, content.agenda.flatMap((s) => s.topics)));
  }
  if (spec.template === 'annex') return [];
  const all = content.topics.map((t) => t.id);
  const topLevel = pool.filter((i) => (i.kind === 'objective' || i.kind === 'key-message') && (i.topics.length === 0 || touches(i, focus.length ? focus : all)));
  const likeliest = Math.min(...content.topics.map((t) => ['certain', 'possible', 'unlikely'].indexOf(t.likelihood)));
  const main = content.topics.filter((t) => ['certain', 'possible', 'unlikely'].indexOf(t.likelihood) === likeliest).map((t) => t.id);
  const shown = focus.length
    ? [...focus, ...(rule.others === 'brief' ? all.filter((t) => !focus.includes(t)) : [])]
    : rule.sections
      ? rule.others === 'brief'
        ? all
        : main
      : [];
  const kinds = ['position', 'line-to-take', 'defensive-qa', ...(rule.speakingPoints ? ['speaking-point'] : []), ...(rule.background ? ['background'] : [])];
  const inTopics = pool.filter((i) => kinds.includes(i.kind) && (i.topics.length === 0 ? rule.sections : touches(i, shown)));
  return [...topLevel, ...inTopics];
}

const RANK = { high: 0, medium: 1, low: 2 } as const;

/** Everything wrong with one document, as messages (empty = every invariant holds). */
function problems(content: Content, spec: DocumentSpec, view: View, text: string, where: string, trim: number, focus: readonly string[], markdown?: string): string[] {
  const out: string[] = [];
  const body = norm(text);
  const items = printed(view, spec.template);
  const byId = new Map(content.items.map((i) => [i.id, i]));
  // Once per document, in the view: no item in two lists.
  const seen = new Set<string>();
  for (const i of items) {
    // Only a speech may say an item again, and only when the item asks for it.
    if (seen.has(i.id) && !(spec.template === 'speaking-notes' && byId.get(i.id)!.repeat)) out.push(`${where}: ${i.id} selected twice`);
    seen.add(i.id);
  }
  // Once per document, in print: a headline prints as often as the printed fields hold it (an item
  // headline may also be part of another item's words), never more, never less.
  const fields = items.flatMap((i) => [i.headline, i.summary ?? '', i.question ?? '']).map(norm);
  for (const i of items) {
    const h = norm(i.headline);
    const expected = fields.reduce((n, f) => n + count(f, h), 0);
    const found = count(body, h);
    if (found !== expected) out.push(`${where}: ${i.id} headline printed ${found} times, expected ${expected}`);
    if (i.summary && !body.includes(norm(i.summary))) out.push(`${where}: ${i.id} summary not printed`);
    if (i.detail) for (const line of detailLines(i.detail.markdown)) if (!body.includes(line)) out.push(`${where}: ${i.id} detail not printed: ${line.slice(0, 40)}`);
    if (i.question) {
      // The question, then its answer: at most the answer's label ("A:" in English) between them.
      const q = norm(i.question);
      const at = body.indexOf(q);
      const gap = at < 0 ? -1 : body.indexOf(h, at + q.length) - (at + q.length);
      const label = norm(messagesFor(templates.folder, view.pack.locale).format('item.answer'));
      if (gap < 0 || gap > label.length + 1) out.push(`${where}: ${i.id} question not printed with its answer`);
    }
    // Every field the length keeps is in the view (so, by the checks above, in print).
    const item = byId.get(i.id)!;
    const rule = ruleFor(view.document.length as Length, trim);
    if (rule.depth !== 'headline' && item.summary && i.summary === null && !isBrief(view, i.id)) out.push(`${where}: ${i.id} summary dropped`);
    if (rule.depth === 'detail' && item.detail && i.detail === null && !isBrief(view, i.id) && spec.template !== 'speaking-notes') out.push(`${where}: ${i.id} detail dropped`);
  }
  // An item with several topics prints under the first of them the document shows; every later
  // topic it has that the document shows refers to it ("See also …"), and a reference names a topic
  // printed earlier that holds an item of the referring topic.
  if (spec.template !== 'speaking-notes' && spec.template !== 'annex') {
    const sections = [view.general, ...view.topics, ...view.otherTopics];
    const holds = (t: (typeof sections)[number]) => TOPIC_LISTS.flatMap((l) => t[l]);
    for (const [a, home] of sections.entries()) {
      for (const i of holds(home)) {
        for (const other of sections.slice(a + 1).filter((t) => byId.get(i.id)!.topics.includes(t.id))) {
          if (!other.references.some((r) => r.title === home.title)) out.push(`${where}: ${other.id} does not refer to ${i.id} under ${home.title}`);
        }
        for (const before of sections.slice(0, a).filter((t) => t.id && byId.get(i.id)!.topics.includes(t.id))) out.push(`${where}: ${i.id} prints under ${home.id}, after ${before.id}`);
      }
      for (const r of home.references) {
        const target = sections.slice(0, a).find((t) => t.title === r.title);
        if (!target || !holds(target).some((i) => byId.get(i.id)!.topics.includes(home.id))) out.push(`${where}: ${home.id} refers to ${r.title}, which holds none of its items before it`);
      }
      // Printed: between the referring topic's heading line and the next topic's, the titles it names.
      if (home.references.length && home.id && markdown !== undefined) {
        const lines = markdown.split('\n');
        const heading = (title: string, from = 0) => lines.findIndex((l, n) => n >= from && norm(l.replace(/\{#[^}]*\}/, '')) === norm(title) && /^(#|\*\*)/.test(l));
        const from = heading(home.title);
        const next = sections[a + 1] ? heading(sections[a + 1]!.title, from + 1) : -1;
        const part = norm(lines.slice(from + 1, next < 0 ? undefined : next).join(' '));
        for (const r of home.references) if (from < 0 || !part.includes(norm(r.title))) out.push(`${where}: ${home.id}'s reference to ${r.title} not printed`);
      }
    }
  }
  // A public document never contains an internal item.
  if (spec.audience === 'public') {
    for (const i of content.items.filter((x) => x.audience === 'internal')) {
      if (items.some((p) => p.id === i.id)) out.push(`${where}: internal ${i.id} selected`);
      const h = norm(i.headline);
      if (h.length > 20 && body.includes(h) && !content.items.some((x) => x.audience === 'public' && norm(`${x.headline} ${x.summary ?? ''}`).includes(h))) out.push(`${where}: internal ${i.id} printed`);
    }
  }
  // Higher priority never goes while lower stays.
  const lowest = Math.max(-1, ...items.map((i) => RANK[i.priority as keyof typeof RANK]));
  for (const c of candidates(content, spec, view.document.length as Length, focus)) {
    if (!seen.has(c.id) && RANK[c.priority] < lowest) out.push(`${where}: ${c.id} (${c.priority}) left out while a ${['high', 'medium', 'low'][lowest]} item prints`);
  }
  return out;
}

/**
 * A focus topic the document prints nothing on (no item of the topic in its text) is a warning
 * naming the topic and the document; a warning only when that is so.
 */
function silentFocus(content: Content, spec: DocumentSpec, focus: readonly string[], text: string, diagnostics: readonly { code: string; message: string }[], where: string): string[] {
  const body = norm(text);
  // A document of reference matter (the annex) prints no item of any topic: no focus to miss.
  if (!content.items.some((i) => body.includes(norm(i.headline)))) return diagnostics.some((d) => d.code === 'FocusWithoutContent') ? [`${where}: a focus warning on a document that prints no item`] : [];
  return focus.flatMap((id) => {
    const topic = content.topics.find((t) => t.id === id)!;
    const said = content.items.some((i) => i.topics.includes(id) && body.includes(norm(i.headline)));
    const warned = diagnostics.some((d) => d.code === 'FocusWithoutContent' && d.message.includes(`'${topic.title}'`) && d.message.includes(`'${spec.id}'`));
    if (!said && !warned) return [`${where}: prints nothing on focus topic ${id}, without a warning`];
    if (said && warned) return [`${where}: warns that focus topic ${id} has nothing, but prints items on it`];
    return [];
  });
}

/** An item printed in a topic "in brief" (headlines only). */
const isBrief = (view: View, id: string) =>
  [view.general, ...view.topics, ...view.otherTopics].some((t) => t.depth !== 'full' && TOPIC_LISTS.some((l) => t[l].some((i) => i.id === id)));

describe.each(PACKS)('%s', (data) => {
  const content = loadContent(data);
  const specs = packDocuments(content, templates.folder);
  const focuses: string[][] = [[], ...content.topics.map((t) => [t.id])];

  it.each(specs.map((s) => [s.id, s] as const))('%s: every length, topic and trim step keeps the invariants', (_id, spec) => {
    const failures: string[] = [];
    for (const length of LENGTHS) {
      for (const focus of focuses) {
        for (let trim = 0; trim <= MAX_TRIM; trim++) {
          // Every step of the ladder on the view; the printed text at the length as asked, at the
          // mid-ladder and at the minimum.
          const built = buildDocument(content, { document: spec, length, focus, only: false, trim }, services);
          const text = modelText(built.document.blocks).join(' ');
          const where = `${length} ${focus.join(',') || '-'} trim ${trim}`;
          failures.push(...problems(content, spec, built.view, text, where, trim, focus, built.markdown));
          failures.push(...silentFocus(content, spec, focus, text, built.diagnostics, where));
        }
      }
    }
    expect(failures).toEqual([]);
  });
});

describe('test pack without likelihood (town-council)', () => {
  const content = loadContent('tests/fixtures/packs/town-council');
  const spec = (id: string) => packDocuments(content, templates.folder).find((d) => d.id === id)!;

  it('sets no likelihood and gives every kind a detail, so the defaults are exercised', () => {
    expect(content.topics.every((t) => t.likelihood === 'possible')).toBe(true);
    const kinds = new Set(content.items.filter((i) => i.detail).map((i) => i.kind));
    expect([...kinds].sort()).toEqual(['background', 'defensive-qa', 'key-message', 'line-to-take', 'objective', 'position', 'speaking-point']);
  });

  it('a brief fitted to one page keeps its high-priority positions and lines before any medium item', () => {
    const high = content.items.filter((i) => i.priority === 'high' && (i.kind === 'position' || i.kind === 'line-to-take')).map((i) => i.id);
    for (let trim = 0; trim <= MAX_TRIM; trim++) {
      const view = buildDocument(content, { document: spec('steering'), length: 'short', focus: [], trim }, services).view;
      const ids = printed(view, 'steering').map((i) => i.id);
      const medium = printed(view, 'steering').some((i) => i.priority !== 'high');
      if (medium) for (const id of high) expect(ids, `trim ${trim}`).toContain(id);
    }
    // The standard brief shows every topic (none is more likely than another) in full.
    const standard = buildDocument(content, { document: spec('steering'), length: 'standard', focus: [] }, services).view;
    expect(standard.topics.map((t) => [t.id, t.depth])).toEqual(content.topics.map((t) => [t.id, 'full']));
  });

  it('a focus topic with nothing for the audience is a warning naming the topic and the document', () => {
    const request = { document: spec('handout'), length: 'standard' as const, focus: ['libraries'] };
    const built = buildDocument(content, request, services);
    const warning = built.diagnostics.find((d) => d.code === 'FocusWithoutContent');
    expect(warning?.message).toContain('Library opening hours');
    expect(warning?.message).toContain("'handout'");
    // The internal steering brief has items on it: no warning.
    const steering = { ...request, document: spec('steering') };
    expect(selectionWarnings(content, steering, buildDocument(content, steering, services).view)).toEqual([]);
    // A topic with items only below the length's priority threshold warns too.
    const short = { document: spec('steering'), length: 'short' as const, focus: ['libraries'] };
    const low = selectionWarnings(content, short, buildDocument(content, short, services).view);
    expect(low.map((d) => d.message).join()).toContain("Topic 'Library opening hours' has no item of the priority the internal document 'steering' keeps at length 'short'");
  });

  it('an item with several topics prints under the first topic shown and is referred to elsewhere', () => {
    const view = buildDocument(content, { document: spec('steering'), length: 'full', focus: [] }, services).view;
    const housing = view.topics.find((t) => t.id === 'housing')!;
    const budget = view.topics.find((t) => t.id === 'budget')!;
    expect(housing.positions.map((i) => i.id)).toContain('housing-pos-pipeline');
    expect(budget.positions.map((i) => i.id)).not.toContain('housing-pos-pipeline');
    expect(budget.references).toEqual([{ title: 'Affordable housing' }]);
    const markdown = buildDocument(content, { document: spec('steering'), length: 'full', focus: [] }, services).markdown;
    expect(markdown).toContain('See also Affordable housing.');
  });
});

describe('speeches', () => {
  it.each(PACKS)('%s: opening, points in priority order, each said once unless it repeats, closing, timed (every length, focus and trim step)', (data) => {
    const content = loadContent(data);
    const spec = packDocuments(content, templates.folder).find((d) => d.template === 'speaking-notes')!;
    const requests = LENGTHS.flatMap((length) =>
      [[], ...content.topics.map((t) => [t.id])].flatMap((focus) =>
        (focus.length ? [false, true] : [false]).flatMap((only) => Array.from({ length: MAX_TRIM + 1 }, (_, trim) => ({ length, focus, only, trim }))),
      ),
    );
    for (const request of requests) {
      const { view, markdown } = buildDocument(content, { document: spec, ...request }, services);
      const said = new Map<string, number>();
      let words = 0;
      for (const [n, session] of view.agenda.entries()) {
        // A focus (with --only) leaves out sessions: the session's own words, found by its item.
        const source = content.agenda.find((s) => s.item === session.item && s.date === session.date)!;
        for (const p of session.points) said.set(p.id, (said.get(p.id) ?? 0) + 1);
        // Points in priority order.
        const ranks = session.points.map((p) => RANK[p.priority as keyof typeof RANK]);
        expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
        // Numbered paragraphs: opening, one per point, closing; full sentences.
        expect(session.paragraphs.map((p) => p.number)).toEqual(session.paragraphs.map((_, i) => i + 1));
        expect(session.paragraphs.length).toBe(session.points.length + 2);
        expect(session.paragraphs[0]!.text).toBe(source.opening ?? session.opening);
        expect(session.opening).toBeTruthy();
        expect(session.closing).toBeTruthy();
        for (const p of session.paragraphs) expect(p.text).toMatch(/[.!?…]["'”’»)\]\s]*$/);
        // Every paragraph prints: no line of a speech lost between the view and the page.
        for (const p of session.paragraphs) expect(norm(markdown), `${JSON.stringify(request)} ${session.item} ${p.number}`).toContain(norm(p.text));
        // Items without a topic join the first speech only.
        if (n > 0) expect(session.points.filter((p) => content.items.find((i) => i.id === p.id)!.topics.length === 0)).toEqual([]);
        const count = session.paragraphs.reduce((s, p) => s + p.text.split(/\s+/).filter(Boolean).length, 0);
        expect(session.words).toBe(count);
        // Whole minutes as said: a speech of a few lines is under a minute, not "about 1 min", so
        // four short speeches do not add up to more than the total the title gives.
        expect(session.minutes).toBe(Math.round(count / services.theme.speechRate));
        const timed = messagesFor(templates.folder, view.pack.locale).format('speech.length', { minutes: session.minutes, words: session.words, rate: services.theme.speechRate });
        expect(markdown.replace(/\\/g, '')).toContain(timed);
        if (session.minutes === 0) expect(timed).toMatch(/^under a minute|^moins|^menos|^unter|^меньше/);
        words += count;
      }
      expect(view.speech.words).toBe(words);
      expect(view.speech.minutes).toBe(Math.round(words / services.theme.speechRate));
      for (const [id, times] of said) if (times > 1) expect(content.items.find((i) => i.id === id)!.repeat, `${id} said ${times} times`).toBe(true);
    }
  });

  it('a point becomes a full sentence once: a quotation that ends a sentence gets no second full stop', () => {
    expect(sentence('We support the plan')).toBe('We support the plan.');
    expect(sentence('Is it binding?')).toBe('Is it binding?');
    expect(sentence('« Un port qui ne drague pas est un port qui recule. »')).toBe('« Un port qui ne drague pas est un port qui recule. »');
    expect(sentence('"We will not move."')).toBe('"We will not move."');
  });

  it('an item marked repeat is said in every session it concerns', () => {
    const content = loadContent('tests/fixtures/packs/town-council');
    const spec = packDocuments(content, templates.folder).find((d) => d.template === 'speaking-notes')!;
    const { view } = buildDocument(content, { document: spec, length: 'full', focus: [] }, services);
    const sessions = view.agenda.filter((s) => s.points.some((p) => p.id === 'housing-sp-waiting'));
    expect(sessions.length).toBe(2);
    // The opening and closing a session gives win over the labels'.
    expect(view.agenda[0]!.opening).toBe('Thank you, Mayor, and good evening, colleagues.');
    expect(view.agenda[2]!.closing).toBe('Thank you, Mayor. I commend the report to council.');
    expect(view.agenda[1]!.opening).toBe('Thank you, Chair.');
  });
});

describe('what the user gets: rendered PDF and DOCX', () => {
  it.each(PACKS)('%s: every document as the pack asks for it', async (data) => {
    const content = loadContent(data);
    const failures: string[] = [];
    for (const job of planJobs(content, templates.folder, {})) {
      const rendered = await renderJob(job, ['pdf', 'docx'], content, services);
      const pdf = await readPdf(rendered.outputs.find((o) => o.format === 'pdf')!.written.bytes);
      // The page bands hold the running header and footer; the body is what the checks read,
      // without list numbers (the leftmost "N." of a line), which pdfjs puts where it likes.
      const marker = (p: (typeof pdf.pages)[number], i: TextItem) =>
        /^\s*\d+\.\s*$/.test(i.str) && p.items.every((o) => o === i || Math.abs(o.y - i.y) > 1 || o.x > i.x);
      const body = (p: (typeof pdf.pages)[number]) => p.items.filter((i) => i.y > p.height * 0.06 && i.y < p.height * 0.94 && !marker(p, i));
      const pdfText = pdf.pages.map((p) => body(p).map((i) => i.str).join('')).join('');
      const docx = await readDocx(rendered.outputs.find((o) => o.format === 'docx')!.written.bytes);
      const docxText = textOf(docx.xml('word/document.xml')) + (docx.has('word/footnotes.xml') ? textOf(docx.xml('word/footnotes.xml')) : '');
      for (const [format, text] of [['pdf', pdfText], ['docx', docxText]] as const) {
        failures.push(...problems(content, job.spec, rendered.built.view, text, `${job.spec.id} ${format}`, rendered.trim, []));
      }
      // A question with its answer, also on the page (the PDF item order is the reading order).
      for (const i of printed(rendered.built.view, job.spec.template).filter((x) => x.question)) expect(norm(pdfText)).toContain(norm(i.question!));
    }
    expect(failures).toEqual([]);
  });
});
