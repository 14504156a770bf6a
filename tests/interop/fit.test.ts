// A page budget holds for the DOCX too: LibreOffice lays out the fitted DOCX within the budget plus
// one, for a representative subset (every test pack, with and without a focus, short and standard
// lengths, --pages 2). One soffice call converts every file. Fails, not skips, when soffice is missing.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { planJobs, renderJob } from '../../src/pack/index.js';
import { PACKS, setUp } from '../fit/matrix.js';
import { readPdf } from '../helpers/pdf.js';

interface Case {
  readonly name: string;
  readonly budget: number;
  readonly pdfPages: number;
}

const dir = mkdtempSync(join(tmpdir(), 'briefpack-fit-'));
const cases: Case[] = [];
const OPTIONS_PER_PACK = 5;

beforeAll(async () => {
  for (const [pack, data] of Object.entries(PACKS)) {
    const setup = setUp(data);
    const topic = setup.content.topics[0]!.id;
    const options = [
      { focus: [], length: 'short' as const },
      { focus: [], length: 'standard' as const },
      { focus: [topic], length: 'short' as const },
      { focus: [topic], length: 'standard' as const },
      { focus: [topic], pages: 2 },
    ];
    for (const [n, o] of options.entries()) {
      const [job] = planJobs(setup.content, setup.folder, { documents: ['steering'], topics: o.focus, ...o });
      const rendered = await renderJob(job!, ['pdf', 'docx'], setup.content, setup.services);
      const name = `${pack}-${n}-${job!.base}`;
      const [pdf, docx] = rendered.outputs.map((x) => x.written);
      writeFileSync(join(dir, `${name}.docx`), docx!.bytes);
      cases.push({ name, budget: job!.budget!, pdfPages: pdf!.pages! });
    }
  }
  try {
    execFileSync(
      'soffice',
      [`-env:UserInstallation=file://${join(dir, 'lo-profile')}`, '--headless', '--convert-to', 'pdf', '--outdir', join(dir, 'lo'), ...cases.map((c) => join(dir, `${c.name}.docx`))],
      { stdio: ['ignore', 'pipe', 'pipe'], timeout: 280_000 },
    );
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new Error('soffice is not installed: apt-get install libreoffice-writer-nogui');
    throw error;
  }
});

describe('fitted DOCX laid out by LibreOffice', () => {
  it('stays within the budget plus one page, and within one page of the PDF', async () => {
    expect(cases.length).toBe(Object.keys(PACKS).length * OPTIONS_PER_PACK);
    const results = [];
    for (const c of cases) {
      const lo = await readPdf(readFileSync(join(dir, 'lo', `${c.name}.pdf`)));
      results.push({ name: c.name, budget: c.budget, pdf: c.pdfPages, docx: lo.numPages });
    }
    for (const r of results) {
      expect(r.pdf, r.name).toBeLessThanOrEqual(r.budget);
      expect(r.docx, r.name).toBeLessThanOrEqual(r.budget + 1);
      expect(Math.abs(r.docx - r.pdf), r.name).toBeLessThanOrEqual(1);
    }
  });
});
