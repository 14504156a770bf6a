// YAML mistakes as people make them (tests/fixtures/yaml-mistakes/: one folder per mistake, an
// extra file for the town-council pack and what the message must say), each run through the CLI
// in this process: one error per mistake, at the line of the mistake, with a code frame and a fix.
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli/in-process.js';

const CORPUS = resolve('tests/fixtures/yaml-mistakes');
const PACK = resolve('tests/fixtures/packs/town-council');

interface Expect {
  readonly line: number;
  /** Where the caret points, when the case says. */
  readonly column?: number;
  readonly message?: string;
  readonly fix: string;
}

const cases = readdirSync(CORPUS).sort().map((name) => [name, JSON.parse(readFileSync(join(CORPUS, name, 'expect.json'), 'utf8')) as Expect] as const);

describe('YAML mistakes say what to do', () => {
  it('holds at least 30 mistakes', () => {
    expect(cases.length).toBeGreaterThanOrEqual(30);
  });

  it.each(cases)('%s', async (name, expected) => {
    const root = mkdtempSync(join(tmpdir(), `bp-yaml-${name}-`));
    cpSync(PACK, join(root, 'pack'), { recursive: true });
    cpSync(join(CORPUS, name, 'extra.yaml'), join(root, 'pack', 'extra.yaml'));
    const r = await runCli(['validate', 'pack'], { cwd: root });
    expect(r.status, r.stderr).toBe(2);
    // One problem, not the parser's cascade.
    expect(r.stderr, r.stderr).not.toContain('problems');
    expect(r.stderr, r.stderr).toContain(`pack/extra.yaml:${expected.line}:${expected.column ?? ''}`);
    expect(r.stderr, r.stderr).toMatch(new RegExp(`^\\s*> +${expected.line} \\|`, 'm'));
    if (expected.message) expect(r.stderr, r.stderr).toContain(expected.message);
    // The fix is the hint: what to change, in the author's words.
    expect(r.stderr, r.stderr).toMatch(/^hint: /m);
    expect(r.stderr, r.stderr).toContain(expected.fix);
    // The parser's own words stay out of it.
    expect(r.stderr).not.toMatch(/compact mappings|Implicit keys|Unexpected scalar|Not a YAML token|Map keys must be unique/);
  });

  it('names two mistakes in a real file as two problems, without the echoes of the tab', async () => {
    const root = mkdtempSync(join(tmpdir(), 'bp-yaml-two-'));
    cpSync(PACK, join(root, 'pack'), { recursive: true });
    const file = join(root, 'pack', 'items.yaml');
    const lines = readFileSync(file, 'utf8').split('\n');
    const headline = lines.findIndex((l, i) => i > 8 && l.trim().startsWith('headline:'));
    lines[headline] = '    headline: Note: we lead on housing';
    const kind = lines.findIndex((l, i) => i > 150 && l.startsWith('    kind:'));
    lines[kind] = `\t${lines[kind]!.trim()}`;
    writeFileSync(file, lines.join('\n'));
    const r = await runCli(['validate', 'pack'], { cwd: root });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('The pack has 2 problems.');
    expect(r.stderr).toContain(`pack/items.yaml:${headline + 1}:19: the text of 'headline' holds a colon`);
    expect(r.stderr).toContain(`pack/items.yaml:${kind + 1}:1: line ${kind + 1} is indented with a tab`);
    expect(r.stderr).toContain("    fix: put the text in quotes: headline: 'Note: we lead on housing'");
  });

  it('a date written day/month/year gets both readings as the fix', async () => {
    const root = mkdtempSync(join(tmpdir(), 'bp-yaml-date-'));
    cpSync(PACK, join(root, 'pack'), { recursive: true });
    const file = join(root, 'pack', 'pack.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^  date: .*$/m, '  date: 11/03/2025'));
    const r = await runCli(['validate', 'pack'], { cwd: root });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('hint: write the date as year-month-day: 2025-03-11 if 11/03/2025 is day/month, 2025-11-03 if it is month/day');
  });
});
