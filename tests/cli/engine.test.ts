// V8 settings of a briefpack process: applied unless turned off, and without effect on the files.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ENGINE_FLAGS, LONG_LIVED_NODE_FLAGS, relaunch, relaunchArgs, tuneEngine } from '../../src/cli/engine.js';

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

describe('a long-lived command', () => {
  it('starts again with the long-lived settings, once, unless V8 defaults are asked for', () => {
    const argv = ['/usr/bin/node', '/x/dist/cli/main.js', 'serve', '--port', '0'];
    expect(relaunchArgs(['--enable-source-maps'], argv, {})).toEqual(['--enable-source-maps', ...LONG_LIVED_NODE_FLAGS, '/x/dist/cli/main.js', 'serve', '--port', '0']);
    // Under a debugger: the process it attached to runs the command.
    expect(relaunchArgs(['--inspect-brk=9230'], argv, {})).toBeUndefined();
    expect(relaunchArgs([...LONG_LIVED_NODE_FLAGS], argv, {})).toBeUndefined();
    expect(relaunchArgs([], argv, { BRIEFPACK_V8_DEFAULTS: '1' })).toBeUndefined();
  });

  it('names only flags this Node.js accepts', () => {
    const r = spawnSync(process.execPath, [...LONG_LIVED_NODE_FLAGS, '-e', '0'], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
  });

  it('leaves with the exit code of the process it started', async () => {
    expect(await relaunch(['-e', 'process.exit(3)'])).toBe(3);
    expect(await relaunch(['-e', 'process.kill(process.pid, "SIGKILL")'])).toBe(128 + 9);
  });

  // Linux: the process tree is read with ps.
  it.runIf(process.platform === 'linux')('serves from a process with the settings, which stops with it on Ctrl-C', async () => {
    const server = spawn(process.execPath, ['dist/cli/main.js', 'serve', '--port', '0', '--data', 'tests/fixtures/packs/harbour-board', '--out', mkdtempSync(join(tmpdir(), 'briefpack-serve-'))], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let printed = '';
    server.stdout!.on('data', (d) => (printed += String(d)));
    const exited = new Promise<number | null>((done) => server.on('exit', (code) => done(code)));
    while (!/http:\/\/127\.0\.0\.1:\d+\//.test(printed)) await new Promise((r) => setTimeout(r, 50));
    const url = /http:\/\/127\.0\.0\.1:\d+\//.exec(printed)![0];
    expect((await fetch(url)).status).toBe(200);
    const children = execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(server.pid)], { encoding: 'utf8' }).trim().split('\n');
    expect(children).toHaveLength(1);
    for (const flag of LONG_LIVED_NODE_FLAGS) expect(children[0]).toContain(flag);
    const child = Number(children[0]!.trim().split(/\s+/)[0]);
    // Twice, as a terminal's Ctrl-C reaches both processes and the parent passes it on.
    server.kill('SIGINT');
    process.kill(child, 'SIGINT');
    expect(await exited).toBe(0);
    expect(() => process.kill(child, 0)).toThrow();
  }, 60_000);
});
