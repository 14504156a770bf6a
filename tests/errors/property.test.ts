// Property: any pack valid under the schema renders to PDF and DOCX without throwing, and every
// visible string of the selected content is in the PDF's extracted text and in the DOCX.
import fc from 'fast-check';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileSchema } from '../../src/content/schema.js';
import { fixedEnv } from '../../src/env.js';
import { generate } from '../../src/pack/index.js';
import { readDocx, textOf } from '../helpers/docx.js';
import { readPdf } from '../helpers/pdf.js';
import { BASE_PACK, bare, writePack } from './pack-builder.js';

const env = fixedEnv(new Date('2025-03-01T09:00:00Z'));

// Letters of the scripts the bundled font covers, and the metacharacters of Markdown, Handlebars, HTML.
const ALPHABET = [
  ...'abcXYZ019',
  ...'ąęłńóśźżĄŁŻ', ...'čďěňřšťůžČŘŽ', ...'ăâîșțĂȘȚ', ...'őűŐŰáé',
  ...'αβγδλΩΣψ', ...'абвгджщЯЖЁё',
  ...'*_#[]()|`{}<>&!~\\^:-+=.>\'"', '{{', '}}', '{{>', '&amp;', '<script>', ' ', ' ',
];
const text = fc
  .array(fc.constantFrom(...ALPHABET), { minLength: 1, maxLength: 24 })
  .map((parts) => parts.join('').trim())
  .filter((s) => s.length > 0);

const KINDS = ['position', 'line-to-take', 'speaking-point', 'background', 'objective', 'key-message', 'defensive-qa'] as const;

const packArb = fc
  .record({
    title: text,
    topics: fc.uniqueArray(fc.record({ title: text }), { minLength: 1, maxLength: 3, selector: (t) => t.title }),
    items: fc.array(
      fc.record({ kind: fc.constantFrom(...KINDS), topic: fc.nat(), headline: text, summary: fc.option(text, { nil: undefined }), question: text }),
      { minLength: 1, maxLength: 6 },
    ),
  })
  .map(({ title, topics, items }) => ({
    pack: { ...BASE_PACK, title },
    topics: topics.map((t, i) => ({ id: `t${i}`, title: t.title, likelihood: 'certain' })),
    items: items.map((item, i) => ({
      id: `i${i}`,
      kind: item.kind,
      topics: item.kind === 'objective' || item.kind === 'key-message' ? [] : [`t${item.topic % topics.length}`],
      headline: item.headline,
      ...(item.summary ? { summary: item.summary } : {}),
      ...(item.kind === 'defensive-qa' ? { question: item.question } : {}),
    })),
  }));

/** pdfjs puts list numbers where it likes; leave lone numbers out before comparing. */
const LONE_NUMBER = /^\s*\d+\.\s*$/;
const pdfTextOf = (pages: readonly { items: readonly { str: string }[] }[], keepNumbers = false) =>
  bare(pages.map((p) => p.items.map((i) => i.str).filter((s) => keepNumbers || !LONE_NUMBER.test(s)).join('')).join(''));

describe('any valid pack', () => {
  it('renders in PDF and DOCX, and every selected string is in both', async () => {
    await fc.assert(
      fc.asyncProperty(packArb, async (parts) => {
        expect(fileSchema.safeParse(parts).success).toBe(true);
        const data = writePack(parts);
        const out = mkdtempSync(join(tmpdir(), 'bp-prop-'));
        const result = await generate({ data, out, formats: ['pdf', 'docx'], documents: ['steering'], length: 'full' }, env);
        const file = (ext: string) => readFileSync(join(out, result.files.find((f) => f.format === ext)!.file));
        const pages = (await readPdf(file('pdf'))).pages;
        const pdf = pdfTextOf(pages);
        // A value that is itself a lone number ("0.") looks like a list number: look for it in the whole text.
        const pdfWithNumbers = pdfTextOf(pages, true);
        const docx = bare(textOf((await readDocx(file('docx'))).xml('word/document.xml')));
        // A full internal briefing selects every item; topics print when they hold an item.
        const used = new Set(parts.items.flatMap((i) => i.topics));
        const visible = [
          parts.pack.title,
          ...parts.topics.filter((t) => used.has(t.id)).map((t) => t.title),
          ...parts.items.flatMap((i) => [i.headline, i.summary, i.question].filter((s): s is string => typeof s === 'string' && (s !== i.question || i.kind === 'defensive-qa'))),
        ];
        for (const value of visible) {
          expect(LONE_NUMBER.test(value) ? pdfWithNumbers : pdf, `PDF lacks ${JSON.stringify(value)}`).toContain(bare(value));
          expect(docx, `DOCX lacks ${JSON.stringify(value)}`).toContain(bare(value));
        }
      }),
      { numRuns: 20 },
    );
  }, 300_000);
});
