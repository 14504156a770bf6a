// What Word checks in the package: every style a style is based on is defined, bookmark names are
// ones Word accepts, the application properties are filled and the language is in core.xml.
import { describe, expect, it } from 'vitest';
import { loadTheme } from '../../../src/theme/index.js';
import { bookmarkNames } from '../../../src/write/docx/bookmarks.js';
import { XML_FORBIDDEN } from '../../../src/document/characters.js';
import { writeDocx } from '../../../src/write/docx/index.js';
import { readDocx } from '../../helpers/docx.js';
import { doc, heading, para, t } from '../pdf/helpers.js';

const theme = loadTheme('default');
const WORD_NAME = /^[A-Za-z][A-Za-z0-9_]{0,39}$/;
// Word's own hidden bookmarks (contents entries, cross-reference targets) start with an underscore.
const HIDDEN = /^_(Toc|Ref)[A-Za-z0-9_]{1,36}$/;

describe('bookmark names', () => {
  it('start with a letter, hold letters, digits and underscores, stay within 40 characters and never repeat', () => {
    const ids = ['lines-to-take', 'lines-to-take-2', '2021-2025', 'x'.repeat(80), 'x'.repeat(80) + '-b', 'Lines_to_take', 'é-accent', '__proto__'];
    const names = bookmarkNames(ids);
    expect([...names.keys()]).toEqual(ids);
    for (const name of names.values()) expect(name).toMatch(WORD_NAME);
    expect(new Set([...names.values()].map((n) => n.toLowerCase())).size).toBe(ids.length);
    expect(names.get('lines-to-take-2')).toBe('lines_to_take_2');
  });
});

describe('the DOCX package', () => {
  const long = 'a-heading-whose-slug-runs-well-past-forty-characters-in-length';
  const d = doc(
    [
      { type: 'tableOfContents', title: 'Contents', maxDepth: 2 },
      heading(long, 'A heading whose slug runs well past forty characters in length'),
      para(t('See '), { type: 'crossReference', target: 'lines-to-take-2', children: [t('below')] }, t('.')),
      heading('lines-to-take-2', 'Lines to take'),
      para(t('Text.')),
    ],
    { language: 'fr-FR' },
  );

  it('defines every style another is based on, names bookmarks as Word accepts, and links go to them', async () => {
    const pkg = await readDocx((await writeDocx(d, theme)).bytes);
    const styles = pkg.xml('word/styles.xml');
    const defined = new Set([...styles.matchAll(/<w:style [^>]*w:styleId="([^"]+)"/g)].map((m) => m[1]));
    const based = [...styles.matchAll(/<w:basedOn w:val="([^"]+)"\/>/g)].map((m) => m[1]!);
    expect(based.filter((id) => !defined.has(id))).toEqual([]);
    const xml = pkg.xml('word/document.xml');
    const names = [...xml.matchAll(/<w:bookmarkStart [^>]*w:name="([^"]+)"/g)].map((m) => m[1]!);
    expect(names.length).toBeGreaterThan(0);
    for (const name of names) expect(WORD_NAME.test(name) || HIDDEN.test(name), name).toBe(true);
    expect(new Set(names).size).toBe(names.length);
    for (const anchor of [...xml.matchAll(/w:anchor="([^"]+)"/g)].map((m) => m[1]!)) expect(names).toContain(anchor);
  });

  it('fills the application properties and the language', async () => {
    const pkg = await readDocx((await writeDocx(d, theme)).bytes);
    expect(pkg.xml('docProps/app.xml')).toContain('<Application>briefpack</Application>');
    expect(pkg.xml('docProps/core.xml')).toContain('<dc:language>fr-FR</dc:language>');
  });
});

describe('text that reaches the DOCX without passing the content loader', () => {
  // A templates folder's message catalogue, a theme or a template's own words are not cleaned
  // like pack content; one character XML cannot hold would still make a file Word refuses.
  const bad = 'A\uffffB\u0001C\ud800D';
  const d = doc([{ type: 'tableOfContents', title: `Contents ${bad}`, maxDepth: 2 }, heading('h', `Heading ${bad}`), para(t('Text.'))], {
    title: `Title ${bad}`,
    shortTitle: `Short ${bad}`,
    subject: `Subject ${bad}`,
    author: `Author ${bad}`,
    keywords: [`key ${bad}`],
    marking: `MARK ${bad}`,
    reference: `REF ${bad}`,
    labels: { pageOf: `Page {page} of {pages} ${bad}`, notes: `Notes ${bad}`, blankPage: `Blank ${bad}` },
  });

  it('leaves none of the characters XML forbids in any part, and keeps the rest of the text', async () => {
    const pkg = await readDocx((await writeDocx(d, theme)).bytes);
    const all = pkg.paths.filter((n) => /\.(xml|rels)$/.test(n)).map((n) => pkg.xml(n)).join('\n');
    expect(all.match(XML_FORBIDDEN)).toBeNull();
    for (const kept of ['Title ABCD', 'MARK ABCD', 'REF ABCD', 'Heading ABCD', 'Author ABCD']) expect(all).toContain(kept);
  });
});
