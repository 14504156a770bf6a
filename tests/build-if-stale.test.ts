// `npm start` compiles only when a source changed since its last build.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
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

  it('runs as `node scripts/build-if-stale.mjs` in a folder whose path has spaces, builds once and makes the bin executable', () => {
    // A project of its own, its path with spaces, whose "tsc" records each call and writes the bin.
    const root = join(mkdtempSync(join(tmpdir(), 'briefpack stale ')), 'my project');
    mkdirSync(join(root, 'scripts'), { recursive: true });
    for (const name of ['build-if-stale.mjs', 'make-executable.mjs']) copyFileSync(resolve('scripts', name), join(root, 'scripts', name));
    writeFileSync(join(root, 'package.json'), JSON.stringify({ type: 'module', bin: { briefpack: 'dist/cli/main.js' } }));
    writeFileSync(join(root, 'tsconfig.build.json'), '{}');
    mkdirSync(join(root, 'src'));
    writeFileSync(join(root, 'src', 'a.ts'), 'export {};');
    const tsc = join(root, 'node_modules', 'typescript', 'bin');
    mkdirSync(tsc, { recursive: true });
    writeFileSync(join(root, 'node_modules', 'typescript', 'package.json'), '{"name":"typescript"}');
    writeFileSync(
      join(tsc, 'tsc'),
      "const fs = require('fs'); fs.mkdirSync('dist/cli', { recursive: true }); fs.writeFileSync('dist/cli/main.js', '#!/usr/bin/env node\\n'); fs.appendFileSync('calls', process.argv.slice(2).join(' ') + '\\n');\n",
    );
    const run = () => spawnSync(process.execPath, [join(root, 'scripts', 'build-if-stale.mjs')], { cwd: root, encoding: 'utf8' });
    const first = run();
    expect(first.status, first.stderr).toBe(0);
    expect(readFileSync(join(root, 'calls'), 'utf8')).toBe('-p tsconfig.build.json\n');
    expect(existsSync(join(root, 'dist', '.built'))).toBe(true);
    if (process.platform !== 'win32') expect(statSync(join(root, 'dist', 'cli', 'main.js')).mode & 0o111).toBe(0o111);
    // Nothing changed since: no second build.
    expect(run().status).toBe(0);
    expect(readFileSync(join(root, 'calls'), 'utf8')).toBe('-p tsconfig.build.json\n');
  });

  it('npm run build leaves the bin executable', () => {
    if (process.platform === 'win32') return;
    const bin = JSON.parse(readFileSync('package.json', 'utf8')).bin.briefpack as string;
    expect(JSON.parse(readFileSync('package.json', 'utf8')).scripts.build).toContain('node scripts/make-executable.mjs');
    if (!existsSync(bin)) throw new Error(`${bin} is missing: run \`npm run build\` first.`);
    expect(statSync(bin).mode & 0o111).toBe(0o111);
  });
});
