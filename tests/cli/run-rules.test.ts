// The rules of a run as a user meets them, through the CLI in-process (exit code, stderr, files):
// which documents --for, --doc and --template give; file names that cannot collide; lengths as
// targets and --pages as a limit; every pack under data/ into its own folder.
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { outFolder } from '../../src/cli/commands/generate.js';
import { main } from '../../src/cli/run.js';
import { packWithHandout as withHandout } from '../delivery/helpers.js';

const FICTIONAL = resolve('tests/fixtures/packs/harbour-board');
const temp = (prefix: string) => mkdtempSync(join(tmpdir(), prefix));
/** A copy of the fictional pack with an internal briefing and a public handout. */
const packWithHandout = () => withHandout(FICTIONAL);

let stderr = '';
let stdout = '';
beforeEach(() => {
  stderr = '';
  stdout = '';
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true));
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
  vi.stubEnv('SOURCE_DATE_EPOCH', '1741683600');
});
afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

const run = (...args: string[]) => main(['generate', ...args]);
const files = (out: string) => (existsSync(out) ? readdirSync(out).sort() : []);
const hash = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

describe('--for, --doc and --template', () => {
  it('--for one name gives the public documents only, like a list', async () => {
    const out = join(temp('bp-for1-'), 'out');
    expect(await run('--data', packWithHandout(), '--out', out, '--for', 'Delegation of Aland', '--format', 'pdf,md'), stderr).toBe(0);
    expect(files(out)).toEqual(['handout-Delegation-of-Aland-standard.md', 'handout-Delegation-of-Aland-standard.pdf', 'manifest.json']);
    expect(stdout).toMatch(/public only: left out briefing/);
  });

  it('--for one name with --email --to drafts mail for the public documents only', async () => {
    const out = join(temp('bp-for1-'), 'out');
    expect(await run('--data', packWithHandout(), '--out', out, '--for', 'Delegation of Aland', '--format', 'docx', '--email', '--to', 'desk@example.org'), stderr).toBe(0);
    expect(files(out)).toEqual(['handout-Delegation-of-Aland-standard.docx', 'handout-Delegation-of-Aland-standard.eml', 'manifest.json']);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as { files: { audience: string }[] };
    expect(manifest.files.every((f) => f.audience === 'public')).toBe(true);
  });

  it.each([
    [['--doc', 'briefing'], /'briefing' is an internal document.*--for are public only/],
    [['--doc', 'handout', '--doc', 'briefing'], /'briefing' is an internal document/],
    [['--template', 'steering'], /--template builds an internal document.*--for are public only/],
  ])('--for with an explicit internal document (%j) is exit 2 and says why, writing nothing', async (extra, message) => {
    const out = join(temp('bp-for1-'), 'out');
    expect(await run('--data', packWithHandout(), '--out', out, '--for', 'Delegation of Aland', '--format', 'md', ...extra)).toBe(2);
    expect(stderr).toMatch(message);
    expect(existsSync(out)).toBe(false);
  });

  it('--doc with --template is exit 2, naming both', async () => {
    const out = join(temp('bp-doctpl-'), 'out');
    expect(await run('--data', packWithHandout(), '--out', out, '--doc', 'handout', '--template', 'steering', '--format', 'md')).toBe(2);
    expect(stderr).toMatch(/DocWithTemplate.*--doc.*--template/);
    expect(existsSync(out)).toBe(false);
  });
});

describe('file names', () => {
  it('an ad-hoc --template document, internal, never takes the public handout\'s files', async () => {
    const data = packWithHandout();
    const out = join(temp('bp-names-'), 'out');
    expect(await run('--data', data, '--out', out, '--doc', 'handout', '--format', 'pdf,docx,md'), stderr).toBe(0);
    const before = Object.fromEntries(files(out).filter((f) => f.startsWith('handout')).map((f) => [f, hash(join(out, f))]));
    expect(Object.keys(before)).toEqual(['handout-standard.docx', 'handout-standard.md', 'handout-standard.pdf']);
    expect(await run('--data', data, '--out', out, '--template', 'handout', '--format', 'pdf,docx,md'), stderr).toBe(0);
    for (const [file, sha] of Object.entries(before)) expect(hash(join(out, file)), file).toBe(sha);
    expect(files(out)).toEqual(expect.arrayContaining(['handout-standard-internal.docx', 'handout-standard-internal.md', 'handout-standard-internal.pdf']));
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as { files: { file: string; audience: string }[] };
    expect(manifest.files.map((f) => [f.file, f.audience])).toContainEqual(['handout-standard-internal.pdf', 'internal']);
  });

  it('recipients whose names differ only in case are exit 2 before anything is written', async () => {
    const root = temp('bp-case-');
    writeFileSync(join(root, 'list.yaml'), '- Ann\n- ANN\n');
    const out = join(root, 'out');
    expect(await run('--data', packWithHandout(), '--out', out, '--for', join(root, 'list.yaml'), '--format', 'md')).toBe(2);
    expect(stderr).toMatch(/FileNameCollision: 'handout' for "Ann" and 'handout' for "ANN" would be written as handout-Ann-standard\.md and handout-ANN-standard\.md: one file where case is ignored/);
    expect(existsSync(out)).toBe(false);
  });

  it('recipients whose names clean to one file name are exit 2 too', async () => {
    const root = temp('bp-case-');
    writeFileSync(join(root, 'list.yaml'), '- "a/b"\n- "a:b"\n');
    expect(await run('--data', packWithHandout(), '--out', join(root, 'out'), '--for', join(root, 'list.yaml'), '--format', 'md')).toBe(2);
    expect(stderr).toMatch(/"a\/b" and .*"a:b" would both be written as handout-a-b-standard\.md/);
    expect(existsSync(join(root, 'out'))).toBe(false);
  });

  it('pack documents whose ids differ only in case are refused', async () => {
    const data = packWithHandout();
    writeFileSync(join(data, 'documents.yaml'), 'documents:\n  - {id: Handout, template: handout, audience: public}\n  - {id: handout, template: steering, audience: internal}\n');
    const out = join(temp('bp-ids-'), 'out');
    expect(await run('--data', data, '--out', out, '--doc', 'handout', '--format', 'md')).toBe(2);
    expect(stderr).toMatch(/DocumentIdsCollide/);
    expect(existsSync(out)).toBe(false);
    stderr = '';
    expect(await main(['validate', data])).toBe(2);
    expect(stderr).toMatch(/DocumentIdsCollide/);
  });

  it('an internal document whose id starts with a public one\'s (or the reverse) is refused: its file names could take the public ones\'', async () => {
    const data = packWithHandout();
    // brief focused on topic tp is brief-tp-standard, the name of the public brief-tp at its length.
    writeFileSync(join(data, 'documents.yaml'), 'documents:\n  - {id: brief, template: steering, audience: internal, length: standard}\n  - {id: Brief-TP, template: handout, audience: public, length: standard}\n');
    const out = join(temp('bp-ids-'), 'out');
    expect(await run('--data', data, '--out', out, '--doc', 'Brief-TP', '--format', 'md')).toBe(2);
    expect(stderr).toMatch(/DocumentIdsCollide: .*'brief' \(internal\).*'Brief-TP' \(public\)/);
    expect(existsSync(out)).toBe(false);
    // validate says so too, rather than calling the pack valid.
    stderr = '';
    expect(await main(['validate', data])).toBe(2);
    expect(stderr).toMatch(/DocumentIdsCollide/);
  });

  /** Runs generate without --data in a fresh folder whose data/ holds the fictional pack under each name. */
  async function runOverPacks(names: readonly string[]): Promise<{ root: string; code: number }> {
    const root = temp('bp-all-');
    mkdirSync(join(root, 'data'));
    for (const name of names) cpSync(FICTIONAL, join(root, 'data', name), { recursive: true });
    const cwd = process.cwd();
    process.chdir(root);
    try {
      return { root, code: await run('--out', 'X', '--format', 'md', '--doc', 'handout') };
    } finally {
      process.chdir(cwd);
    }
  }

  it('generate --out X without --data writes each pack under data/ into X/<pack>', async () => {
    const { root, code } = await runOverPacks(['alpha', 'beta']);
    expect(code, stderr).toBe(0);
    expect(files(join(root, 'X'))).toEqual(['alpha', 'beta']);
    for (const pack of ['alpha', 'beta']) expect(files(join(root, 'X', pack))).toEqual(['handout-standard.md', 'manifest.json']);
    expect(outFolder({}, 'data/alpha/')).toBe(join('output', 'alpha'));
    expect(outFolder({ data: 'data/alpha', out: 'X' }, 'data/alpha')).toBe('X');
  });

  it('packs under data/ whose names differ only in case are exit 2 before anything is written: one output folder where case is ignored', async () => {
    const { root, code } = await runOverPacks(['alpha', 'Alpha']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/PackFoldersCollide: .*data\/Alpha.*data\/alpha.*X\/Alpha.*X\/alpha/);
    expect(existsSync(join(root, 'X'))).toBe(false);
  });
});

describe('lengths are targets, --pages is a limit', () => {
  /** A pack whose one document prints the same two pages' worth at every trimming step. */
  function longPack(): { data: string; templates: string } {
    const data = join(temp('bp-long-'), 'pack');
    cpSync(FICTIONAL, data, { recursive: true });
    writeFileSync(join(data, 'documents.yaml'), 'documents:\n  - {id: long, template: long, audience: internal, length: short}\n');
    const templates = temp('bp-long-tpl-');
    const paragraph = 'This paragraph is printed whatever the length, so the document cannot shrink below two pages. '.repeat(4);
    writeFileSync(join(templates, 'long.md.hbs'), `# {{document.title}}\n\n${Array.from({ length: 40 }, () => paragraph).join('\n\n')}\n`);
    return { data, templates };
  }

  it('--length short that a document cannot meet keeps its shortest version, warns naming it and its pages, records it, exit 0', async () => {
    const { data, templates } = longPack();
    const out = join(temp('bp-long-'), 'out');
    expect(await run('--data', data, '--templates', templates, '--out', out, '--length', 'short', '--format', 'pdf'), stderr).toBe(0);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as { files: { file: string; pages: number; warnings?: string[] }[] };
    const pdf = manifest.files.find((f) => f.file === 'long-short.pdf')!;
    expect(pdf.pages).toBeGreaterThan(1);
    const warning = `'long' takes ${pdf.pages} pages at its shortest; the short length aims at 1.`;
    expect(stderr).toContain(warning);
    expect(pdf.warnings?.join('\n')).toContain(warning);
  });

  it('--pages 1 that a document cannot meet is exit 2, writing nothing', async () => {
    const { data, templates } = longPack();
    const out = join(temp('bp-long-'), 'out');
    expect(await run('--data', data, '--templates', templates, '--out', out, '--pages', '1', '--format', 'pdf')).toBe(2);
    expect(stderr).toMatch(/BudgetTooSmall: 'long' needs at least \d+ page/);
    expect(existsSync(out)).toBe(false);
  });
});
