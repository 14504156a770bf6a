// The CommonMark spec as a test suite. Every example goes through the reader and every writer
// (no crash); the Markdown writer's output reads back to the same model; the model's text is the
// text of the spec's HTML. tests/fixtures/commonmark/unsupported.json lists, with reasons, the
// examples that by design do not pass a check, and this test keeps that list exact: an unlisted
// example that fails, or a listed one that passes, fails it.
import { describe, expect, it } from 'vitest';
import type { Document } from '../../src/document/model.js';
import { loadTheme } from '../../src/theme/index.js';
import { writeDocx } from '../../src/write/docx/index.js';
import { writeMarkdown } from '../../src/write/md/index.js';
import { writePdf } from '../../src/write/pdf/index.js';
import { CHECKS, EXAMPLES, UNSUPPORTED, comparable, htmlText, listed, modelText, read, type Check, type Example } from './commonmark.js';

const theme = loadTheme();
const models = new Map(EXAMPLES.map((e) => [e.number, read(e.markdown)]));
const modelOf = (e: Example) => models.get(e.number)!;

async function rewritten(doc: Document): Promise<string> {
  return new TextDecoder().decode((await writeMarkdown(doc, theme)).bytes);
}

/** Examples whose outcome differs from the list: the ones that fail unlisted, and the ones listed that pass. */
async function mismatches(check: Check, passes: (e: Example) => Promise<boolean> | boolean) {
  const failing: number[] = [];
  const passingListed: number[] = [];
  for (const e of EXAMPLES) {
    const ok = await passes(e);
    const expectedToFail = listed(check, e) !== undefined;
    if (!ok && !expectedToFail) failing.push(e.number);
    if (ok && expectedToFail) passingListed.push(e.number);
  }
  return { failing, passingListed };
}

describe('the CommonMark spec', () => {
  it('has its examples', () => {
    expect(EXAMPLES.length).toBeGreaterThan(600);
  });

  it('names only examples and sections the spec has, each with a reason', () => {
    const numbers = new Set(EXAMPLES.map((e) => String(e.number)));
    const sections = new Set(EXAMPLES.map((e) => e.section));
    expect(Object.keys(UNSUPPORTED).sort()).toEqual(['about', ...CHECKS].sort());
    for (const list of CHECKS.map((c) => UNSUPPORTED[c])) {
      for (const [n, reason] of Object.entries(list.examples)) expect([n, numbers.has(n), reason.length > 10]).toEqual([n, true, true]);
      for (const [s, reason] of Object.entries(list.sections)) expect([s, sections.has(s), reason.length > 10]).toEqual([s, true, true]);
    }
  });

  it('reads every example, and the Markdown writer writes it', async () => {
    for (const e of EXAMPLES) await expect(rewritten(modelOf(e)), `example ${e.number}`).resolves.toBeTypeOf('string');
  });

  // Each example is its own document in each format (about 13 s in all); the tests go by sixty
  // examples, and a failure names the examples that threw.
  const GROUP = 60;
  const groups = Array.from({ length: Math.ceil(EXAMPLES.length / GROUP) }, (_, i) => EXAMPLES.slice(i * GROUP, (i + 1) * GROUP));
  it.each(groups.map((g) => [`${g[0]!.number}–${g[g.length - 1]!.number}`, g] as const))(
    'lays out examples %s in the PDF and the DOCX',
    async (_, group) => {
      const thrown: string[] = [];
      for (const e of group) {
        const doc = modelOf(e);
        for (const [format, write] of [['pdf', writePdf], ['docx', writeDocx]] as const) {
          try {
            const written = await write(doc, theme);
            if (written.bytes.length === 0) thrown.push(`${e.number} ${format}: no bytes`);
          } catch (error) {
            thrown.push(`${e.number} ${format}: ${(error as Error).message}`);
          }
        }
      }
      expect(thrown).toEqual([]);
    },
    60_000,
  );

  it('reads back what the Markdown writer wrote, to the same model, for every example the model supports', async () => {
    const result = await mismatches('roundtrip', async (e) => {
      const doc = modelOf(e);
      return JSON.stringify(comparable(read(await rewritten(doc)))) === JSON.stringify(comparable(doc));
    });
    expect(result).toEqual({ failing: [], passingListed: [] });
  });

  it('prints the text of the spec’s HTML for every example the model supports', async () => {
    const result = await mismatches('text', (e) => modelText(modelOf(e)) === htmlText(e.html));
    expect(result).toEqual({ failing: [], passingListed: [] });
  });
});
