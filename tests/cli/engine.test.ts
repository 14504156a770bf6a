// V8 settings of a briefpack process: applied unless turned off, and without effect on the files.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ENGINE_FLAGS, tuneEngine } from '../../src/cli/engine.js';

describe('tuneEngine', () => {
  it('sets every flag, or none when BRIEFPACK_V8_DEFAULTS is set', () => {
    const set: string[] = [];
    expect(tuneEngine({}, (f) => set.push(f))).toEqual(ENGINE_FLAGS);
    expect(set).toEqual([...ENGINE_FLAGS]);
    const none: string[] = [];
    expect(tuneEngine({ BRIEFPACK_V8_DEFAULTS: '1' }, (f) => none.push(f))).toEqual([]);
    expect(none).toEqual([]);
  });

  it('names only flags this Node.js accepts', () => {
    // node rejects an unknown V8 flag on its command line with exit code 9.
    const r = spawnSync(process.execPath, [...ENGINE_FLAGS, '-e', '0'], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
  });

  it('changes no byte of what a run writes', () => {
    const root = mkdtempSync(join(tmpdir(), 'briefpack-engine-'));
    const run = (out: string, extra: NodeJS.ProcessEnv) =>
      spawnSync(process.execPath, ['dist/cli/main.js', 'generate', '--data', 'tests/fixtures/packs/harbour-board', '--out', out, '--format', 'pdf,docx,md'], {
        encoding: 'utf8',
        env: { ...process.env, SOURCE_DATE_EPOCH: '1720000000', ...extra },
      });
    const tuned = run(join(root, 'tuned'), {});
    const plain = run(join(root, 'plain'), { BRIEFPACK_V8_DEFAULTS: '1' });
    expect(tuned.status, tuned.stderr).toBe(0);
    expect(plain.status, plain.stderr).toBe(0);
    const files = readdirSync(join(root, 'tuned')).sort();
    expect(readdirSync(join(root, 'plain')).sort()).toEqual(files);
    expect(files.length).toBeGreaterThan(3);
    for (const f of files) expect(readFileSync(join(root, 'tuned', f)).equals(readFileSync(join(root, 'plain', f))), f).toBe(true);
  }, 60_000);
});
