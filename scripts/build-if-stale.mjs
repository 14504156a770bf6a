// The build step of `npm start` and `npm test` (and of the tests that run the built CLI): compiles
// only when a source is newer than the last build, so one test run compiles at most once. tsc
// takes about 2 s even when nothing changed, longer than generating the pack; `npm run build`
// still compiles every time.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

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

if (import.meta.url === `file://${process.argv[1]}`) {
  if (stale()) {
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const started = new Date();
    const built = spawnSync(npm, ['run', 'build'], { stdio: 'inherit' });
    process.exitCode = built.status ?? 1;
    // Stamped with the time the build started: a file saved during the build counts as newer.
    if (built.status === 0) writeFileSync(STAMP, `${started.toISOString()}\n`), utimesSync(STAMP, started, started);
  }
}
