// A pack of 2,000 items renders in all formats through the built CLI within 2 GB of memory, and a
// recipient list ten times longer needs not much more memory. The child reports its own peak
// resident set size (process.resourceUsage), so only Node is needed. Minutes: `npm run test:slow`.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, expect, it } from 'vitest';
import { build } from '../delivery/helpers.js';
import { writePack } from './pack-builder.js';

const KINDS = ['position', 'line-to-take', 'speaking-point', 'background', 'key-message'] as const;

beforeAll(build, 120_000);

/** Runs the built CLI in a child that reports its peak resident memory (worker threads included). */
function peakOf(args: string[]): { status: number | null; stderr: string; maxRssKb: number } {
  const r = spawnSync(process.execPath, [runner(), ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { status: r.status, stderr: r.stderr, maxRssKb: Number(/MAXRSS_KB (\d+)/.exec(r.stderr)?.[1]) };
}

let runnerFile: string | undefined;
function runner(): string {
  if (runnerFile) return runnerFile;
  runnerFile = join(mkdtempSync(join(tmpdir(), 'bp-scale-run-')), 'run.mjs');
  writeFileSync(
    runnerFile,
    `import { main } from ${JSON.stringify(pathToFileURL(resolve('dist/cli/run.js')).href)};\n` +
      `const code = await main(process.argv.slice(2));\n` +
      `process.stderr.write('MAXRSS_KB ' + process.resourceUsage().maxRSS + '\\n');\n` +
      `process.exitCode = code;\n`,
  );
  return runnerFile;
}

it('makes handouts for 1,000 recipients within 1.5 times the memory of 100 (files leave memory as they complete)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bp-scale-list-'));
  const peak = (n: number) => {
    const list = join(dir, `list-${n}.csv`);
    writeFileSync(list, `name\n${Array.from({ length: n }, (_, i) => `Delegation ${i + 1}`).join('\n')}\n`);
    const out = join(dir, `out-${n}`);
    const run = peakOf(['generate', '--data', 'data/eu-oewg-2024-07', '--format', 'pdf,docx', '--out', out, '--for', list]);
    expect(run.status, run.stderr).toBe(0);
    expect(readdirSync(out).filter((f) => /\.(pdf|docx)$/.test(f))).toHaveLength(2 * n);
    rmSync(out, { recursive: true, force: true });
    return run.maxRssKb;
  };
  const small = peak(100);
  const large = peak(1000);
  expect(small).toBeGreaterThan(0);
  expect(large / small).toBeLessThan(1.5);
}, 1_800_000);

it('renders 2,000 items in PDF, DOCX and Markdown within 2 GB', () => {
  const topics = Array.from({ length: 20 }, (_, t) => ({ id: `topic-${t}`, title: `Topic number ${t}`, likelihood: 'certain' }));
  const items = Array.from({ length: 2000 }, (_, i) => ({
    id: `item-${i}`,
    kind: KINDS[i % KINDS.length],
    topics: [`topic-${i % 20}`],
    headline: `Headline of item ${i}, long enough to wrap onto a second line in a narrow column of text`,
    summary: `Summary ${i}: ${'words that fill a paragraph '.repeat(4)}`,
  }));
  const data = writePack({ topics, items });
  const out = join(mkdtempSync(join(tmpdir(), 'bp-scale-')), 'out');
  const { status, stderr, maxRssKb } = peakOf(['generate', '--data', data, '--out', out, '--length', 'full', '--doc', 'steering']);
  expect(status, stderr).toBe(0);
  const files = readdirSync(out);
  expect(files.filter((f) => /\.(pdf|docx|md)$/.test(f))).toHaveLength(3);
  expect(maxRssKb).toBeGreaterThan(0);
  expect(maxRssKb * 1024).toBeLessThan(2 * 1024 ** 3);
}, 600_000);
