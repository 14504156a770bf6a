// Recipient lists as Excel and people write them: CSV with `,` `;` or tab between columns, a
// byte-order mark, CRLF line ends, headings in any case (name, e-mail, language, organization),
// and YAML lists with the same fields. Each runs through the CLI in this process; the email column
// fills each recipient's draft To: line, and `lang` is kept on the recipient for per-recipient language.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readRecipientList } from '../../src/pack/plan/recipients.js';
import { runCli } from '../cli/in-process.js';
import { packWithHandout, tempDir } from './helpers.js';

const BOM = '\uFEFF';
const PEOPLE = [
  { name: 'Délégation de Genève', email: 'geneve@example.org', lang: 'fr', organisation: 'Canton de Genève' },
  { name: 'Smith, J.', email: 'j.smith@example.org', lang: 'en-GB', organisation: 'Ministry; of Things' },
];
const csvOf = (sep: string, heads: readonly string[]) =>
  BOM + [heads.join(sep), ...PEOPLE.map((p) => [p.name, p.email, p.lang, p.organisation].map((c) => (c.includes(sep) || c.includes(',') ? `"${c}"` : c)).join(sep))].join('\r\n') + '\r\n';

describe('recipient lists from Excel and YAML', () => {
  it.each([
    ['comma', ','],
    ['semicolon (Excel in most of Europe)', ';'],
    ['tab (Excel "Unicode text")', '\t'],
  ])('reads a %s separated list with a BOM and its name, email, lang and organisation columns', (_name, sep) => {
    const dir = tempDir('bp-csv-');
    writeFileSync(join(dir, 'list.csv'), csvOf(sep, ['Name', 'E-mail', 'Language', 'Organization']));
    expect(readRecipientList(join(dir, 'list.csv'))).toEqual(PEOPLE);
  });

  it('reads Excel\'s "Unicode text": UTF-16 with a byte-order mark, tab-separated', () => {
    const dir = tempDir('bp-utf16-');
    const text = csvOf('\t', ['name', 'email', 'lang', 'organisation']);
    writeFileSync(join(dir, 'list.csv'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text.replace(BOM, ''), 'utf16le')]));
    expect(readRecipientList(join(dir, 'list.csv'))).toEqual(PEOPLE);
  });

  it('reads the same fields from a YAML list', () => {
    const dir = tempDir('bp-yaml-list-');
    writeFileSync(join(dir, 'list.yaml'), PEOPLE.map((p) => `- name: "${p.name}"\n  email: ${p.email}\n  lang: ${p.lang}\n  organisation: "${p.organisation}"\n`).join(''));
    expect(readRecipientList(join(dir, 'list.yaml'))).toEqual(PEOPLE);
  });

  it("fills each recipient's email draft To: line from the email column", async () => {
    const data = packWithHandout('tests/fixtures/packs/harbour-board');
    const root = tempDir('bp-csv-mail-');
    writeFileSync(join(root, 'list.csv'), csvOf(';', ['name', 'email', 'lang', 'organisation']));
    const r = await runCli(['generate', '--data', data, '--out', 'out', '--for', 'list.csv', '--format', 'docx', '--email'], { cwd: root });
    expect(r.status, r.stderr).toBe(0);
    const drafts = readdirSync(join(root, 'out')).filter((f) => f.endsWith('.eml'));
    expect(drafts).toHaveLength(2);
    const to = drafts.map((f) => /^To: (.*)$/m.exec(readFileSync(join(root, 'out', f), 'utf8'))?.[1]).sort();
    expect(to).toEqual(['geneve@example.org', 'j.smith@example.org']);
  });

  // Excel saves "Unicode text" as list.txt, and some tools write tab-separated values as .tsv:
  // taken for a recipient's name, it made one handout for "list.txt".
  it.each(['list.txt', 'list.tsv'])('reads %s as a recipient list, not as one recipient so named', async (file) => {
    const data = packWithHandout('tests/fixtures/packs/harbour-board');
    const root = tempDir('bp-txt-list-');
    const text = csvOf('\t', ['name', 'email', 'lang', 'organisation']);
    writeFileSync(join(root, file), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text.replace(BOM, ''), 'utf16le')]));
    const r = await runCli(['generate', '--data', data, '--out', 'out', '--for', file, '--format', 'md'], { cwd: root });
    expect(r.status, r.stderr).toBe(0);
    expect(readdirSync(join(root, 'out')).filter((f) => f.endsWith('.md')).sort()).toEqual(['handout-Delegation-de-Geneve-standard.md', 'handout-Smith-J-standard-en-GB.md']);
  });

  it.each([
    ['a Windows-1252 list', Buffer.from('name;email\r\nDélégation;d@example.org\r\n', 'latin1'), ['NotUtf8', 'list.csv is not saved as UTF-8', 'CSV UTF-8']],
    ['an address that is not one', Buffer.from('name,email\nA,not-an-address\n'), ['RecipientEmailInvalid', 'Row at line 2 of list.csv', '"not-an-address" is not an email address']],
    ['a language that is not a tag', Buffer.from('name,lang\nA,french please\n'), ['RecipientLangInvalid', 'Row at line 2', 'language tag such as en, fr']],
    ['no name column', Buffer.from('who;email\nA;a@example.org\n'), ['RecipientListInvalid', "needs a header row with a 'name' column (its first row is: who, email)"]],
  ])('refuses %s with exit 2, naming the file', async (_name, bytes, fragments) => {
    const data = packWithHandout('tests/fixtures/packs/harbour-board');
    const root = tempDir('bp-csv-bad-');
    writeFileSync(join(root, 'list.csv'), bytes);
    const r = await runCli(['generate', '--data', data, '--out', 'out', '--for', 'list.csv', '--format', 'md'], { cwd: root });
    expect(r.status).toBe(2);
    for (const f of fragments) expect(r.stderr).toContain(f);
    expect(r.stderr).toMatch(/^hint: /m);
  });
});
