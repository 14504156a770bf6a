// The build step of `npm start` and `npm test` (and of the tests that run the built CLI): compiles
// only when a source is newer than the last build, so one test run compiles at most once. tsc
// takes about 2 s even when nothing changed, longer than generating the pack; `npm run build`
// still compiles every time.
// It runs tsc with this Node, not through a shell or npm: no `npm.cmd` to spawn on Windows (which
// Node refuses without a shell since 20.12) and no quoting of a path with spaces.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { makeExecutable } from './make-executable.mjs';

// tsc leaves its own build info untouched when a file was saved unchanged: keep our own stamp.
const STAMP = 'dist/.built';
const INPUTS = ['src', 'tsconfig.json', 'tsconfig.build.json', 'package.json', 'package-lock.json'];

function newest(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newest(join(path, name))));
}

export function stale(stamp = STAMP, inputs = INPUTS) {
  return !existsSync(stamp) || Math.max(...inputs.map(newest)) > statSync(stamp).mtimeMs;
}

/** `npm run build`'s steps: tsc, then the bin made executable. Returns tsc's exit code. */
export function build(root = process.cwd()) {
  const tsc = createRequire(join(root, 'package.json')).resolve('typescript/bin/tsc');
  const built = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
  if (built.status === 0) makeExecutable(root);
  return built.status ?? 1;
}

// Run as a script, compared as URLs: right in a path with spaces and on Windows (see make-executable.mjs).
if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  if (stale()) {
    const started = new Date();
    process.exitCode = build();
    // Stamped with the time the build started: a file saved during the build counts as newer.
    if (process.exitCode === 0) writeFileSync(STAMP, `${started.toISOString()}\n`), utimesSync(STAMP, started, started);
  }
}
