// The preview PDF `serve` shows looks as the file the CLI writes, as poppler draws both: every page
// of every bundled document, rasterised, the same pixels but for a few at glyph edges (a run of
// words is placed from its first word where the file places each word; the two may round a
// position differently by a hair: 12 pixels in the pack's 21 pages when this was written). Fails, not
// skips, when pdftoppm is missing.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildDocument, planJobs } from '../../src/pack/index.js';
import { themeLoader } from '../../src/theme/index.js';
import { writePdf } from '../../src/write/pdf/index.js';
import { PACKS, setUp } from '../fit/matrix.js';

const { content, services, folder } = setUp(PACKS.bundled);
const themeFor = themeLoader();
const built = planJobs(content, folder, {}).map((job) => ({ job, theme: themeFor(job.theme), document: buildDocument(content, job.request, { ...services, theme: themeFor(job.theme) }).document }));

/** Each page of the PDF as grey pixels (PGM at 60 dpi): its header and its bytes. */
function pixels(bytes: Uint8Array, name: string): { header: string; data: Buffer }[] {
  const dir = mkdtempSync(join(tmpdir(), `briefpack-pixels-${name}-`));
  writeFileSync(join(dir, 'doc.pdf'), bytes);
  try {
    execFileSync('pdftoppm', ['-r', '60', '-gray', join(dir, 'doc.pdf'), join(dir, 'page')], { stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new Error('pdftoppm is not installed: apt-get install poppler-utils');
    throw error;
  }
  return readdirSync(dir)
    .filter((f) => f.endsWith('.pgm'))
    .sort()
    .map((f) => {
      const file = readFileSync(join(dir, f));
      // "P5\n<width> <height>\n255\n" then one byte a pixel.
      const header = file.subarray(0, 20).toString('latin1').split('\n').slice(0, 3).join('\n');
      return { header, data: file.subarray(header.length + 1) };
    });
}

describe('the preview PDF, drawn by poppler', () => {
  it.each(built.map((b) => [b.job.base, b] as const))('%s: the pages of the file, pixel for pixel but at glyph edges', async (name, { document, theme }) => {
    const file = pixels((await writePdf(document, theme)).bytes, `${name}-file`);
    const preview = pixels((await writePdf(document, theme, { preview: true })).bytes, `${name}-preview`);
    expect(preview.map((p) => p.header)).toEqual(file.map((p) => p.header));
    file.forEach((page, i) => {
      const other = preview[i]!.data;
      let differ = 0;
      let inked = 0;
      for (let k = 0; k < page.data.length; k++) {
        if (page.data[k]! < 250) inked++;
        // A shade apart, not a glyph moved: anti-aliasing of an edge drawn a hair to one side.
        if (Math.abs(page.data[k]! - other[k]!) > 48) differ++;
      }
      expect(inked, `page ${i + 1} has text`).toBeGreaterThan(0);
      expect(differ / inked, `page ${i + 1}: pixels that differ, of those inked`).toBeLessThan(0.002);
    });
  });
});
