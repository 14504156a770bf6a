// The Markdown writer over arbitrary text: whatever a text or code node holds, the Markdown written
// reads back to the same model.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Block, Inline } from '../../../src/document/model.js';
import { toDocument } from '../../../src/markdown/index.js';
import { loadTheme } from '../../../src/theme/index.js';
import { writeMarkdown } from '../../../src/write/md/index.js';
import { doc } from '../pdf/helpers.js';

const theme = loadTheme();
// What a reader can put in a text node: anything but NUL (CommonMark reads it as U+FFFD).
const text = fc.string({ unit: fc.oneof(fc.constantFrom(...'*_`[]()<>&!#|\\ \t\n-+.:=~{}^'.split('')), fc.string({ unit: 'binary', minLength: 1, maxLength: 1 })), minLength: 1, maxLength: 12 }).filter((s) => !/[\u0000\u0002\u0003]/.test(s));

const inline: fc.Arbitrary<Inline> = fc.oneof(
  text.map((value): Inline => ({ type: 'text', value })),
  // A code span cannot hold a line break or be only white space at its edges in a way CommonMark keeps.
  text.filter((v) => !/[\n\r]/.test(v) && v.trim() !== '' && v === v.replace(/^ +| +$/g, '')).map((value): Inline => ({ type: 'code', value })),
  // CommonMark reads `**` as strong only where it is flanking: beside punctuation inside and a letter
  // outside it cannot be (`a**(b)**c` stays literal), so strong text here starts and ends with a letter.
  text.filter((v) => /^[\p{L}\p{N}]([\s\S]*[\p{L}\p{N}])?$/u.test(v)).map((value): Inline => ({ type: 'strong', children: [{ type: 'text', value }] })),
);

/** Adjacent text nodes read back as one. */
const merged = (nodes: Inline[]): Inline[] =>
  nodes.reduce<Inline[]>((out, n) => {
    const last = out[out.length - 1];
    if (n.type === 'text' && last?.type === 'text') out[out.length - 1] = { type: 'text', value: last.value + n.value };
    else out.push(n);
    return out;
  }, []);

describe('Markdown writer (property)', () => {
  it('writes any text so it reads back the same', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(inline, { minLength: 1, maxLength: 4 }), async (nodes) => {
        const children = merged(nodes);
        // A lone code node is a code block; two code spans side by side have no Markdown (their backticks run together).
        fc.pre(!(children.length === 1 && children[0]!.type === 'code'));
        // Nor have two strong nodes side by side where a letter touches them (`**a****b**` is one).
        fc.pre(!children.some((n, i) => n.type !== 'text' && children[i + 1]?.type === n.type));
        const blocks: Block[] = [{ type: 'paragraph', role: 'body', children }];
        const markdown = new TextDecoder().decode((await writeMarkdown({ ...doc(blocks), footnotes: {} }, theme)).bytes);
        const back = toDocument(markdown, { metadata: doc([]).metadata, sourceName: 'p.md' }).document.blocks;
        expect(JSON.parse(JSON.stringify(back, (k, v) => (k === 'source' ? undefined : v))), markdown).toEqual(blocks);
      }),
      { numRuns: 400 },
    );
  });

  it('writes any code block so it reads back the same', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(text, { maxLength: 5 }), async (lines) => {
        // A code block's own line ends are LF (CommonMark reads CR and CRLF as LF).
        const value = lines.join('\n').replace(/\r\n?/g, '\n');
        const blocks: Block[] = [{ type: 'paragraph', role: 'body', children: [{ type: 'code', value }] }];
        const markdown = new TextDecoder().decode((await writeMarkdown({ ...doc(blocks), footnotes: {} }, theme)).bytes);
        const back = toDocument(markdown, { metadata: doc([]).metadata, sourceName: 'p.md' }).document.blocks;
        expect(JSON.parse(JSON.stringify(back, (k, v) => (k === 'source' ? undefined : v))), markdown).toEqual(blocks);
      }),
      { numRuns: 300 },
    );
  });
});
