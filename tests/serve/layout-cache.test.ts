// The layouts a long-lived process keeps (src/warm/layouts.ts): a layout is made once per model,
// theme and options, and previews — a new one after each edit, each an uncompressed PDF — are kept
// to a number of their own, without pushing out the files' layouts.
import { describe, expect, it } from 'vitest';
import type { Document } from '../../src/document/model.js';
import type { Theme } from '../../src/theme/schema.js';
import { layoutCache } from '../../src/warm/layouts.js';
import type { Writer } from '../../src/write/index.js';

const theme = { name: 'test', fontFaces: {} } as unknown as Theme;
const doc = (n: number) => ({ blocks: [], metadata: { title: `document ${n}`, created: new Date(0) } }) as unknown as Document;

function counted() {
  const made: string[] = [];
  const writer: Writer = async (document, _theme, options = {}) => {
    made.push(`${document.metadata.title}${options.preview ? ' (preview)' : ''}`);
    return { bytes: new Uint8Array(), diagnostics: [] };
  };
  return { made, writer };
}

describe('the layouts kept', () => {
  it('makes a layout once for the same model and options', async () => {
    const { made, writer } = counted();
    const write = layoutCache().wrap('pdf', writer);
    await write(doc(1), theme, {});
    await write(doc(1), theme, {});
    await write(doc(1), theme, { preview: true });
    expect(made).toEqual(['document 1', 'document 1 (preview)']);
  });

  it('keeps previews to their own number, the least recently shown going first, and the files as they were', async () => {
    const { made, writer } = counted();
    const write = layoutCache(100, 2).wrap('pdf', writer);
    await write(doc(0), theme, {});
    for (const n of [1, 2]) await write(doc(n), theme, { preview: true });
    // Shown again: now the most recently used.
    await write(doc(1), theme, { preview: true });
    await write(doc(3), theme, { preview: true });
    made.length = 0;
    await write(doc(1), theme, { preview: true });
    await write(doc(3), theme, { preview: true });
    await write(doc(0), theme, {});
    expect(made).toEqual([]);
    await write(doc(2), theme, { preview: true });
    expect(made).toEqual(['document 2 (preview)']);
  });
});
