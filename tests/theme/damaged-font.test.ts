// A theme font whose table directory is whole but whose tables hold junk: the check that reads
// only the directory let such a file through, and the writers then failed deep inside layout
// (exit 1: "failed unexpectedly", or the PDF writer's own failure). Each is exit 2 naming the file.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli/in-process.js';

const ROBOTO = resolve('node_modules/pdfmake/fonts/Roboto/Roboto-Regular.ttf');
const THEME = JSON.parse(readFileSync('templates/themes/default.json', 'utf8')) as Record<string, unknown>;

/** Roboto with one table overwritten by `byte`, its directory untouched. */
function damaged(table: string, byte: number): Buffer {
  const font = Buffer.from(readFileSync(ROBOTO));
  const count = font.readUInt16BE(4);
  for (let i = 0; i < count; i++) {
    const at = 12 + i * 16;
    if (font.toString('latin1', at, at + 4) !== table) continue;
    const [offset, length] = [font.readUInt32BE(at + 8), font.readUInt32BE(at + 12)];
    font.fill(byte, offset, offset + length);
    return font;
  }
  throw new Error(`Roboto has no '${table}' table`);
}

describe('a theme font with damaged tables', () => {
  it.each([
    ['cmap', 0xff],
    ['glyf', 0xff],
    ['head', 0x00],
  ])("is exit 2 naming the font when its '%s' table is junk", { timeout: 60_000 }, async (table, byte) => {
    const root = mkdtempSync(join(tmpdir(), 'bp-font-'));
    cpSync('tests/fixtures/packs/harbour-board', join(root, 'pack'), { recursive: true });
    mkdirSync(join(root, 'theme', 'fonts'), { recursive: true });
    writeFileSync(join(root, 'theme', 'fonts', 'custom.ttf'), damaged(table, byte));
    const files = { normal: 'fonts/custom.ttf', bold: 'fonts/custom.ttf', italics: 'fonts/custom.ttf', bolditalics: 'fonts/custom.ttf' };
    writeFileSync(join(root, 'theme', 'theme.json'), JSON.stringify({ ...THEME, font: { family: 'Custom', files } }));
    const run = await runCli(['generate', '--data', 'pack', '--out', 'out', '--format', 'pdf,docx', '--doc', 'steering', '--theme', 'theme/theme.json'], { cwd: root });
    expect(run.status, run.stderr).toBe(2);
    expect(run.stderr).toContain('error FontUnreadable');
    expect(run.stderr).toContain('fonts/custom.ttf');
    expect(run.stderr).toContain('damaged');
    expect(run.stderr).not.toContain('failed unexpectedly');
  });
});
