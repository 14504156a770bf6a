// Feedback on long work, through the CLI in-process: a line per document at a terminal (pages,
// time), nothing when piped or --quiet; what fitting trimmed, said and recorded in the manifest;
// file names that carry the page budget; readable names for recipients in other scripts.
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { progressLine } from '../../src/cli/delivery.js';
import { MAX_TRIM } from '../../src/select/rules.js';
import { trimmedParts } from '../../src/select/trimmed.js';
import { packWithHandout } from '../delivery/helpers.js';
import { runCli } from './in-process.js';

const PACK = resolve('tests/fixtures/packs/town-council');
const temp = () => mkdtempSync(join(tmpdir(), 'bp-feedback-'));
const fit = (out: string, ...more: string[]) => ['generate', '--data', PACK, '--out', out, '--format', 'pdf', '--doc', 'steering', '--pages', '1', ...more];

describe('fitting to a page budget', () => {
  it('names the file by its budget and says what was left out, also in the manifest', async () => {
    const out = join(temp(), 'out');
    const r = await runCli(fit(out));
    expect(r.status, r.stderr).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['manifest.json', 'steering-p1.pdf']);
    const entry = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')).files[0];
    expect(entry.options.budget).toBe(1);
    expect(entry.options.trimmed.length).toBeGreaterThan(0);
    expect(r.stdout).toContain(`Fitted to the page budget:\n  steering-p1: left out ${entry.options.trimmed.join(', ')} to fit 1 page`);
    expect(entry.options.trimmed).toContain('annexes');
  });

  // Without a focus there is no "outside the focus": the words say which topics went.
  it('says in plain words that the topics went when no focus was given', async () => {
    const out = join(temp(), 'out');
    const r = await runCli(['generate', '--data', 'data/eu-oewg-2024-07', '--out', out, '--format', 'pdf', '--doc', 'steering', '--pages', '1']);
    expect(r.status, r.stderr).toBe(0);
    const trimmed: string[] = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')).files[0].options.trimmed;
    expect(trimmed).toEqual(expect.arrayContaining(['the topics less likely to come up', 'every topic section']));
    expect(trimmed.join()).not.toMatch(/focus|beyond the essentials/);
  });

  it('names the topics outside the focus when there is one, and not with --only (they were never in)', () => {
    expect(trimmedParts('full', MAX_TRIM, { focused: true })).toContain('topics outside the focus');
    expect(trimmedParts('full', MAX_TRIM, { focused: true, only: true })).not.toContain('topics outside the focus');
  });

  it('keeps the length in the name when one was asked for too', async () => {
    const out = join(temp(), 'out');
    const r = await runCli([...fit(out), '--length', 'short']);
    expect(r.status, r.stderr).toBe(0);
    expect(existsSync(join(out, 'steering-short-p1.pdf'))).toBe(true);
  });
});

describe('progress', () => {
  it('prints a line per document with its pages and time at a terminal', async () => {
    const r = await runCli(fit(join(temp(), 'out')), { tty: true });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/^\[1\/1\] steering-p1 {2}1 page {2}\d+\.\d s$/m);
  });

  it('is silent when piped, and with --quiet at a terminal', async () => {
    for (const [args, tty] of [[fit(join(temp(), 'out')), false], [[...fit(join(temp(), 'out')), '--quiet'], true]] as const) {
      const r = await runCli(args, { tty });
      expect(r.status, r.stderr).toBe(0);
      expect(r.stderr).not.toContain('[1/1]');
    }
  });

  // The first handouts take longest (each worker loads the pipeline): the line shows from the start.
  it('shows the recipient list line before the first document is done', async () => {
    const data = packWithHandout('tests/fixtures/packs/harbour-board');
    const root = temp();
    writeFileSync(join(root, 'list.csv'), 'name\nA\nB\n');
    const r = await runCli(['generate', '--data', data, '--out', join(root, 'out'), '--format', 'md', '--for', join(root, 'list.csv')], { tty: true });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/^\r\u001B\[2KRendering 0\/2 documents…/);
  });

  it('gives the time left for a recipient list at the pace so far', () => {
    let written = '';
    let clock = 0;
    const line = progressLine({ isTTY: true, write: (t: string) => (written += t) }, () => clock)!;
    clock = 2000;
    line(1, 4);
    expect(written).toContain('Rendering 1/4 documents, about 6.0 s left…');
    clock = 8000;
    line(4, 4);
    expect(written.endsWith('\r\u001B[2K')).toBe(true);
    expect(progressLine({ isTTY: false, write: () => undefined })).toBeUndefined();
  });
});

describe('recipients in other scripts', () => {
  it.each([
    ['Делегация Украины', 'Delegatsiya-Ukrainy'],
    ['Ελληνική Δημοκρατία', 'Elliniki-Dimokratia'],
    // Scripts the first transliterator leaves alone: UN delegations write in them too.
    ['中华人民共和国代表团', 'ZhongHuaRenMinGongHeGuoDaiBiaoTuan'],
    ['대한민국 대표단', 'DaeHanMinGug-DaePyoDan'],
    ['日本国代表部', 'RiBenGuoDaiBiaoBu'],
    ['משלחת ישראל', 'mslht-ysr-l'],
    ['भारत का प्रतिनिधिमंडल', 'bhart-ka-prtinidhimmdl'],
    ['คณะผู้แทนไทย', 'khnaphuaethnaithy'],
  ])('names the file for %s in Latin letters', async (name, latin) => {
    const data = packWithHandout('tests/fixtures/packs/harbour-board');
    const out = join(temp(), 'out');
    const r = await runCli(['generate', '--data', data, '--out', out, '--format', 'md', '--for', name]);
    expect(r.status, r.stderr).toBe(0);
    expect(readdirSync(out)).toContain(`handout-${latin}-standard.md`);
  });
});
