// `npm start` compiles only when a source changed since its last build.
import { mkdirSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const script = pathToFileURL(resolve('scripts/build-if-stale.mjs')).href;

describe('build-if-stale', () => {
  it('builds when there is no stamp, or a source or config is newer than it', async () => {
    const { stale } = (await import(script)) as { stale: (stamp: string, inputs: string[]) => boolean };
    const root = mkdtempSync(join(tmpdir(), 'briefpack-stale-'));
    const src = join(root, 'src');
    mkdirSync(join(src, 'deep'), { recursive: true });
    const file = join(src, 'deep', 'a.ts');
    const config = join(root, 'tsconfig.json');
    const stamp = join(root, '.built');
    writeFileSync(file, 'x');
    writeFileSync(config, '{}');
    const at = (path: string, seconds: number) => utimesSync(path, seconds, seconds);
    for (const path of [src, join(src, 'deep'), file, config]) at(path, 1000);
    expect(stale(stamp, [src, config])).toBe(true);
    writeFileSync(stamp, '');
    at(stamp, 2000);
    expect(stale(stamp, [src, config])).toBe(false);
    at(file, 3000);
    expect(stale(stamp, [src, config])).toBe(true);
    at(file, 1000);
    at(config, 3000);
    expect(stale(stamp, [src, config])).toBe(true);
    at(config, 1000);
    // A new file makes its folder newer too.
    writeFileSync(join(src, 'deep', 'b.ts'), 'y');
    expect(stale(stamp, [src, config])).toBe(true);
  });
});
