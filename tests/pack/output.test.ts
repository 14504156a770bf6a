// The output folder as a transaction and a boundary (issues 12 and 19): a run replaces every file
// or none, never writes through or replaces a link, never leaves the folder, and takes a file only
// when a manifest briefpack wrote vouches for its exact bytes.
import { cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixedEnv } from '../../src/env.js';
import { BriefpackError, exitCodeFor } from '../../src/errors.js';
import { generate } from '../../src/pack/index.js';
import { sha256 } from '../../src/pack/output/manifest.js';
import { nodeOutputFs, openOutput, writeAll, type OutputFs } from '../../src/pack/output/output.js';

const env = fixedEnv(new Date('2025-03-01T09:00:00Z'));
const PACK = 'tests/fixtures/packs/harbour-board';
const temp = (prefix: string) => mkdtempSync(join(tmpdir(), prefix));
const bytes = (text: string) => new TextEncoder().encode(text);

/** Every entry of a folder as it is on disk: bytes of files, targets of links, folders as such. */
function snapshot(dir: string): Record<string, string> {
  const seen: Record<string, string> = {};
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    const stat = lstatSync(path);
    seen[name] = stat.isSymbolicLink() ? `link → ${readlinkSync(path)}` : stat.isDirectory() ? 'folder' : readFileSync(path).toString('base64');
  }
  return seen;
}

/** A copy of the fictional pack whose title can be changed, so a second run makes different bytes. */
function editablePack(): { data: string; retitle: (title: string) => void } {
  const data = join(temp('bp-out-pack-'), 'pack');
  cpSync(PACK, data, { recursive: true });
  const file = join(data, 'pack.yaml');
  const original = readFileSync(file, 'utf8');
  return { data, retitle: (title) => writeFileSync(file, original.replace(/^ {2}title: .*$/m, `  title: ${title}`)) };
}

async function expectRefused(run: Promise<unknown> | (() => unknown), code: string): Promise<BriefpackError> {
  let caught: unknown;
  try {
    await (typeof run === 'function' ? run() : run);
  } catch (error) {
    caught = error;
  }
  expect(caught, `expected ${code}`).toBeInstanceOf(BriefpackError);
  expect((caught as BriefpackError).code).toBe(code);
  expect(exitCodeFor(caught)).toBe(2);
  return caught as BriefpackError;
}

/** The node file system, with the Nth rename (counting from 1) failing as Windows fails one. */
function failingRename(n: number, code = 'EBUSY'): OutputFs & { renames: () => number } {
  let count = 0;
  return {
    ...nodeOutputFs,
    rename: (from, to) => {
      count += 1;
      if (count === n) throw Object.assign(new Error(`${code}: resource busy or locked, rename '${from}' -> '${to}'`), { code });
      nodeOutputFs.rename(from, to);
    },
    renames: () => count,
  };
}

describe('a run replaces every file or none', () => {
  it('a target that cannot be replaced (a non-empty folder) is found before anything changes', async () => {
    const { data, retitle } = editablePack();
    const out = temp('bp-out-');
    await generate({ data, out, formats: ['md'] }, env);
    const files = readdirSync(out).filter((n) => n.endsWith('.md')).sort();
    expect(files.length).toBeGreaterThan(2);
    // The last file of the run becomes a folder with something in it: no rename can replace it.
    const blocked = files[files.length - 1]!;
    rmSync(join(out, blocked));
    mkdirSync(join(out, blocked));
    writeFileSync(join(out, blocked, 'keep.txt'), 'mine');
    const before = snapshot(out);
    retitle('Conseil retitré');
    const error = await expectRefused(generate({ data, out, formats: ['md'] }, env), 'OutputNotFile');
    expect(error.message).toContain(blocked);
    expect(snapshot(out)).toEqual(before);
    expect(readFileSync(join(out, blocked, 'keep.txt'), 'utf8')).toBe('mine');
  });

  it('a rename failing at any step (a file open in Word) leaves every file and the manifest as they were', async () => {
    const { data, retitle } = editablePack();
    const first = temp('bp-out-');
    await generate({ data, out: first, formats: ['md', 'docx'] }, env);
    retitle('Conseil retitré');
    // How many renames a successful second run makes, so every one of them is made to fail once.
    const counting = failingRename(0);
    const probe = temp('bp-out-');
    cpSync(first, probe, { recursive: true });
    const rendered = await generate({ data, out: temp('bp-out-'), formats: ['md', 'docx'] }, env);
    const pending = rendered.files.map((f) => ({ name: f.file, bytes: readFileSync(join(rendered.out, f.file)) }));
    const manifest = { pack: 'harbour-board', title: 'Conseil retitré', created: env.now().toISOString(), files: rendered.files };
    writeAll(probe, pending, { fs: counting, manifest });
    expect(counting.renames()).toBe(pending.length + 1);
    expect(snapshot(probe)).not.toEqual(snapshot(first));

    for (let n = 1; n <= counting.renames(); n++) {
      const out = temp('bp-out-');
      cpSync(first, out, { recursive: true });
      const before = snapshot(out);
      const error = await expectRefused(() => writeAll(out, pending, { fs: failingRename(n), manifest }), 'FileInUse');
      const busy = n <= pending.length ? pending[n - 1]!.name : 'manifest.json';
      expect(error.message).toContain(busy);
      expect(error.hint).toMatch(new RegExp(`^Close ${busy.replace('.', '\\.')} in (Word|the PDF viewer|the program that has it open) and run again\\.$`));
      if (busy.endsWith('.docx')) expect(error.hint).toContain('in Word');
      expect(snapshot(out), `rename ${n} failed`).toEqual(before);
    }
  });

  it('the manifest is replaced in the same commit as the files it lists', async () => {
    const { data, retitle } = editablePack();
    const out = temp('bp-out-');
    await generate({ data, out, formats: ['md'] }, env);
    retitle('Conseil retitré');
    await generate({ data, out, formats: ['md'] }, env);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    for (const f of manifest.files) expect(sha256(readFileSync(join(out, f.file)))).toBe(f.sha256);
    expect(readdirSync(out).filter((n) => n.startsWith('.'))).toEqual([]);
  });

  it('a staged run that is aborted leaves the folder as it was', () => {
    const out = temp('bp-out-');
    writeFileSync(join(out, 'report.md'), 'mine');
    const output = openOutput(out);
    output.stage([{ name: 'a.md', bytes: bytes('A') }]);
    output.stage([{ name: 'b.md', bytes: bytes('B') }]);
    expect(readdirSync(out).length).toBe(3);
    output.abort();
    expect(readdirSync(out)).toEqual(['report.md']);
  });

  it('stages files as they come and writes them only at commit', () => {
    const out = temp('bp-out-');
    const output = openOutput(out);
    output.stage([{ name: 'a.md', bytes: bytes('A') }]);
    expect(existsSync(join(out, 'a.md'))).toBe(false);
    output.stage([{ name: 'b.md', bytes: bytes('B') }]);
    expect(output.commit().map((p) => p.slice(p.lastIndexOf('/') + 1))).toEqual(['a.md', 'b.md']);
    expect(readdirSync(out).sort()).toEqual(['a.md', 'b.md']);
  });

  it('refuses two files of one run whose names differ only in case', async () => {
    const out = temp('bp-out-');
    await expectRefused(() => writeAll(out, [{ name: 'Steering.md', bytes: bytes('A') }, { name: 'steering.md', bytes: bytes('B') }]), 'OutputNameCollision');
    expect(readdirSync(out)).toEqual([]);
  });
});

describe('runs that meet in one folder', () => {
  it('a run killed while replacing files leaves nothing that needs --force: its staged manifest still vouches', async () => {
    const { data, retitle } = editablePack();
    const out = temp('bp-out-');
    await generate({ data, out, formats: ['md'] }, env);
    retitle('Conseil retitré');
    const next = temp('bp-out-');
    await generate({ data, out: next, formats: ['md'] }, env);
    // What the second run would have left, killed after its first rename: one new file, the old
    // manifest, and its own manifest still under its temporary name.
    const moved = readdirSync(next).find((n) => n.endsWith('.md'))!;
    cpSync(join(next, moved), join(out, moved));
    cpSync(join(next, 'manifest.json'), join(out, '.briefpack-0123456789abcdef01234567.tmp'));
    const result = await generate({ data, out, formats: ['md'] }, env);
    expect(result.written.length).toBeGreaterThan(1);
    // A planted one proves nothing more than a planted manifest.json: the hashes must match.
    const planted = temp('bp-out-');
    writeFileSync(join(planted, 'notes.docx'), 'my notes');
    writeFileSync(join(planted, '.briefpack-0123456789abcdef01234567.tmp'), JSON.stringify({ generator: 'briefpack', files: [{ file: 'notes.docx', sha256: '0'.repeat(64) }] }));
    await expectRefused(() => writeAll(planted, [{ name: 'notes.docx', bytes: bytes('taken') }]), 'WouldOverwrite');
  });

  it('commits one run at a time: waits for the lock, gives up with a message, takes over a dead run\'s lock', async () => {
    const out = temp('bp-out-');
    let waited = 0;
    const fs: OutputFs = { ...nodeOutputFs, pause: () => void (waited += 1) };
    writeFileSync(join(out, '.briefpack.lock'), JSON.stringify({ pid: process.pid, host: (await import('node:os')).hostname() }));
    const error = await expectRefused(() => writeAll(out, [{ name: 'a.md', bytes: bytes('A') }], { fs }), 'OutputBusy');
    expect(waited).toBeGreaterThan(10);
    expect(error.hint).toContain('.briefpack.lock');
    expect(readdirSync(out)).toEqual(['.briefpack.lock']);
    // The holder finishes while this run waits.
    const finishing: OutputFs = { ...fs, pause: () => rmSync(join(out, '.briefpack.lock'), { force: true }) };
    writeAll(out, [{ name: 'a.md', bytes: bytes('A') }], { fs: finishing });
    expect(readdirSync(out)).toEqual(['a.md']);
    // A lock whose process is gone is taken over at once.
    writeFileSync(join(out, '.briefpack.lock'), JSON.stringify({ pid: 999_999_999, host: (await import('node:os')).hostname() }));
    writeAll(out, [{ name: 'b.md', bytes: bytes('B') }], { fs: { ...nodeOutputFs, pause: () => { throw new Error('should not wait'); } } });
    expect(readdirSync(out).sort()).toEqual(['a.md', 'b.md']);
  });
});

describe('the output folder is a boundary', () => {
  it('writes nothing through links planted under every name a run could use, and refuses links as targets', async () => {
    const { data } = editablePack();
    const out = temp('bp-out-');
    const outside = temp('bp-outside-');
    // What a run writes, learnt from a run elsewhere.
    const names = (await generate({ data, out: temp('bp-out-'), formats: ['md', 'docx'] }, env)).files.map((f) => f.file);
    const victims: string[] = [];
    const plant = (name: string) => {
      const victim = join(outside, `victim-${victims.length}`);
      writeFileSync(victim, `precious ${victims.length}`);
      victims.push(victim);
      symlinkSync(victim, join(out, name));
    };
    // The old temporary names (`.<name>.<pid>.tmp`) for this process and the ones around it.
    for (const name of [...names, 'manifest.json']) for (let pid = process.pid - 3; pid <= process.pid + 3; pid++) plant(`.${name}.${pid}.tmp`);
    const outsideBefore = snapshot(outside);
    const result = await generate({ data, out, formats: ['md', 'docx'] }, env);
    expect(snapshot(outside)).toEqual(outsideBefore);
    for (const file of [...result.written]) expect(lstatSync(file).isFile()).toBe(true);

    // Links under the targets themselves, and under the manifest: refused, even with --force.
    for (const target of [names[0]!, 'manifest.json', '.briefpack.lock']) {
      const fresh = temp('bp-out-');
      const victim = join(outside, `target-${target}`);
      writeFileSync(victim, 'precious');
      symlinkSync(victim, join(fresh, target));
      const before = snapshot(fresh);
      for (const force of [false, true]) {
        const error = await expectRefused(generate({ data, out: fresh, formats: ['md', 'docx'], force }, env), 'OutputIsLink');
        expect(error.message).toContain(target);
        expect(snapshot(fresh)).toEqual(before);
      }
    }
    expect(snapshot(outside)).toEqual({ ...outsideBefore, ...Object.fromEntries([names[0]!, 'manifest.json', '.briefpack.lock'].map((t) => [`target-${t}`, Buffer.from('precious').toString('base64')])) });
  });

  it('creates temporary files only under fresh random names, never over anything', () => {
    const out = temp('bp-out-');
    const created: string[] = [];
    const fs: OutputFs = { ...nodeOutputFs, createExclusive: (path, b) => (created.push(path), nodeOutputFs.createExclusive(path, b)) };
    writeAll(out, [{ name: 'a.md', bytes: bytes('A') }, { name: 'b.md', bytes: bytes('B') }], { fs });
    // Two temporary files, and the commit lock (itself created exclusively).
    expect(created.filter((p) => p !== join(out, '.briefpack.lock'))).toHaveLength(2);
    for (const path of created.filter((p) => p !== join(out, '.briefpack.lock'))) expect(path).toMatch(new RegExp(`^${out.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/\\.briefpack-[0-9a-f]{24}\\.tmp$`));
    // Exclusive: an existing name, a dangling link included, is never written to.
    const link = join(out, 'dangling');
    symlinkSync(join(temp('bp-outside-'), 'nothing-yet'), link);
    expect(() => nodeOutputFs.createExclusive(link, bytes('x'))).toThrow(/EEXIST/);
    expect(existsSync(readlinkSync(link))).toBe(false);
  });

  it('refuses names that resolve outside the folder or that briefpack keeps for itself', async () => {
    const out = temp('bp-out-');
    for (const name of ['../x.md', '/tmp/x.md', 'sub/x.md', 'sub\\x.md', '..', '.', '']) await expectRefused(() => writeAll(out, [{ name, bytes: bytes('x') }]), 'UnsafeOutputName');
    for (const name of ['manifest.json', '.briefpack-0123.tmp', '.briefpack.lock']) await expectRefused(() => writeAll(out, [{ name, bytes: bytes('x') }]), 'ReservedOutputName');
    expect(readdirSync(out)).toEqual([]);
  });
});

describe('ownership that cannot be forged', () => {
  it('never replaces a manifest.json that briefpack did not write, unless --force', async () => {
    const out = temp('bp-out-');
    writeFileSync(join(out, 'manifest.json'), '{"my": "own notes"}\n');
    const before = snapshot(out);
    const error = await expectRefused(generate({ data: PACK, out, formats: ['md'] }, env), 'WouldOverwrite');
    expect(error.message).toContain('manifest.json');
    expect(error.hint).toContain('--force');
    expect(snapshot(out)).toEqual(before);
    await generate({ data: PACK, out, formats: ['md'], force: true }, env);
    expect(JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')).generator).toBe('briefpack');
  });

  it('a planted {"owned": [...]} does not make a file briefpack\'s', async () => {
    const out = temp('bp-out-');
    writeFileSync(join(out, 'notes.docx'), 'my notes');
    writeFileSync(join(out, 'manifest.json'), JSON.stringify({ owned: ['notes.docx'] }));
    const before = snapshot(out);
    await expectRefused(() => writeAll(out, [{ name: 'notes.docx', bytes: bytes('taken') }]), 'WouldOverwrite');
    // The same list in a manifest that carries the mark: the bare list still proves nothing.
    writeFileSync(join(out, 'manifest.json'), JSON.stringify({ generator: 'briefpack', files: [], owned: ['notes.docx'] }));
    await expectRefused(() => writeAll(out, [{ name: 'notes.docx', bytes: bytes('taken') }]), 'WouldOverwrite');
    expect(readFileSync(join(out, 'notes.docx'), 'utf8')).toBe('my notes');
    expect(before['notes.docx']).toBe(snapshot(out)['notes.docx']);
  });

  it('a file whose bytes no longer match its manifest entry is not briefpack\'s (edited since, or a forged hash)', async () => {
    const out = temp('bp-out-');
    await generate({ data: PACK, out, formats: ['md'] }, env);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    const edited = manifest.files[0].file as string;
    writeFileSync(join(out, edited), 'edited by hand');
    const error = await expectRefused(generate({ data: PACK, out, formats: ['md'] }, env), 'WouldOverwrite');
    expect(error.message).toContain('has changed since briefpack wrote it');
    expect(readFileSync(join(out, edited), 'utf8')).toBe('edited by hand');

    const forged = temp('bp-out-');
    writeFileSync(join(forged, 'notes.docx'), 'my notes');
    writeFileSync(join(forged, 'manifest.json'), JSON.stringify({ generator: 'briefpack', files: [{ file: 'notes.docx', sha256: '0'.repeat(64) }] }));
    await expectRefused(() => writeAll(forged, [{ name: 'notes.docx', bytes: bytes('taken') }]), 'WouldOverwrite');
    expect(readFileSync(join(forged, 'notes.docx'), 'utf8')).toBe('my notes');
  });

  it('reads an earlier version\'s manifest: files listed with their sha256 stay replaceable', () => {
    const out = temp('bp-out-');
    writeFileSync(join(out, 'steering-full.md'), 'old brief');
    writeFileSync(join(out, 'notes.docx'), 'my notes');
    writeFileSync(
      join(out, 'manifest.json'),
      JSON.stringify({ generator: 'briefpack', files: [{ file: 'steering-full.md', format: 'md', sha256: sha256(bytes('old brief')) }], owned: ['steering-full.md', 'notes.docx'] }),
    );
    writeAll(out, [{ name: 'steering-full.md', bytes: bytes('new brief') }]);
    expect(readFileSync(join(out, 'steering-full.md'), 'utf8')).toBe('new brief');
  });

  it('files of earlier runs stay briefpack\'s while unchanged, listed under earlier', async () => {
    const out = temp('bp-out-');
    await generate({ data: PACK, out, formats: ['docx'] }, env);
    await generate({ data: PACK, out, formats: ['md'] }, env);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    const docx = readdirSync(out).filter((n) => n.endsWith('.docx')).sort();
    expect(manifest.earlier.map((e: { file: string }) => e.file)).toEqual(docx);
    for (const e of manifest.earlier) expect(sha256(readFileSync(join(out, e.file)))).toBe(e.sha256);
    // A third run may replace them without --force.
    await generate({ data: PACK, out, formats: ['docx'] }, env);
  });
});
