// Text files in the encodings people's programs save: UTF-8 with or without a byte-order mark and
// UTF-16 with one are read; a Windows-1252 file (Excel, old Notepad) is refused by name with how to
// save it as UTF-8, never printed as "D�l�gation". Each case runs through the CLI in this process.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli/in-process.js';

const PACK = resolve('tests/fixtures/packs/town-council');
const HEADLINE = 'Délégation de Genève : « coopération » — naïve façade';
const EXTRA = `items:\n  - id: extra-item\n    kind: position\n    topics: [housing]\n    audience: public\n    headline: "${HEADLINE}"\n`;

function utf16be(text: string): Buffer {
  const le = Buffer.from(text, 'utf16le');
  for (let i = 0; i < le.length; i += 2) [le[i], le[i + 1]] = [le[i + 1]!, le[i]!];
  return le;
}

const ENCODINGS: [string, Buffer][] = [
  ['UTF-8', Buffer.from(EXTRA, 'utf8')],
  ['UTF-8 with a byte-order mark', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(EXTRA, 'utf8')])],
  ['UTF-16 LE with a byte-order mark', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(EXTRA, 'utf16le')])],
  ['UTF-16 BE with a byte-order mark', Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(EXTRA)])],
];

function packWith(bytes: Buffer): string {
  const root = mkdtempSync(join(tmpdir(), 'bp-enc-'));
  cpSync(PACK, join(root, 'pack'), { recursive: true });
  writeFileSync(join(root, 'pack', 'extra.yaml'), bytes);
  return root;
}

describe('input encodings', () => {
  it.each(ENCODINGS)('reads a pack file saved as %s, accents intact', async (_name, bytes) => {
    const root = packWith(bytes);
    const r = await runCli(['generate', '--data', 'pack', '--out', 'out', '--format', 'md', '--doc', 'handout'], { cwd: root });
    expect(r.status, r.stderr).toBe(0);
    const md = readFileSync(join(root, 'out', 'handout-standard.md'), 'utf8');
    expect(md).toContain(HEADLINE);
    expect(md).not.toContain('\uFFFD');
  });

  it('refuses a Windows-1252 pack file by name, with the line and how to save it as UTF-8', async () => {
    const root = packWith(Buffer.from(EXTRA, 'latin1'));
    const r = await runCli(['validate', 'pack'], { cwd: root });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('error NotUtf8: pack/extra.yaml is not saved as UTF-8 (line 6 has byte 0xE9');
    expect(r.stderr).toContain('Save with Encoding > UTF-8');
    // Excel's CSV advice is for a CSV file: a YAML file is written in a text editor.
    expect(r.stderr).not.toContain('Excel');
    expect(r.stderr).not.toContain('\uFFFD');
  });

  it('refuses a Windows-1252 theme file the same way: every text file goes through one reader', async () => {
    const root = packWith(Buffer.from(EXTRA, 'utf8'));
    mkdirSync(join(root, 'themes'));
    writeFileSync(join(root, 'themes', 'theme.json'), Buffer.from('{ "name": "Thème à moi" }', 'latin1'));
    const r = await runCli(['generate', '--data', 'pack', '--out', 'out', '--format', 'md', '--theme', 'themes/theme.json'], { cwd: root });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('theme.json is not saved as UTF-8 (line 1 has byte 0xE8');
  });

  it('refuses UTF-16 without its byte-order mark rather than reading NULs between the letters', async () => {
    const root = packWith(Buffer.from(EXTRA, 'utf16le'));
    const r = await runCli(['validate', 'pack'], { cwd: root });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('pack/extra.yaml is not saved as UTF-8');
  });
});
