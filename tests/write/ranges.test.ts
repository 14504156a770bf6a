// A number range with an en dash ("2021–2025", "8–12 July") is never broken after its dash, in the
// PDF (laid out and read back) or the DOCX (a word joiner holds it together).
import { describe, expect, it } from 'vitest';
import { loadTheme } from '../../src/theme/index.js';
import { writeDocx } from '../../src/write/docx/index.js';
import { writePdf } from '../../src/write/pdf/index.js';
import { splitRanges } from '../../src/write/text.js';
import { readDocx, textOf } from '../helpers/docx.js';
import { pageTexts } from '../helpers/pdf.js';
import { doc, para, t } from './pdf/helpers.js';

const theme = loadTheme('default');

describe('number ranges', () => {
  it('are found in text, and nothing else is', () => {
    expect(splitRanges('The group 2021–2025 met 8–12 July; pages 3-4.')).toEqual([
      { text: 'The group ', range: false },
      { text: '2021–2025', range: true },
      { text: ' met ', range: false },
      { text: '8–12', range: true },
      { text: ' July; pages 3-4.', range: false },
    ]);
  });

  it('stay on one line in the PDF wherever the line ends', async () => {
    // Fillers of every length up to a line's width move the range across the line's end.
    const paragraphs = Array.from({ length: 40 }, (_, i) => para(t(`${'w'.repeat(i + 1)} ${'word '.repeat(14)}the group 2021–2025 and more text after it.`)));
    const lines = (await pageTexts((await writePdf(doc(paragraphs), theme)).bytes)).flatMap((page) => page.split('\n')).map((l) => l.trim());
    expect(lines.filter((l) => /\d–$/.test(l))).toEqual([]);
    expect(lines.filter((l) => l.includes('2021–2025')).length).toBe(40);
  });

  it('carry a word joiner after the dash in the DOCX', async () => {
    const pkg = await readDocx((await writeDocx(doc([para(t('The group 2021–2025 met 8–12 July.'))]), theme)).bytes);
    expect(textOf(pkg.xml('word/document.xml'))).toContain('2021–\u20602025 met 8–\u206012 July');
  });
});
