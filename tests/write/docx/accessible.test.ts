// The DOCX side of an accessible pack, for the sample document and every bundled document: table
// header rows marked as header and to repeat, alt text on every image, the document's language,
// and heading styles in order without a skipped level.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadContent } from '../../../src/content/index.js';
import { fixedEnv } from '../../../src/env.js';
import { generate } from '../../../src/pack/index.js';
import { loadTheme } from '../../../src/theme/index.js';
import { writeDocx } from '../../../src/write/docx/index.js';
import { sampleDocument } from '../../fixtures/sample-document.js';
import { paragraphs, readDocx, type DocxPackage } from '../../helpers/docx.js';

const files: { name: string; pkg: DocxPackage; language: string }[] = [];

beforeAll(async () => {
  const sample = sampleDocument();
  files.push({ name: 'sample', pkg: await readDocx((await writeDocx(sample, loadTheme('default'))).bytes), language: sample.metadata.language });
  const out = mkdtempSync(join(tmpdir(), 'bp-docx-a11y-'));
  const result = await generate({ data: 'data/eu-oewg-2024-07', out, formats: ['docx'], length: 'full' }, fixedEnv(new Date('2024-07-01T09:00:00Z')));
  const { locale } = loadContent('data/eu-oewg-2024-07').pack;
  for (const f of result.files) files.push({ name: f.file, pkg: await readDocx(readFileSync(join(out, f.file))), language: locale });
}, 120_000);

describe('accessible DOCX', () => {
  it('covers the sample and every bundled document', () => {
    expect(files.length).toBeGreaterThanOrEqual(5);
  });

  it('marks the first row of every data table as a header row that repeats on each page', () => {
    let tables = 0;
    for (const { name, pkg } of files) {
      for (const [table] of pkg.xml('word/document.xml').matchAll(/<w:tbl>[\s\S]*?<\/w:tbl>/g)) {
        const rows = [...table.matchAll(/<w:tr\b[\s\S]*?<\/w:tr>/g)].map((m) => m[0]);
        // A one-cell table is a callout box, not data.
        if (rows.length < 2) continue;
        tables++;
        const header = /<w:tblHeader\/>|<w:tblHeader w:val="(true|1|on)"\/>/;
        expect(rows[0], name).toMatch(header);
        for (const row of rows.slice(1)) expect(row, name).not.toMatch(header);
      }
    }
    expect(tables).toBeGreaterThan(1);
  });

  it('gives every image alt text', () => {
    let images = 0;
    for (const { name, pkg } of files) {
      for (const [, descr] of pkg.xml('word/document.xml').matchAll(/<wp:docPr\b[^>]*?descr="([^"]*)"/g)) {
        images++;
        expect(descr!.trim(), name).not.toBe('');
      }
      const drawings = pkg.xml('word/document.xml').match(/<w:drawing>/g)?.length ?? 0;
      const described = pkg.xml('word/document.xml').match(/<wp:docPr\b[^>]*?descr="[^"]+"/g)?.length ?? 0;
      expect(described, name).toBe(drawings);
    }
    expect(images).toBeGreaterThan(0);
  });

  it("sets the document's language", () => {
    for (const { name, pkg, language } of files) {
      const styles = pkg.xml('word/styles.xml');
      const lang = styles.match(/<w:docDefaults>[\s\S]*?<w:lang w:val="([^"]+)"/)?.[1];
      expect(lang, name).toBe(language);
      // The file's properties name it too, where readers and assistive tools look first.
      expect(pkg.xml('docProps/core.xml'), name).toContain(`<dc:language>${language}</dc:language>`);
    }
  });

  it('uses heading styles in order, never skipping a level', () => {
    for (const { name, pkg } of files) {
      const levels = paragraphs(pkg.xml('word/document.xml'))
        .map((p) => p.style?.match(/^Heading(\d)$/)?.[1])
        .filter((d): d is string => d !== undefined)
        .map(Number);
      expect(levels.length, name).toBeGreaterThan(0);
      expect(levels[0], name).toBe(1);
      levels.forEach((level, i) => {
        if (i > 0) expect(level, `${name}: heading ${i + 1}`).toBeLessThanOrEqual(levels[i - 1]! + 1);
      });
    }
  });
});
