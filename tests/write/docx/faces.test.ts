// The faces embedded in a DOCX are named and flagged as one family's four styles, so a word
// processor draws bold runs with the bold face; glyphs and metrics stay those of the theme's files.
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { loadTheme } from '../../../src/theme/index.js';
import { asFace, type Role } from '../../../src/write/docx/faces.js';

const require = createRequire(import.meta.url);
const fontkit = createRequire(require.resolve('pdfkit'))('fontkit') as {
  create(bytes: Buffer): { familyName: string; subfamilyName: string; postscriptName: string; numGlyphs: number; unitsPerEm: number; 'OS/2': { usWeightClass: number; fsSelection: Record<string, boolean> }; head: { macStyle: Record<string, boolean> }; layout(text: string): { advanceWidth: number } };
};

const theme = loadTheme('default');
const faces: [Role, Uint8Array][] = [
  ['regular', theme.fontFaces.normal],
  ['bold', theme.fontFaces.bold],
  ['italic', theme.fontFaces.italics],
  ['boldItalic', theme.fontFaces.bolditalics],
];

describe('faces embedded in the DOCX', () => {
  it.each(faces)('%s: the theme family, the role as style, weight and style bits to match, same glyphs', (role, bytes) => {
    const original = fontkit.create(Buffer.from(bytes));
    const face = fontkit.create(asFace(bytes, theme.font.family, role));
    const bold = role === 'bold' || role === 'boldItalic';
    const italic = role === 'italic' || role === 'boldItalic';
    expect(face.familyName).toBe(theme.font.family);
    expect(face.subfamilyName).toBe({ regular: 'Regular', bold: 'Bold', italic: 'Italic', boldItalic: 'Bold Italic' }[role]);
    expect(face.postscriptName).not.toMatch(/\s/);
    expect(face['OS/2'].usWeightClass).toBe(bold ? 700 : 400);
    expect(Boolean(face['OS/2'].fsSelection.bold)).toBe(bold);
    expect(Boolean(face['OS/2'].fsSelection.italic)).toBe(italic);
    expect(Boolean(face.head.macStyle.bold)).toBe(bold);
    expect(face.numGlyphs).toBe(original.numGlyphs);
    expect(face.unitsPerEm).toBe(original.unitsPerEm);
    expect(face.layout('Key messages, 2024').advanceWidth).toBe(original.layout('Key messages, 2024').advanceWidth);
  });

  it('writes a font whose checksums add up', () => {
    const font = asFace(theme.fontFaces.bold, theme.font.family, 'bold');
    let sum = 0;
    for (let i = 0; i + 4 <= font.length; i += 4) sum = (sum + font.readUInt32BE(i)) >>> 0;
    expect(sum).toBe(0xb1b0afba);
  });
});
