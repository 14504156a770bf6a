// The PDF as poppler and qpdf see it. These fail, not skip, when a program is missing: a check
// that quietly does not run proves nothing.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { MODEL_VERSION, type Document } from '../../src/document/model.js';
import { loadTheme } from '../../src/theme/index.js';
import { writePdf } from '../../src/write/pdf/index.js';
import { sampleDocument } from '../fixtures/sample-document.js';

const run = (program: string, args: string[]): string => {
  try {
    return execFileSync(program, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 });
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    if (e.code === 'ENOENT') throw new Error(`${program} is not installed: apt-get install poppler-utils qpdf`);
    throw error;
  }
};

const dir = mkdtempSync(join(tmpdir(), 'briefpack-pdf-'));
const samplePath = join(dir, 'sample.pdf');
const longPath = join(dir, 'long.pdf');
const LONG_WORD = 'Ab'.repeat(150);
let pages = 0;

beforeAll(async () => {
  const written = await writePdf(sampleDocument(), loadTheme());
  pages = written.pages!;
  writeFileSync(samplePath, written.bytes);
  const long: Document = {
    modelVersion: MODEL_VERSION,
    metadata: { title: 'Long', language: 'en-GB', created: new Date('2024-07-01T00:00:00Z') },
    blocks: [{ type: 'paragraph', role: 'body', children: [{ type: 'text', value: `Before ${LONG_WORD} after.` }] }],
    footnotes: {},
  };
  writeFileSync(longPath, (await writePdf(long, loadTheme())).bytes);
});

describe('PDF interop', () => {
  it('passes qpdf --check', () => {
    expect(run('qpdf', ['--check', samplePath])).toContain('No syntax or stream encoding errors');
  });

  it('embeds every font', () => {
    const rows = run('pdffonts', [samplePath]).trim().split('\n').slice(2);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row).toMatch(/\byes\s+yes\s+yes\b/);
  });

  it('shows the title and the page count the writer returned', () => {
    const info = run('pdfinfo', [samplePath]);
    expect(info).toMatch(/^Title:\s+Sample Briefing Note$/m);
    expect(info).toMatch(new RegExp(`^Pages:\\s+${pages}$`, 'm'));
    expect(info).toMatch(/^Creator:\s+briefpack$/m);
  });

  it('gives back a wrapped long word unchanged, only split across lines', () => {
    const text = run('pdftotext', ['-raw', longPath, '-']);
    expect(text.replace(/\s+/g, '')).toContain(`Before${LONG_WORD}after.`);
    expect(text).not.toMatch(/[\u200b\u00ad]/);
  });
});
