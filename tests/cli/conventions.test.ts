// The conventions of a good command-line tool, as a user meets them through the CLI in-process:
// did-you-mean for options, values and commands; `help <command>`; `completion`; grouped help
// with examples on every command; --quiet and --verbose; `validate` with no folder; empty values
// refused; counts in the right number ("1 source", "Wrote 1 file").
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { count } from '../../src/cli/io.js';
import { main } from '../../src/cli/run.js';
import { runCli } from './in-process.js';

const PACKS = resolve('tests/fixtures/packs');
const temp = () => mkdtempSync(join(tmpdir(), 'bp-conv-'));

/** A folder with data/ holding the two fixture packs, as a user's project would. */
function project(): string {
  const root = temp();
  for (const pack of ['harbour-board', 'town-council']) cpSync(join(PACKS, pack), join(root, 'data', pack), { recursive: true });
  return root;
}

describe('did you mean', () => {
  it.each([
    [['generate', '--fromat', 'pdf'], 'UnknownOption', 'Unknown option --fromat for generate.', 'Did you mean --format?'],
    [['generate', '--lenght', 'short'], 'UnknownOption', 'Unknown option --lenght', 'Did you mean --length?'],
    [['validate', '--jsno'], 'UnknownOption', 'Unknown option --jsno for validate.', 'Did you mean --json?'],
    [['generate', '--length', 'shrot'], 'InvalidValue', '--length "shrot" is not one of short, standard, full.', "Did you mean 'short'?"],
    [['generate', '--format', 'pfd'], 'UnknownFormat', "Unknown format 'pfd'", "Did you mean 'pdf'?"],
    [['list', 'topcs'], 'InvalidValue', 'list: "topcs" is not one of packs, topics', "Did you mean 'topics'?"],
    [['genrate'], 'UnknownCommand', "Unknown command 'genrate'.", "Did you mean 'generate'?"],
    [['help', 'genrate'], 'UnknownCommand', "Unknown command 'genrate'.", "Did you mean 'generate'?"],
    // The word people use for an option, not a spelling of it: --focus once got "Did you mean --out?".
    [['generate', '--focus', 'budget'], 'UnknownOption', 'Unknown option --focus for generate.', 'Did you mean --topic?'],
    [['generate', '--language', 'fr'], 'UnknownOption', 'Unknown option --language for generate.', 'Did you mean --lang?'],
    [['generate', '--recipient', 'Ann'], 'UnknownOption', 'Unknown option --recipient for generate.', 'Did you mean --for?'],
    [['completion', 'tcsh'], 'UnknownShell', "briefpack completion has no script for 'tcsh'.", 'Valid choices: bash, zsh, fish.'],
  ])('%j', async (args, code, message, hint) => {
    const r = await runCli(args, { cwd: project() });
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toContain(`error ${code}: ${message}`);
    expect(r.stderr).toMatch(new RegExp(`^hint: .*${hint.replace(/[.?*()[\]]/g, '\\$&')}`, 'm'));
  });
});

describe('help', () => {
  it.each(['generate', 'list', 'validate', 'init', 'schema', 'serve', 'help', 'completion'])('help %s prints its options and examples', async (command) => {
    const r = await runCli(['help', command]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain(`briefpack ${command}`);
    expect(r.stdout).toContain('Examples:');
    expect(r.stdout).toContain(`briefpack ${command}`);
  });

  // In two columns, a long example wrapped in its middle at 80 columns, and copied, ran cut short.
  it('keeps each example command whole on its line at an 80-column terminal', async () => {
    let stdout = '';
    const status = await main(['help', 'generate'], { stdout: { write: (t: string) => (stdout += t), isTTY: true, columns: 80 }, stderr: { write: () => true, isTTY: true }, cwd: process.cwd(), env: process.env });
    expect(status).toBe(0);
    const examples = stdout.slice(stdout.indexOf('Examples:')).split('\n').slice(1);
    expect(examples).toContain('  briefpack generate --data data/mypack --email --to desk@example.org');
    expect(examples).toContain('  # A draft email with each DOCX attached');
    for (const line of examples.filter((l) => l.trim() !== '')) expect(line).toMatch(/^ {2}(# |briefpack )/);
  });

  it('groups the options of generate', async () => {
    const r = await runCli(['generate', '--help']);
    for (const group of ['What to make, and where:', 'Length and focus:', 'For others, and delivery:', 'Running:', 'General:']) expect(r.stdout).toContain(group);
    expect(r.stdout).not.toMatch(/^Options:/m);
  });

  it('shows examples in the root help and lists help and completion', async () => {
    const r = await runCli(['--help']);
    expect(r.stdout).toContain('Examples:');
    expect(r.stdout).toContain('briefpack help [command]');
    expect(r.stdout).toContain('briefpack completion');
  });

  it('prints a shell completion script', async () => {
    const r = await runCli(['completion']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('###-begin-briefpack-completions-###');
  });

  it.each([
    ['bash', 'complete -o bashdefault'],
    ['zsh', 'compdef _briefpack_yargs_completions briefpack'],
    ['fish', 'complete -f -c briefpack'],
  ])('prints the %s script when that shell is named, whatever $SHELL is', async (shell, marker) => {
    const r = await runCli(['completion', shell], { env: { ...process.env, SHELL: '/bin/sh', ZSH_NAME: '' } });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain(marker);
  });

  it("completes an option's values, even the empty word Tab starts from", async () => {
    const r = await runCli(['--get-yargs-completions', 'briefpack', 'generate', '--length', '']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.split('\n')).toEqual(expect.arrayContaining(['short', 'standard', 'full']));
  });
});

describe('values', () => {
  it.each([
    [['generate', '--format', '']],
    [['generate', '--format=']],
    [['generate', '--pages', '']],
    [['generate', '--data', '']],
    [['generate', '--theme', '  ']],
  ])('refuses an empty value: %j', async (args) => {
    const r = await runCli(args, { cwd: project() });
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/^error EmptyValue: --\w+ was given an empty value\./m);
  });

  it.each([
    // "two" was once "--pages was given no number", and 0 pointed to the root help.
    [['generate', '--pages', 'two'], 'error NotANumber: --pages "two" is not a number.', 'hint: Give --pages a number (see `briefpack help generate`).'],
    [['generate', '--pages=two'], 'error NotANumber: --pages "two" is not a number.', 'hint: Give --pages a number'],
    [['generate', '--pages', '0'], 'error BadPages: --pages must be a whole number of at least 1; got 0.', 'hint: Give the number of pages to fit each document into, e.g. --pages 2.'],
    [['generate', '--pages', '1.5'], 'error BadPages: --pages must be a whole number of at least 1; got 1.5.', 'hint: Give the number of pages'],
  ])('refuses a page budget that is not a whole number, saying what was typed: %j', async (args, message, hint) => {
    const r = await runCli(args, { cwd: project() });
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stderr).toContain(hint);
  });

  // A three-letter code (ISO 639-2) for a language whose catalogue has the two-letter one.
  it.each([['fre', 'fr'], ['rus', 'ru'], ['deu', 'de']])('--lang %s warns that it prints in English and names %s', async (typed, meant) => {
    const r = await runCli(['generate', '--data', 'data/harbour-board', '--out', 'out', '--format', 'md', '--lang', typed], { cwd: project() });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain(`warning MissingTranslation: No message catalogue for the language '${typed}'`);
    expect(r.stderr).toContain(`Did you mean '${meant}'?`);
  });

  it('refuses an empty argument, naming it as one', async () => {
    const r = await runCli(['validate', ''], { cwd: project() });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('error EmptyValue: The data argument is empty.');
  });

  it('says what to do when there is no data/ to take every pack from', async () => {
    const r = await runCli(['validate'], { cwd: temp() });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('error NoData: No pack folder given, and no data/ folder here');
    expect(r.stderr).toContain('hint: Name a pack folder (`briefpack validate data/my-meeting`');
  });

  it('refuses a list of formats that names none', async () => {
    const r = await runCli(['generate', '--format', ','], { cwd: project() });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('error EmptyValue: --format "," names no format.');
  });
});

describe('validate', () => {
  it('with no folder validates every pack under data/, counts in the right number', async () => {
    const root = project();
    const r = await runCli(['validate'], { cwd: root });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('data/harbour-board: valid (4 topics, 15 items, 3 sessions, 3 sources)');
    expect(r.stdout).toContain('data/town-council: valid');
  });

  it('names each broken pack and fails when one is broken', async () => {
    const root = project();
    writeFileSync(join(root, 'data', 'town-council', 'extra.yaml'), 'items:\n  - id: x\n    headline: Housing: yes\n');
    const r = await runCli(['validate'], { cwd: root });
    expect(r.status).toBe(2);
    expect(r.stdout).toContain('data/harbour-board: valid');
    expect(r.stderr).toContain('data/town-council:');
    expect(r.stderr).toContain('error PacksInvalid: 1 pack of 2 has problems: data/town-council.');
  });

  it('says "1 source", not "1 sources"', async () => {
    const root = temp();
    expect((await runCli(['init', 'pack'], { cwd: root })).status).toBe(0);
    const r = await runCli(['validate', 'pack'], { cwd: root });
    expect(r.stdout).toMatch(/\b1 source\)/);
    expect(r.stdout).not.toMatch(/\b1 (source|topic|item|session)s\b/);
  });
});

describe('--quiet and --verbose', () => {
  const args = (root: string) => ['generate', '--data', join(root, 'data', 'town-council'), '--out', join(root, 'out'), '--format', 'md', '--doc', 'steering'];

  it('counts files in the right number', async () => {
    const root = project();
    const r = await runCli(args(root), { cwd: root });
    expect(r.status, r.stderr).toBe(0);
    // The document and the manifest.
    expect(r.stdout).toMatch(/^Wrote 2 files to /m);
    expect(count(1, 'file')).toBe('1 file');
    expect(count(0, 'file')).toBe('0 files');
  });

  it('--quiet prints nothing on success', async () => {
    const root = project();
    const r = await runCli([...args(root), '--quiet'], { cwd: root });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe('');
  });

  it('--verbose says what it generates and how long it took', async () => {
    const root = project();
    const r = await runCli([...args(root), '--verbose'], { cwd: root });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/town-council: generating md into .*out\//);
    expect(r.stderr).toMatch(/town-council: 2 files in \d+\.\d s/);
  });
});
