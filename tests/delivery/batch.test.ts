// A recipient list in bounded memory: each recipient's files leave memory as soon as they are
// rendered (staged in the output folder, committed at the end), the files are the same as one run
// per recipient makes, and a failure part-way through leaves the output folder as it was.
import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixedEnv } from '../../src/env.js';
import { generate } from '../../src/pack/index.js';
import type { PoolOptions } from '../../src/pack/execute/pool.js';
import { nodeOutputFs, type OutputFs } from '../../src/pack/output/output.js';
import { build, cli, PACKS, packWithHandout, tempDir } from './helpers.js';

const env = fixedEnv(new Date('2024-07-01T09:00:00Z'));
const RECIPIENTS = ['Delegation A', 'Delegation B', 'Delegation C'];

/** Every file of a folder with its bytes, hidden ones included. */
function snapshot(dir: string): Record<string, string> {
  if (!existsSync(dir)) return {};
  return Object.fromEntries(readdirSync(dir).sort().map((name) => [name, readFileSync(join(dir, name)).toString('base64')]));
}

/** An output folder that records each file staged into it, and fails the n-th (a full disk). */
function recordingFs(events: string[], failAt?: number): OutputFs {
  let files = 0;
  return {
    ...nodeOutputFs,
    createExclusive(path, bytes) {
      if (++files === failAt) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
      const head = Buffer.from(bytes.subarray(0, 4)).toString('latin1');
      events.push(`staged ${head === '%PDF' ? 'pdf' : head.startsWith('PK') ? 'docx' : 'other'}`);
      nodeOutputFs.createExclusive(path, bytes);
    },
  };
}

let data: string;

beforeAll(() => {
  data = packWithHandout(PACKS.fictional);
});

describe('a recipient list, in-process', () => {
  it('hands each recipient\'s files on as soon as they are rendered, before the next recipient', async () => {
    const events: string[] = [];
    const pool: PoolOptions = { onProgress: (done) => events.push(`progress ${done}`) };
    const out = join(tempDir('bp-batch-'), 'out');
    await generate({ data, out, formats: ['pdf', 'docx'], recipients: RECIPIENTS, pool, outputFs: recordingFs(events) }, env);
    // After the last recipient, the commit's own files (its lock, the manifest).
    expect(events.filter((e) => e !== 'staged other')).toEqual([
      'progress 0',
      ...['staged pdf', 'staged docx', 'progress 1'],
      ...['staged pdf', 'staged docx', 'progress 2'],
      ...['staged pdf', 'staged docx', 'progress 3'],
    ]);
    expect(events.indexOf('staged other')).toBe(10);
    // No staged file is left once the files are written.
    expect(readdirSync(out).filter((n) => n.startsWith('.'))).toEqual([]);
  });

  it('writes the same files, byte for byte, as one run per recipient', async () => {
    const out = join(tempDir('bp-batch-'), 'out');
    const batch = await generate({ data, out, formats: ['pdf', 'docx', 'md'], recipients: RECIPIENTS, email: {} }, env);
    expect(batch.files.map((f) => f.file)).toEqual(RECIPIENTS.flatMap((r) => ['pdf', 'docx', 'md', 'eml'].map((x) => `handout-${r.replace(' ', '-')}-standard.${x}`)));
    for (const recipient of RECIPIENTS) {
      const single = join(tempDir('bp-single-'), 'out');
      const one = await generate({ data, out: single, formats: ['pdf', 'docx', 'md'], documents: ['handout'], recipient, email: {} }, env);
      for (const entry of one.files) {
        expect(readFileSync(join(out, entry.file)).equals(readFileSync(join(single, entry.file))), entry.file).toBe(true);
        expect(batch.files.find((f) => f.file === entry.file)).toEqual(entry);
      }
    }
  });

  it('leaves the output folder as it was when writing fails part-way through the batch', async () => {
    const out = join(tempDir('bp-batch-'), 'out');
    await generate({ data, out, formats: ['pdf'], recipients: ['Delegation A'] }, env);
    writeFileSync(join(out, 'notes.txt'), 'mine');
    const before = snapshot(out);
    const events: string[] = [];
    await expect(generate({ data, out, formats: ['pdf'], recipients: RECIPIENTS, outputFs: recordingFs(events, 2) }, env)).rejects.toThrow(/ENOSPC/);
    expect(events).toEqual(['staged pdf']);
    expect(snapshot(out)).toEqual(before);
  });

  it('creates no output folder when the batch fails before writing', async () => {
    const out = join(tempDir('bp-batch-'), 'deep', 'out');
    await expect(generate({ data, out, formats: ['pdf'], recipients: RECIPIENTS, outputFs: recordingFs([], 3) }, env)).rejects.toThrow(/ENOSPC/);
    expect(existsSync(out)).toBe(false);
  });
});

describe('a recipient list on worker threads (the built CLI)', () => {
  beforeAll(build);

  it('writes every recipient\'s files and leaves nothing else behind', () => {
    const root = tempDir('bp-batch-cli-');
    const names = Array.from({ length: 7 }, (_, i) => `Delegation ${i + 1}`);
    writeFileSync(join(root, 'list.csv'), `name\n${names.join('\n')}\n`);
    const out = join(root, 'out');
    const run = cli(['generate', '--data', data, '--out', out, '--for', join(root, 'list.csv'), '--format', 'pdf,docx']);
    expect(run.code, run.stderr).toBe(0);
    const expected = names.flatMap((n) => ['pdf', 'docx'].map((x) => `handout-${n.replace(' ', '-')}-standard.${x}`));
    expect(readdirSync(out).sort()).toEqual([...expected, 'manifest.json'].sort());
    expect(JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')).files.map((f: { file: string }) => f.file)).toEqual(expected);
  });

  it('leaves the output folder as it was when one recipient fails part-way through (exit 2)', () => {
    const root = tempDir('bp-batch-cli-');
    // A template that fails for one recipient only: the batch stops with the others under way.
    const templates = join(root, 'templates');
    cpSync('templates', templates, { recursive: true });
    const handout = join(templates, 'handout.md.hbs');
    writeFileSync(handout, `${readFileSync(handout, 'utf8')}\n{{#if (eq document.recipient "Delegation 5")}}{{> no-such-part}}{{/if}}\n`);
    const names = Array.from({ length: 8 }, (_, i) => `Delegation ${i + 1}`);
    writeFileSync(join(root, 'list.csv'), `name\n${names.join('\n')}\n`);
    const out = join(root, 'out');
    const first = cli(['generate', '--data', data, '--out', out, '--for', 'Delegation 1', '--doc', 'handout', '--format', 'pdf']);
    expect(first.code, first.stderr).toBe(0);
    const before = snapshot(out);
    const run = cli(['generate', '--data', data, '--templates', templates, '--out', out, '--for', join(root, 'list.csv'), '--format', 'pdf,docx']);
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toContain('no-such-part');
    expect(snapshot(out)).toEqual(before);
  });
});
