// The writer thread: DOCX files written on a second thread are the bytes the writer makes here,
// its failures arrive as errors of the run, and a CLI run with and without it writes the same files.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Document } from '../../src/document/model.js';
import { loadTheme } from '../../src/theme/index.js';
import { writeDocx } from '../../src/write/docx/index.js';
import { startWriterThread } from '../../src/pack/execute/writer-thread.js';
import { revive, serialiseError } from '../../src/pack/execute/thread-errors.js';
import { BriefpackError, RenderError } from '../../src/errors.js';
import { sampleDocument } from '../fixtures/sample-document.js';

// Built by `npm test` before the tests run: a thread runs compiled JavaScript.
const WORKER = resolve('dist/pack/execute/write-worker.js');

describe('writer thread', () => {
  const thread = startWriterThread(WORKER);
  afterAll(() => thread?.close());

  it('writes the same DOCX bytes as the writer on this thread, for two themes', async () => {
    expect(thread).toBeDefined();
    for (const theme of [loadTheme('default'), loadTheme('lectern')]) {
      const document = sampleDocument();
      const there = await thread!.write(document, 'docx', theme);
      const here = await writeDocx(document, theme);
      expect(Buffer.from(there.bytes).equals(Buffer.from(here.bytes))).toBe(true);
      expect(there.diagnostics).toEqual(here.diagnostics);
    }
  });

  it('turns a failure on the thread into a rejected write, and goes on writing', async () => {
    const broken = { ...sampleDocument(), blocks: [{ type: 'no-such-block' }] } as unknown as Document;
    await expect(thread!.write(broken, 'docx', loadTheme('default'))).rejects.toThrow(/is not a function/);
    const after = await thread!.write(sampleDocument(), 'docx', loadTheme('default'));
    expect(after.bytes.byteLength).toBeGreaterThan(1000);
  });
});

describe('errors across threads', () => {
  it('keep their stage, code, hint and location through a structured clone', () => {
    const error = new RenderError('WriterFailed', 'The DOCX could not be written.', { hint: 'Try again.', location: { file: 'x.yaml', line: 3, path: 'items[0]' } });
    const back = revive(structuredClone(serialiseError(error)));
    expect(back).toBeInstanceOf(BriefpackError);
    expect(back).toMatchObject({ stage: 'render', code: 'WriterFailed', message: error.message, hint: 'Try again.', location: { file: 'x.yaml', line: 3, path: 'items[0]' } });
    expect(revive(serialiseError(new TypeError('plain')))).toMatchObject({ message: 'plain' });
  });
});

describe('a run with and without the writer thread', () => {
  const cli = (out: string, ...args: string[]) =>
    spawnSync(process.execPath, ['dist/cli/main.js', 'generate', '--data', 'tests/fixtures/packs/harbour-board', '--out', out, '--force', ...args], {
      encoding: 'utf8',
      env: { ...process.env, SOURCE_DATE_EPOCH: '1720000000' },
    });

  it('writes the same DOCX files', () => {
    const root = mkdtempSync(join(tmpdir(), 'briefpack-writer-'));
    // PDF and DOCX of several documents: the DOCX files are written on the writer thread.
    const threaded = cli(join(root, 'threaded'), '--format', 'pdf,docx');
    // One document, DOCX only: nothing to overlap with, so it is written on the main thread.
    expect(threaded.status, threaded.stderr).toBe(0);
    const manifest = JSON.parse(readFileSync(join(root, 'threaded', 'manifest.json'), 'utf8')) as { files: { file: string; document: string; format: string }[] };
    const docx = manifest.files.filter((f) => f.format === 'docx');
    expect(docx.length).toBeGreaterThan(1);
    for (const { file, document } of docx) {
      const alone = cli(join(root, document), '--format', 'docx', '--doc', document);
      expect(alone.status, alone.stderr).toBe(0);
      expect(readFileSync(join(root, document, file)).equals(readFileSync(join(root, 'threaded', file))), file).toBe(true);
    }
  }, 120_000);
});
