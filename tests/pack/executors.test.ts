// One seam, three executors: a pack's documents laid out on this thread alone, or with their DOCX
// written on a writer thread (the built CLI), and a recipient list rendered in-process or on a pool
// of worker threads (the built CLI). Every file, manifest included, is the same byte for byte.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixedEnv } from '../../src/env.js';
import { generate } from '../../src/pack/index.js';
import { workersAvailable } from '../../src/pack/execute/pool.js';
import { build, cli, PACKS, packWithHandout, tempDir } from '../delivery/helpers.js';

// The clock the built CLI is given (helpers.ts: SOURCE_DATE_EPOCH).
const env = fixedEnv(new Date(1719824400 * 1000));

function files(dir: string): Record<string, string> {
  return Object.fromEntries(readdirSync(dir).sort().map((name) => [name, readFileSync(join(dir, name)).toString('base64')]));
}

let data: string;

beforeAll(() => {
  build();
  data = packWithHandout(PACKS.fictional);
});

describe('the same bytes whichever executor renders a run', () => {
  it('runs from the sources without threads, so the comparison is between two executors', () => {
    // From TypeScript sources there is no compiled worker: generate() renders on this thread alone.
    expect(workersAvailable()).toBe(false);
    expect(existsSync('dist/pack/execute/render-worker.js') && existsSync('dist/pack/execute/write-worker.js')).toBe(true);
  });

  it('a pack with every format, email drafts and the combined PDF: this thread alone, or with a writer thread', async () => {
    const here = join(tempDir('bp-exec-'), 'out');
    await generate({ data, out: here, formats: ['pdf', 'docx', 'md'], email: {}, combined: true }, env);
    const threaded = join(tempDir('bp-exec-'), 'out');
    const run = cli(['generate', '--data', data, '--out', threaded, '--format', 'pdf,docx,md', '--email', '--combined']);
    expect(run.code, run.stderr).toBe(0);
    expect(Object.keys(files(here))).toContain('manifest.json');
    expect(files(threaded)).toEqual(files(here));
  });

  it('a recipient list: in-process, or on a pool of worker threads', async () => {
    const names = ['Delegation A', 'Delegation B', 'Delegation C', 'Delegation D'];
    const here = join(tempDir('bp-exec-'), 'out');
    const result = await generate({ data, out: here, formats: ['pdf', 'docx', 'md'], email: {}, recipients: names }, env);
    expect(result.recipients?.workers).toBe(1);
    const root = tempDir('bp-exec-');
    writeFileSync(join(root, 'list.csv'), `name\n${names.join('\n')}\n`);
    const pooled = join(root, 'out');
    const run = cli(['generate', '--data', data, '--out', pooled, '--format', 'pdf,docx,md', '--email', '--for', join(root, 'list.csv'), '--json']);
    expect(run.code, run.stderr).toBe(0);
    expect(files(pooled)).toEqual(files(here));
  });
});
