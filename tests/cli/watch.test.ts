// `generate --watch` keeps seeing a pack through what editors and people do to files: atomic saves
// (a temporary file renamed over the old one, as `sed -i` and most editors do), renames, and a
// folder deleted and restored. Waits are bounded; nothing here asserts how long anything takes.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { watchAndGenerate } from '../../src/cli/watch.js';
import { fixedEnv } from '../../src/env.js';
import { generate } from '../../src/pack/index.js';

const temp = (prefix: string) => mkdtempSync(join(tmpdir(), prefix));

/** Resolves once `test` holds; fails (instead of hanging) after `ms`. */
async function until(test: () => boolean, what: string, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!test()) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** A watcher over `data` with a run that counts; stopped after each test. */
const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const stop of stops.splice(0)) await stop();
});

function startWatching(data: string, out: string, run: () => Promise<unknown>) {
  const lines: string[] = [];
  const controller = new AbortController();
  const watching = watchAndGenerate({ data, out, templates: 'templates' }, run, { signal: controller.signal, log: (l) => lines.push(l) });
  stops.push(async () => {
    controller.abort();
    await watching;
  });
  return { lines, watching, stop: () => controller.abort() };
}

/** Writes a temporary file beside the target and renames it over it, as editors save. */
function atomicSave(file: string, text: string) {
  const temporary = join(file, '..', `.${file.split('/').pop()}.swp`);
  writeFileSync(temporary, text);
  renameSync(temporary, file);
}

describe('generate --watch', () => {
  it('runs again after atomic saves, sed -i, a rename and a deleted-then-restored folder', async () => {
    const data = join(temp('bp-watch-'), 'pack');
    mkdirSync(data);
    const file = join(data, 'pack.yaml');
    writeFileSync(file, 'v: 0\n');
    let runs = 0;
    const { lines } = startWatching(data, temp('bp-watch-out-'), async () => void (runs += 1));
    await until(() => runs === 1 && lines.some((l) => l.includes('Watching')), 'the first run');

    const next = async (what: string, change: () => void) => {
      const before = runs;
      change();
      await until(() => runs > before, what);
    };
    await next('an atomic save', () => atomicSave(file, 'v: 1\n'));
    await next('a second atomic save', () => atomicSave(file, 'v: 2\n'));
    await next('a third atomic save', () => atomicSave(file, 'v: 3\n'));
    await next('sed -i', () => execFileSync('sed', ['-i', 's/3/4/', file]));
    await next('a plain edit', () => writeFileSync(file, 'v: 5\n'));
    await next('a rename', () => renameSync(file, join(data, 'meeting.yaml')));
    await next('an edit of the renamed file', () => writeFileSync(join(data, 'meeting.yaml'), 'v: 6\n'));
    const saved = temp('bp-watch-saved-');
    await next('the folder deleted', () => {
      cpSync(data, join(saved, 'pack'), { recursive: true });
      rmSync(data, { recursive: true });
    });
    await next('the folder restored', () => cpSync(join(saved, 'pack'), data, { recursive: true }));
    await next('an atomic save in the restored folder', () => atomicSave(join(data, 'meeting.yaml'), 'v: 7\n'));
    await next('a new subfolder file', () => {
      mkdirSync(join(data, 'images'));
      writeFileSync(join(data, 'images', 'logo.png'), 'x');
    });

    // Each rebuild says when, what changed and how long it took.
    expect(lines.some((l) => /^\[\d\d:\d\d:\d\d\] .*pack\.yaml changed: generating$/.test(l))).toBe(true);
    expect(lines.some((l) => /meeting\.yaml added/.test(l) && /pack\.yaml removed/.test(l))).toBe(true);
    // Every run ends with how long it took (a late event may still be running one: wait for it).
    await until(() => lines.filter((l) => /^Done in \d+ ms\. Watching for changes/.test(l)).length === runs, 'the last run to end');
  });

  it('ignores editors\' hidden files and its own output folder inside the watched one', async () => {
    const data = join(temp('bp-watch-'), 'pack');
    mkdirSync(data);
    writeFileSync(join(data, 'pack.yaml'), 'v: 0\n');
    const out = join(data, 'output');
    mkdirSync(out);
    let runs = 0;
    const { lines } = startWatching(data, out, async () => void (runs += 1));
    await until(() => runs === 1 && lines.some((l) => l.includes('Watching')), 'the first run');
    writeFileSync(join(data, '.pack.yaml.swp'), 'x');
    writeFileSync(join(out, 'steering.pdf'), 'x');
    // A change that counts, made after those: the run it starts must name it alone.
    writeFileSync(join(data, 'items.yaml'), 'v: 1\n');
    await until(() => runs === 2, 'the edit');
    const rebuild = lines.find((l) => l.includes(': generating'))!;
    expect(rebuild).toContain('items.yaml added');
    expect(rebuild).not.toMatch(/swp|steering\.pdf/);
  });

  it('builds the real pack again after an atomic save, and stops when asked', async () => {
    const data = join(temp('bp-watch-'), 'pack');
    cpSync('tests/fixtures/packs/harbour-board', data, { recursive: true });
    const out = temp('bp-watch-out-');
    const env = fixedEnv(new Date('2025-03-01T09:00:00Z'));
    let runs = 0;
    const { lines, watching, stop } = startWatching(data, out, async () => {
      await generate({ data, out, formats: ['md'] }, env);
      runs += 1;
    });
    await until(() => runs === 1, 'the first run');
    const pack = join(data, 'pack.yaml');
    const steering = () => readFileSync(join(out, 'steering-full.md'), 'utf8');
    expect(steering()).not.toContain('Retitled while watching');
    atomicSave(pack, readFileSync(pack, 'utf8').replace(/^ {2}title: .*$/m, '  title: Retitled while watching'));
    await until(() => runs === 2, 'the rebuild');
    expect(steering()).toContain('Retitled while watching');
    atomicSave(pack, readFileSync(pack, 'utf8').replace('Retitled while watching', 'Retitled twice'));
    await until(() => runs === 3, 'the second rebuild');
    expect(steering()).toContain('Retitled twice');
    stop();
    await watching;
    expect(lines.at(-1)).toMatch(/^Done in \d+ ms/);
  });
});
