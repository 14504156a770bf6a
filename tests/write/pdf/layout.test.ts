// Layout behaviour on purpose-built documents: wrapping, keeping headings with what follows,
// repeated table headers, callouts, images, and the diagnostics a user gets instead of boxes.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { Block } from '../../../src/document/model.js';
import { loadTheme } from '../../../src/theme/index.js';
import { writePdf } from '../../../src/write/pdf/index.js';
import { count, readPdf } from '../../helpers/pdf.js';
import { LOREM, deepFreeze, doc, heading, para, t } from './helpers.js';

const theme = loadTheme('default');
// A 6x8 pixel JPEG made for this test.
const JPG = Uint8Array.from(Buffer.from('/9j/4AAQSkZJRgABAQEAAAAAAAD/2wBDAAgGBgcGBQgHBwcJCQgKDBQNDAsLDBkSEw8UHRofHh0aHBwgJC4nICIsIxwcKDcpLDAxNDQ0Hyc5PTgyPC4zNDL/2wBDAQkJCQwLDBgNDRgyIRwhMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjL/wAARCAAIAAYDASIAAhEBAxEB/8QAHwAAAQUBAQEBAQEAAAAAAAAAAAECAwQFBgcICQoL/8QAtRAAAgEDAwIEAwUFBAQAAAF9AQIDAAQRBRIhMUEGE1FhByJxFDKBkaEII0KxwRVS0fAkM2JyggkKFhcYGRolJicoKSo0NTY3ODk6Q0RFRkdISUpTVFVWV1hZWmNkZWZnaGlqc3R1dnd4eXqDhIWGh4iJipKTlJWWl5iZmqKjpKWmp6ipqrKztLW2t7i5usLDxMXGx8jJytLT1NXW19jZ2uHi4+Tl5ufo6erx8vP09fb3+Pn6/8QAHwEAAwEBAQEBAQEBAQAAAAAAAAECAwQFBgcICQoL/8QAtREAAgECBAQDBAcFBAQAAQJ3AAECAxEEBSExBhJBUQdhcRMiMoEIFEKRobHBCSMzUvAVYnLRChYkNOEl8RcYGRomJygpKjU2Nzg5OkNERUZHSElKU1RVVldYWVpjZGVmZ2hpanN0dXZ3eHl6goOEhYaHiImKkpOUlZaXmJmaoqOkpaanqKmqsrO0tba3uLm6wsPExcbHyMnK0tPU1dbX2Nna4uPk5ebn6Onq8vP09fb3+Pn6/9oADAMBAAIRAxEAPwD3uGFbeIRoXKjoZJGc/mxJoooobvqwP//Z', 'base64'));
const SVG = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><rect width="40" height="20" fill="#0b3a66"/></svg>');

const render = async (blocks: Block[], extra = {}) => {
  const written = await writePdf(deepFreeze(doc(blocks, extra)), theme);
  return { written, pdf: await readPdf(written.bytes) };
};

describe('writePdf layout', () => {
  it('wraps a 300-character word and a long address inside the page', async () => {
    const word = 'x'.repeat(300);
    const url = 'https://example.org/' + 'segment-'.repeat(40) + 'end';
    const { pdf } = await render([
      para(t(word)),
      para({ type: 'link', url, children: [t(url)] }),
      { type: 'table', columns: [{ align: 'left', weight: 1 }, { align: 'left', weight: 4 }], header: [[t('A')], [t('B')]], rows: [[[t(word)], [t('b')]]] },
    ]);
    for (const page of pdf.pages) {
      for (const item of page.items) {
        expect(item.x).toBeGreaterThanOrEqual(theme.page.margins.left - 1);
        expect(item.x + item.width).toBeLessThanOrEqual(page.width - theme.page.margins.right + 1);
      }
    }
    const text = pdf.pages.map((p) => p.items.map((i) => i.str).join('')).join('');
    expect(count(text, 'x')).toBeGreaterThanOrEqual(600);
    expect(text.replace(/\s/g, '')).toContain(url.slice('https://'.length));
  });

  it('warns about characters the font cannot draw, naming them', async () => {
    const { written } = await render([para(t('Arabic: مرحبا'))]);
    const warning = written.diagnostics.find((d) => d.code === 'MissingGlyphs');
    expect(warning?.severity).toBe('warning');
    expect(warning?.message).toContain('م');
    expect(warning?.message).toContain('U+0645');
  });

  it('never leaves a heading alone at the foot of a page', async () => {
    const tableRows = Array.from({ length: 12 }, (_, i) => [[t(`Row ${i}`)], [t(LOREM)]]);
    // One-line fillers move the heading down in steps smaller than its own height, so some
    // counts put it where it fits but the next line does not.
    for (let fillers = 27; fillers <= 37; fillers++) {
      for (const follower of ['paragraph', 'table'] as const) {
        const next: Block =
          follower === 'paragraph'
            ? para(t(LOREM))
            : { type: 'table', columns: [{ align: 'left', weight: 1 }, { align: 'left', weight: 3 }], header: [[t('When')], [t('What')]], rows: tableRows };
        const blocks = [...Array.from({ length: fillers }, (_, i) => para(t(`Filler line ${i + 1}.`))), heading('h', 'Kept heading'), next];
        const { pdf } = await render(blocks);
        const page = pdf.pages.find((p) => p.text.includes('Kept heading'))!;
        const body = page.items.filter((i) => i.y > theme.page.margins.bottom && i.y < page.height - theme.page.margins.top && i.str.trim());
        const bottom = Math.min(...body.map((i) => i.y));
        const lastLine = body.filter((i) => Math.abs(i.y - bottom) < 1).map((i) => i.str).join(' ');
        expect(lastLine, `${fillers} fillers then a ${follower}`).not.toContain('Kept');
      }
    }
  });

  it('repeats the table header on every page the table runs onto', async () => {
    const rows = Array.from({ length: 90 }, (_, i) => [[t(`Day ${i + 1}`)], [t('Session')]]);
    const { pdf, written } = await render([
      { type: 'table', columns: [{ align: 'left', weight: 1 }, { align: 'right', weight: 2 }], header: [[t('Date')], [t('Business')]], rows },
    ]);
    expect(written.pages).toBeGreaterThan(1);
    for (const page of pdf.pages) expect(page.text).toContain('Business');
    expect(pdf.pages.at(-1)!.text).toContain('Day 90');
  });

  it('keeps a callout on one page and prints its title', async () => {
    const callout: Block = {
      type: 'callout',
      variant: 'warning',
      title: [t('Handle with care')],
      children: Array.from({ length: 6 }, () => para(t(LOREM))),
    };
    const fillers = Array.from({ length: 14 }, () => para(t(LOREM + ' ' + LOREM)));
    const { pdf } = await render([...fillers, callout]);
    const pagesWithCallout = pdf.pages.filter((p) => p.text.includes('Handle with care') || count(p.text, 'further work') > 0 && p.text.includes('Handle'));
    expect(pagesWithCallout).toHaveLength(1);
    const page = pagesWithCallout[0]!;
    expect(count(page.text.split('Handle with care')[1]!, 'The committee considered')).toBe(6);
  });

  it('never loses the text of a callout longer than a page', async () => {
    const children = Array.from({ length: 40 }, (_, i) => para(t(`Item ${i + 1}. ${LOREM}`)));
    const { pdf } = await render([{ type: 'callout', variant: 'note', children }]);
    const text = pdf.pages.map((p) => p.text).join('\n');
    for (let i = 1; i <= 40; i++) expect(text).toContain(`Item ${i}.`);
  });

  it('draws PNG, JPEG and SVG images within the text width', async () => {
    const png = Uint8Array.from(Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64'));
    const { written, pdf } = await render([
      { type: 'image', data: png, format: 'png', pixelWidth: 1, pixelHeight: 1, width: 2000, alt: 'wide' },
      { type: 'image', data: png, format: 'png', pixelWidth: 1, pixelHeight: 1, width: 2000, alt: 'wide again' },
      { type: 'image', data: JPG, format: 'jpg', pixelWidth: 6, pixelHeight: 8, alt: 'photo', align: 'center' },
      { type: 'image', data: SVG, format: 'svg', pixelWidth: 40, pixelHeight: 20, width: 120, alt: 'chart' },
      para(t('After the images.')),
    ]);
    expect(written.diagnostics).toEqual([]);
    // Each wide image is capped at the text width (a square of it), so two need two pages.
    expect(pdf.numPages).toBe(2);
    expect(pdf.pages.at(-1)!.text).toContain('After the images.');
  });

  it('draws an SVG\'s inline base64 images and never opens a file an SVG names, whatever reached the writer', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bp-svg-'));
    const png = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';
    writeFileSync(join(dir, 'secret.png'), Buffer.from(png, 'base64'));
    const svg = (image: string) => new TextEncoder().encode(`<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">${image}</svg>`);
    const node = (data: Uint8Array): Block => ({ type: 'image', data, format: 'svg', pixelWidth: 10, pixelHeight: 10, alt: 'logo' });
    const images = async (image: string) => Buffer.from((await writePdf(doc([node(svg(image))]), theme)).bytes).toString('latin1').split('/Subtype /Image').length - 1;
    expect(await images(`<image href="data:image/png;base64,${png}" width="10" height="10"/>`)).toBeGreaterThan(0);
    // An href hidden from a check that reads attributes as text, a path, a "data:" that is a path.
    const warn = vi.spyOn(console, 'warn');
    for (const image of [
      `<image href="${join(dir, 'secret.png')}" width="10" height="10"/>`,
      `<image a=' href="#x' href="${join(dir, 'secret.png')}" b='"' width="10" height="10"/>`,
      `<image href="data:x/../${join(dir, 'secret.png')}" width="10" height="10"/>`,
    ]) {
      expect(await images(image), image).toBe(0);
    }
    // The renderer's own warnings, which would print the SVG's text to the terminal unescaped.
    expect(warn).not.toHaveBeenCalled();
    warn.mockRestore();
  });

  it('reports an image it cannot read and prints its description instead', async () => {
    const { written, pdf } = await render([{ type: 'image', data: new Uint8Array([1, 2, 3]), format: 'png', pixelWidth: 10, pixelHeight: 10, alt: 'Broken logo' }]);
    expect(written.diagnostics.map((d) => d.code)).toEqual(['ImageNotRendered']);
    expect(pdf.pages[0]!.text).toContain('[Broken logo]');
  });

  it('forces page breaks, numbers ordered lists from their start and warns about dangling references', async () => {
    const { written, pdf } = await render([
      para(t('First page.')),
      { type: 'pageBreak' },
      { type: 'list', ordered: true, start: 7, items: [{ children: [para(t('Seventh'))] }, { children: [para(t('Eighth'))] }] },
      para({ type: 'crossReference', target: 'nowhere', children: [t('see nowhere')] }, { type: 'footnoteReference', id: 'missing' }),
      para({ type: 'link', url: 'javascript:alert(1)', children: [t('bad link')] }),
      { type: 'thematicBreak' },
      { type: 'pageBreak' },
    ]);
    expect(pdf.numPages).toBe(2);
    // pdfjs reads list markers after the item text.
    expect(pdf.pages[1]!.text).toMatch(/Seventh\s*7\./);
    expect(pdf.pages[1]!.text).toMatch(/Eighth\s*8\./);
    expect(pdf.pages[1]!.links).toEqual([]);
    expect(written.diagnostics.map((d) => d.code).sort()).toEqual(['UnknownFootnote', 'UnknownReference', 'UnsafeLink']);
  });

  it('numbers footnotes in order of first reference', async () => {
    const d = doc([
      para(t('A'), { type: 'footnoteReference', id: 'b' }, t(' B'), { type: 'footnoteReference', id: 'a' }, t(' again'), { type: 'footnoteReference', id: 'b' }),
    ]);
    const withNotes = { ...d, footnotes: { a: { id: 'a', children: [para(t('Note about a'))] }, b: { id: 'b', children: [para(t('Note about b'))] } } };
    const { bytes } = await writePdf(deepFreeze(withNotes), theme);
    const text = (await readPdf(bytes)).pages.map((p) => p.text).join('\n');
    expect(text).toMatch(/1\.\s*Note about b/);
    expect(text).toMatch(/2\.\s*Note about a/);
  });

  it('omits the marking when there is none', async () => {
    const { pdf } = await render([para(t('Plain.'))], { marking: undefined });
    expect(pdf.pages[0]!.text).toContain('Page 1 of 1');
    expect(pdf.pages[0]!.text).not.toContain('OFFICIAL');
  });

  it('writes a one-page file for an empty document', async () => {
    const { written, pdf } = await render([]);
    expect(written.pages).toBe(1);
    expect(pdf.numPages).toBe(1);
    expect(pdf.pages[0]!.text).toContain('Page 1 of 1');
  });
});


describe('heading ids that name built-in properties', () => {
  // pdfmake kept ids in arrays: a heading "At" or "Entries" (ids 'at', 'entries') failed the layout.
  it('lays out headings, contents and cross-references whatever the ids', async () => {
    const ids = ['at', 'map', 'entries', 'keys', 'length', 'constructor', 'to-string', 'has-own-property'];
    const { pdf } = await render([
      { type: 'tableOfContents', title: 'Contents', maxDepth: 1 },
      ...ids.flatMap((id): Block[] => [
        heading(id, `Section ${id}`),
        para(t('See '), { type: 'crossReference', target: ids[(ids.indexOf(id) + 1) % ids.length]!, children: [t('the next one')] }, t('.')),
      ]),
    ]);
    const text = pdf.pages.map((p) => p.text).join(' ');
    for (const id of ids) expect(text).toContain(`Section ${id}`);
    const links = pdf.pages.flatMap((p) => p.links).filter((l) => l.dest !== undefined);
    expect(links.length).toBeGreaterThanOrEqual(ids.length);
    expect(links.every((l) => l.resolved)).toBe(true);
  });
});

describe('a page limit', () => {
  // Fitting lays out attempts it throws away: their page count counts, their pages need not be written.
  const long = Array.from({ length: 30 }, (_, i) => [heading(`part-${i}`, `Part ${i}`), para(t(LOREM)), para(t(LOREM))]).flat();

  it('counts every page but writes only the first ones, and says so', async () => {
    const whole = await writePdf(deepFreeze(doc(long)), theme);
    const cut = await writePdf(deepFreeze(doc(long)), theme, { pageLimit: 2 });
    expect(whole.pages).toBeGreaterThan(2);
    expect(whole.truncated).toBeUndefined();
    expect(cut.pages).toBe(whole.pages);
    expect(cut.truncated).toBe(true);
    const pdf = await readPdf(cut.bytes);
    expect(pdf.numPages).toBe(2);
    expect(pdf.pages[0]!.text).toContain('Part 0');
  });

  it('changes nothing for a document within the limit', async () => {
    const short = [heading('only', 'Only part'), para(t(LOREM))];
    const plain = await writePdf(deepFreeze(doc(short)), theme);
    const limited = await writePdf(deepFreeze(doc(short)), theme, { pageLimit: 3 });
    expect(limited.truncated).toBeUndefined();
    expect(Buffer.from(limited.bytes).equals(Buffer.from(plain.bytes))).toBe(true);
  });
});
