// `briefpack serve` as a command: its options are checked like every command's, and a port in
// use is the user's to change (exit 2, with a hint), not a crash.
import { mkdirSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isLongLived } from '../../src/cli/engine.js';
import { runCli } from '../cli/in-process.js';

const PACK = 'tests/fixtures/packs/harbour-board';

describe('briefpack serve (command)', () => {
  it('is listed in the help', async () => {
    const r = await runCli(['serve', '--help']);
    expect(r.status).toBe(0);
    for (const option of ['--data', '--port', '--host', '--open']) expect(r.stdout).toContain(option);
  });

  it('refuses a port that is not one', async () => {
    const r = await runCli(['serve', '--data', PACK, '--port', '70000']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('BadPort');
  });

  it('names a port in use and how to choose another', async () => {
    const taken = createServer();
    await new Promise<void>((done) => taken.listen(0, '127.0.0.1', done));
    const port = (taken.address() as { port: number }).port;
    try {
      const r = await runCli(['serve', '--data', PACK, '--port', String(port)]);
      expect(r.status).toBe(2);
      expect(r.stderr).toContain('PortInUse');
      expect(r.stderr).toContain('--port');
    } finally {
      taken.close();
    }
  });

  it('says so when there is no pack to serve', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'briefpack-serve-empty-'));
    mkdirSync(join(empty, 'data'));
    const r = await runCli(['serve', '--port', '0'], { cwd: empty });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('NoPacks');
  });

  it('refuses an output folder inside the pack before it listens', async () => {
    const r = await runCli(['serve', '--data', PACK, '--out', `${PACK}/out`, '--port', '0']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('OutInsideInput');
  });

  it('keeps V8 at its defaults for the commands that stay up, and tunes it for the others', () => {
    expect(isLongLived(['serve', '--port', '0'])).toBe(true);
    expect(isLongLived(['--debug', 'serve'])).toBe(true);
    expect(isLongLived(['generate', '--watch'])).toBe(true);
    expect(isLongLived(['generate', '--data', 'data/x'])).toBe(false);
    expect(isLongLived(['validate', 'serve'])).toBe(false);
  });
});
