// What poppler reads back from each bundled document's PDF is the document model's text. pdf.js
// folds ligatures and compatibility characters when it extracts, so it cannot see a glyph mapped
// to the wrong text; pdftotext reports the PDF's own ToUnicode mapping.
//
// Normalised before comparing, on both sides:
// - Compatibility characters: a PDF maps each glyph to one text, and the font draws 'ﬁ' with the
//   same glyph as f+i (its ligature), the Ohm sign with Omega's; a model word may read back as its
//   NFKC form ("ﬁchier" as "fichier", "Ω" as "Ω"), what a reader searches for. Only the model
//   side is folded: a PDF that reads "ﬁchier" for the model's "fichier" fails.
// - Whitespace: line and page breaks, tabs, no-break spaces and runs of spaces all separate words.
// - Words wrapped across lines: a token found in neither text is joined with the next ones
//   (pdfmake breaks after a hyphen and cuts words longer than the line without adding a hyphen);
//   poppler joins a word broken after its hyphen and drops the hyphen ("state-sponsored" reads
//   "statesponsored"), so words are matched regardless of hyphens.
// - Note numbers: a footnote reference prints as a superscript number stuck to its word
//   ("report.3,4"); the model has the word alone, so trailing numbers after a word are taken off.
// Page furniture is not in the model: running header and footer (title, marking, "page n of m"),
// list numbers, note numbers and contents page numbers. Numbers, punctuation-only tokens and the
// words of the metadata are allowed as extra words; every other word must be the model's.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadContent } from '../../src/content/index.js';
import { MODEL_VERSION, type Document, type Inline } from '../../src/document/model.js';
import { fixedEnv } from '../../src/env.js';
import { planJobs } from '../../src/pack/plan/plan.js';
import { renderJob } from '../../src/pack/execute/job.js';
import { loadTemplates } from '../../src/template/index.js';
import { loadTheme, themeLoader } from '../../src/theme/index.js';
import { writePdf } from '../../src/write/pdf/index.js';
import { plainText, printedUrl, showsAddress } from '../../src/write/text.js';
import { packWithLigatures } from '../fixtures/ligature-pack.js';

// The first pack types ﬁ, ﬂ and the Ohm sign in its first document; its later ones, and the other
// packs' after it in this process, say "fi", "fl" and Omega, which the font draws with those glyphs.
const PACKS = ['ligatures', 'data/eu-oewg-2024-07', 'tests/fixtures/packs/harbour-board'];
const dir = mkdtempSync(join(tmpdir(), 'briefpack-text-'));

function pdftotext(bytes: Uint8Array, name: string): string {
  const file = join(dir, `${name}.pdf`);
  writeFileSync(file, bytes);
  try {
    return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8', timeout: 60_000 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new Error('pdftotext is not installed: apt-get install poppler-utils');
    throw error;
  }
}

const words = (text: string): string[] =>
  text
    .replace(/[\u00ad\u200b-\u200d\u2060\ufeff]/g, '')
    .split(/\s+/u)
    .filter((w) => w !== '');

const INLINE = new Set(['text', 'strong', 'emphasis', 'code', 'link', 'crossReference', 'footnoteReference', 'break']);

/**
 * Inline content as it prints: runs side by side, a line break as a space, note references as
 * nothing, a link that shows its own address as the address printed (host and path, decoded).
 */
function inlineText(nodes: readonly Inline[]): string {
  return nodes
    .map((n) => {
      if (n.type === 'text' || n.type === 'code') return n.value;
      if (n.type === 'break') return ' ';
      if (n.type === 'link' && showsAddress(n.url, plainText(n.children))) return printedUrl(n.url);
      return 'children' in n ? inlineText(n.children) : '';
    })
    .join('');
}

/** Every text the model prints, in order: blocks' inline content, contents titles, footnotes. */
function modelText(document: Document): string {
  const out: string[] = [];
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      if (value.length > 0 && INLINE.has((value[0] as { type?: string }).type ?? '')) out.push(inlineText(value as Inline[]));
      else value.forEach(visit);
      return;
    }
    if (value === null || typeof value !== 'object' || ArrayBuffer.isView(value)) return;
    const node = value as { type?: string; title?: unknown };
    if (node.type === 'tableOfContents' && typeof node.title === 'string') out.push(node.title);
    for (const [key, child] of Object.entries(value)) if (key !== 'source' && key !== 'data') visit(child);
  };
  visit(document.blocks);
  visit(document.footnotes);
  return out.join(' ');
}

/** Strings of the metadata (title, marking, labels): what headers and footers print. */
function furniture(document: Document): Set<string> {
  const strings: string[] = [];
  const visit = (value: unknown): void => {
    if (typeof value === 'string') strings.push(value.replace(/\{[a-z]+\}/gi, ' '));
    else if (Array.isArray(value)) value.forEach(visit);
    else if (value && typeof value === 'object' && !(value instanceof Date)) Object.values(value).forEach(visit);
  };
  visit(document.metadata);
  return new Set(words(strings.join(' ')));
}

const count = (list: readonly string[]) => {
  const counts = new Map<string, number>();
  for (const w of list) counts.set(w, (counts.get(w) ?? 0) + 1);
  return counts;
};

/**
 * A PDF word as the model has it, if it can be: as printed, else with the note numbers printed
 * after it taken off; hyphens aside, since poppler drops the one a line broke after. A marker
 * raised at the start of a line is read at the end of the line above, inside a word broken after
 * its hyphen ("capacity1" + "building"): a number between letters is taken off too.
 */
function asModelWord(word: string, byKey: ReadonlyMap<string, string>): string | undefined {
  for (const candidate of [word, word.replace(/(?<=\D)\d+(,\d+)*$/u, ''), word.replace(/(?<=\p{L}-?)\d+(,\d+)*(?=\p{L})/u, '')]) {
    const found = byKey.get(unhyphenated(candidate));
    if (found !== undefined) return found;
  }
  return undefined;
}
const unhyphenated = (word: string) => word.replace(/-/g, '');

/**
 * The PDF's words as the model has them, wrapped words joined back; unknown words left as printed.
 * A word wrapped across a page break has the page's footer and the next page's header between its
 * parts: those words (`furniture`) are kept, in order, after the word they interrupted.
 */
function rejoin(pdf: readonly string[], known: ReadonlySet<string>, furniture: ReadonlySet<string> = new Set()): string[] {
  const byKey = new Map([...known].flatMap((w) => [[unhyphenated(w.normalize('NFKC')), w] as const, [unhyphenated(w), w] as const]));
  const out: string[] = [];
  /** The model word that pdf[i] starts, joined with the words after it (passing over page furniture if asked), and where it ends. */
  const join = (i: number, overFurniture: boolean) => {
    const between: string[] = [];
    for (let j = i + 1, joined = pdf[i]!; j < pdf.length && j < i + 40; j++) {
      if (overFurniture && (furniture.has(pdf[j]!) || isFurnitureToken(pdf[j]!))) {
        between.push(pdf[j]!);
        continue;
      }
      joined += pdf[j]!;
      const word = asModelWord(joined, byKey);
      if (word !== undefined) return { word, end: j, between };
    }
    return undefined;
  };
  for (let i = 0; i < pdf.length; i++) {
    const word = known.has(pdf[i]!) ? pdf[i] : asModelWord(pdf[i]!, byKey);
    // A word printed with a marker after it may be the first part of a word broken after its
    // hyphen, the marker of the line below read at this line's end ("capacity1" + "building").
    const marked = word !== undefined && !known.has(pdf[i]!) && /\p{L}-?\d+(,\d+)*$/u.test(pdf[i]!);
    const joined = word === undefined ? (join(i, false) ?? join(i, true)) : marked ? join(i, false) : undefined;
    if (joined) {
      out.push(joined.word, ...joined.between);
      i = joined.end;
    } else out.push(word ?? pdf[i]!);
  }
  return out;
}

const isFurnitureToken = (w: string) => /^[\p{N}\p{P}\p{S}]+$/u.test(w);

describe.each(PACKS)('%s: pdftotext reads back the model', (pack) => {
  const content = loadContent(pack === 'ligatures' ? packWithLigatures() : pack);
  const templates = loadTemplates();
  const themeFor = themeLoader();
  const jobs = planJobs(content, templates.folder, {});

  it.each(jobs.map((job) => [job.spec.id, job] as const))('%s', async (_id, job) => {
    const services = { templates, theme: themeFor(job.theme), env: fixedEnv(new Date('2024-07-01T00:00:00Z')) };
    const rendered = await renderJob(job, ['pdf'], content, services);
    const document = rendered.built.document;
    const model = words(modelText(document));
    const known = new Set(model);
    const allowed = furniture(document);
    const pdf = rejoin(words(pdftotext(rendered.outputs[0]!.written.bytes, job.base)), known, allowed);

    const extra = pdf.filter((w) => !known.has(w) && !allowed.has(w) && !isFurnitureToken(w));
    expect(extra, 'words in the PDF that the model does not have').toEqual([]);
    const have = count(pdf);
    const missing = [...count(model)].filter(([w, n]) => (have.get(w) ?? 0) < n).map(([w, n]) => `${w} ×${n - (have.get(w) ?? 0)}`);
    expect(missing, 'words of the model missing from the PDF').toEqual([]);
  });
});

describe('a word longer than the line, as poppler reads it', () => {
  it('comes back whole when the lines are joined, with nothing added', async () => {
    const word = 'Ab'.repeat(2500);
    const accented = 'e\u0301'.repeat(600);
    const document: Document = {
      modelVersion: MODEL_VERSION,
      metadata: { title: 'Long words', language: 'en-GB', created: new Date('2024-07-01T00:00:00Z') },
      blocks: [{ type: 'paragraph', role: 'body', children: [{ type: 'text', value: `Before ${word} middle ${accented} after.` }] }],
      footnotes: {},
    };
    const text = pdftotext((await writePdf(document, loadTheme())).bytes, 'long-words');
    // Running header (the title) and footer (page n of m) fall between the pages of the word.
    const body = text.split('\n').filter((line) => line.trim() !== 'Long words' && !/^\f?Page \d+ of \d+$/.test(line.trim()));
    const joined = body.join('').replace(/\s+/g, '');
    expect(joined.includes(`Before${word}middle`)).toBe(true);
    expect(joined.normalize('NFC').includes(`middle${accented}after.`.normalize('NFC'))).toBe(true);
    expect(text).not.toMatch(/[\u200b\u00ad-]/);
  });
});
