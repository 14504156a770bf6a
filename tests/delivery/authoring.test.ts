// Authoring: `init` gives a pack that validates and generates at once; `generate --watch` builds
// again after an edit, survives a broken edit, and stops cleanly on Ctrl-C.
import { appendFileSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BUNDLED_TEMPLATES } from '../../src/template/index.js';
import { build, cli, start, tempDir } from './helpers.js';

beforeAll(build);

describe('briefpack init', () => {
  it('scaffolds a pack that validates and generates at once', () => {
    const folder = join(tempDir('bp-init-'), 'my-pack');
    const init = cli(['init', folder]);
    expect(init.code, init.stderr).toBe(0);
    expect(readdirSync(folder).sort()).toEqual(['briefpack.schema.json', 'items.yaml', 'pack.yaml']);
    expect(readFileSync(join(folder, 'pack.yaml'), 'utf8')).toMatch(/^# /m);
    expect(cli(['validate', folder]).code).toBe(0);
    const out = tempDir('bp-init-out-');
    const generate = cli(['generate', '--data', folder, '--out', out, '--json']);
    expect(generate.code, generate.stderr).toBe(0);
    const files = JSON.parse(generate.stdout).results[0].files as { file: string; document: string; format: string }[];
    // The bundled set: every document of the pack in every format.
    const documents = ['steering', 'speaking-notes', 'handout', 'annex'];
    expect(files.map((f) => `${f.document}.${f.format}`).sort()).toEqual(documents.flatMap((d) => ['pdf', 'docx', 'md'].map((x) => `${d}.${x}`)).sort());
    for (const f of files) expect(readFileSync(join(out, f.file)).byteLength).toBeGreaterThan(0);
  });

  it('refuses a folder that is not empty, and leaves it as it was', () => {
    const folder = tempDir('bp-init-');
    writeFileSync(join(folder, 'notes.txt'), 'mine');
    const init = cli(['init', folder]);
    expect(init.code).toBe(2);
    expect(init.stderr).toContain('FolderNotEmpty');
    expect(readdirSync(folder)).toEqual(['notes.txt']);
  });

  it('accepts an existing empty folder', () => {
    const folder = join(tempDir('bp-init-'), 'empty');
    mkdirSync(folder);
    expect(cli(['init', folder]).code).toBe(0);
  });

  it('is an example only: no string of the bundled dataset in the scaffold', () => {
    const text = readdirSync(join(BUNDLED_TEMPLATES, 'init'))
      .map((n) => readFileSync(join(BUNDLED_TEMPLATES, 'init', n), 'utf8'))
      .join('\n');
    for (const s of ['OEWG', 'EEAS', 'Le Blanc', 'ICT', 'cyber']) expect(text).not.toContain(s);
    expect(text).not.toMatch(/\bEU\b/);
  });
});

describe('generate --watch', () => {
  it('generates, generates again after an edit, reports a broken edit and goes on, exits 0 on Ctrl-C', async () => {
    const data = join(tempDir('bp-watch-'), 'pack');
    expect(cli(['init', data]).code).toBe(0);
    const out = tempDir('bp-watch-out-');
    const md = () => readFileSync(join(out, 'steering-full.md'), 'utf8');
    const runs = (s: string) => s.split('Wrote ').length - 1;
    const templates = join(tempDir('bp-watch-tpl-'), 'templates');
    cpSync(BUNDLED_TEMPLATES, templates, { recursive: true });
    const watcher = start(['generate', '--data', data, '--out', out, '--templates', templates, '--format', 'md', '--watch']);
    try {
      await watcher.until((o) => runs(o.stdout) === 1 && o.stderr.includes('Watching'));
      expect(md()).toContain('Example Committee, annual meeting');

      const pack = join(data, 'pack.yaml');
      const original = readFileSync(pack, 'utf8');
      writeFileSync(pack, original.replace('annual meeting (example)', 'spring meeting (edited)'));
      await watcher.until((o) => runs(o.stdout) === 2);
      expect(md()).toContain('spring meeting');

      writeFileSync(pack, `${original}\n  : broken: [\n`);
      await watcher.until((o) => o.stderr.includes('error '));
      expect(watcher.child.exitCode).toBeNull();
      writeFileSync(pack, original);
      await watcher.until((o) => runs(o.stdout) === 3);
      expect(md()).not.toContain('spring meeting');

      appendFileSync(join(templates, 'steering.md.hbs'), '\nTemplate edited while watching\n');
      await watcher.until((o) => runs(o.stdout) === 4);
      expect(md()).toContain('Template edited while watching');
    } finally {
      watcher.child.kill('SIGINT');
    }
    expect(await watcher.exited).toBe(0);
    expect(existsSync(join(out, 'manifest.json'))).toBe(true);
  });
});
