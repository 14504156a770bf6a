// A pack of 2,000 items renders in all formats through the built CLI within 2 GB of memory. The
// child reports its own peak resident set size (process.resourceUsage), so only Node is needed.
import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, expect, it } from 'vitest';
import { writePack } from './pack-builder.js';

const KINDS = ['position', 'line-to-take', 'speaking-point', 'background', 'key-message'] as const;

beforeAll(() => {
  execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
}, 120_000);

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
  const runner = join(mkdtempSync(join(tmpdir(), 'bp-scale-run-')), 'run.mjs');
  writeFileSync(
    runner,
    `import { main } from ${JSON.stringify(pathToFileURL(resolve('dist/cli/run.js')).href)};\n` +
      `const code = await main(process.argv.slice(2));\n` +
      `process.stderr.write('MAXRSS_KB ' + process.resourceUsage().maxRSS + '\\n');\n` +
      `process.exitCode = code;\n`,
  );
  const r = spawnSync(process.execPath, [runner, 'generate', '--data', data, '--out', out, '--length', 'full', '--doc', 'steering'], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  expect(r.status, r.stderr).toBe(0);
  const files = readdirSync(out);
  expect(files.filter((f) => /\.(pdf|docx|md)$/.test(f))).toHaveLength(3);
  const maxRssKb = Number(/MAXRSS_KB (\d+)/.exec(r.stderr)?.[1]);
  expect(maxRssKb).toBeGreaterThan(0);
  expect(maxRssKb * 1024).toBeLessThan(2 * 1024 ** 3);
}, 600_000);
