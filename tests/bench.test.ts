// Keeps `npm run bench` working: one run with the smallest iteration counts, checked for the shape
// of output/bench.json. Timings are not asserted: a benchmark is not a test.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const timing = expect.objectContaining({ median_ms: expect.any(Number), min_ms: expect.any(Number), max_ms: expect.any(Number), runs: 1 });

describe('npm run bench', () => {
  let report: Record<string, any>;
  let stdout: string;

  beforeAll(() => {
    if (!existsSync('dist/cli/main.js')) throw new Error('dist/ is missing: `npm run test:slow` builds it first.');
    const out = join(mkdtempSync(join(tmpdir(), 'bp-bench-')), 'bench.json');
    const run = spawnSync(process.execPath, ['scripts/bench.mjs', '--quick', '--no-external', '--handouts', '3', '--recipients', '2,4', '--items', '20,60', '--out', out], {
      encoding: 'utf8',
      env: { ...process.env, BENCH_ITERATIONS: '1' },
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    stdout = run.stdout;
    report = JSON.parse(readFileSync(out, 'utf8'));
  }, 300_000);

  it('records the machine', () => {
    expect(report.machine).toEqual(expect.objectContaining({ cpu: expect.any(String), cores: expect.any(Number), node: process.version }));
    expect(report.machine.cores).toBeGreaterThan(0);
  });

  it('times the whole pack cold, in PDF and DOCX, with its peak memory', () => {
    expect(report.settings).toEqual(expect.objectContaining({ iterations: 1, cold_runs: 1 }));
    for (const key of ['startup_help', 'pack_pdf_docx', 'pack_pdf', 'pack_docx', 'pack_pdf_docx_pages_2']) expect(report.cold[key]).toEqual(timing);
    expect(report.pack.documents.length).toBeGreaterThan(0);
    expect(Object.keys(report.pack.pages).some((f) => f.endsWith('.pdf'))).toBe(true);
    expect(Object.keys(report.pack.pages).some((f) => f.endsWith('.docx'))).toBe(true);
    expect(report.peak_memory_mb).toBeGreaterThan(10);
  });

  it('times every document warm, per format, and fitting against one render', () => {
    // Every document is fitted to two pages, or recorded as unable to fit (speaking notes run a page per agenda item).
    const fitted = Object.keys(report.fitting);
    expect(fitted.length).toBeGreaterThan(0);
    expect([...fitted, ...Object.keys(report.fitting_impossible)].sort()).toEqual([...report.pack.documents].sort());
    for (const id of report.pack.documents) {
      for (const part of ['build', 'pdf', 'docx', 'build_pdf_docx']) expect(report.warm.documents[id][part]).toEqual(timing);
    }
    for (const id of fitted) {
      for (const part of ['build', 'pdf', 'docx', 'build_pdf_docx']) expect(report.warm.two_page[id][part]).toEqual(timing);
      expect(report.warm.two_page[id].pages.pdf).toBeLessThanOrEqual(2);
      expect(report.fitting[id].fit).toEqual(expect.objectContaining({ median_ms: expect.any(Number), layouts: expect.any(Number) }));
      expect(report.fitting[id].ratio).toEqual(expect.any(Number));
    }
  });

  it('records time and peak memory for two sizes of recipient list and of pack, and how they grow', () => {
    const run = (unit: string, n: number) => ({ [unit]: n, ms: expect.any(Number), peak_rss_mb: expect.any(Number), files: expect.any(Number) });
    expect(report.scale.recipients.runs).toEqual([run('recipients', 2), run('recipients', 4)]);
    expect(report.scale.items.runs).toEqual([run('items', 20), run('items', 60)]);
    // Two files (PDF, DOCX) per recipient; the steering brief in three formats.
    expect(report.scale.recipients.runs.map((r: { files: number }) => r.files)).toEqual([4, 8]);
    expect(report.scale.items.runs.map((r: { files: number }) => r.files)).toEqual([3, 3]);
    for (const part of ['recipients', 'items']) {
      expect(report.scale[part].growth).toEqual(expect.objectContaining({ time_per_unit_ratio: expect.any(Number), peak_memory_ratio: expect.any(Number) }));
    }
    expect(Object.keys(report.scale.targets).sort()).toEqual(['items_time_per_item_ratio', 'recipients_peak_memory_ratio']);
    expect(stdout).toMatch(/4 recipients \(8 files\)/);
  });

  it('records handouts and the pandoc + LibreOffice route as null when not measured', () => {
    expect(report).toHaveProperty('handouts');
    if (report.handouts !== null) expect(report.handouts).toEqual(expect.objectContaining({ recipients: 3, ms: expect.any(Number) }));
    expect(report.pandoc_libreoffice).toBeNull();
    expect(report.speedup_vs_pandoc_libreoffice).toBeNull();
    expect(Object.keys(report.targets).sort()).toEqual(['cold_pack_vs_pandoc_libreoffice', 'fit_vs_one_render', 'handouts_200_ms', 'tagged_pdf_vs_untagged', 'warm_one_document_preview_ms', 'warm_pack_ms', 'warm_two_page_pdf_docx_ms']);
    expect(stdout).toContain('wrote ');
  });

  it('records what tagging costs, per document, against the same PDF untagged', () => {
    expect(Object.keys(report.tagging.documents).sort()).toEqual([...report.pack.documents].sort());
    for (const d of Object.values(report.tagging.documents) as Record<string, any>[]) {
      expect(d).toEqual(expect.objectContaining({ tagged: timing, untagged: timing, ratio: expect.any(Number) }));
    }
    expect(report.tagging.ratio).toBeGreaterThan(0);
    expect(stdout).toMatch(/tagged PDF, whole pack: .* untagged = [\d.]+×/);
  });

  it('times a long-lived process: the whole pack warm, every layout again, one document, a save seen by serve and by a watch', () => {
    for (const key of ['warm_pack_ms', 'warm_pack_relayout_ms', 'one_document_ms', 'one_document_preview_ms', 'edit_preview_ms', 'edit_pack_ms', 'watch_rebuild_ms']) expect(report.long_lived[key], key).toEqual(expect.any(Number));
    expect(report.long_lived.detail.layouts.hits).toBeGreaterThan(0);
    // A save reads that one file again; the pack's other files are kept as they were parsed.
    expect(report.long_lived.detail.content.filesKept).toBeGreaterThan(report.long_lived.detail.content.filesRead);
    expect(stdout).toContain('long-lived (serve, --watch)');
  });
});
