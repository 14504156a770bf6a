// Well-formed output always: every class of code point, in pack fields and in --marking and a
// recipient name, goes through both writers. Characters XML 1.0 forbids are removed once, with a
// warning naming file, item and field; every DOCX part then parses as XML with none of them in
// it, and every other character reaches the DOCX unchanged. (qpdf and a strict XML parser check
// the same files in tests/interop/xml-chars.test.ts.)
import JSZip from 'jszip';
import sax from 'sax';
import { beforeAll, describe, expect, it } from 'vitest';
import { XML_FORBIDDEN } from '../../src/document/characters.js';
import type { Diagnostic } from '../../src/document/model.js';
import type { Content } from '../../src/content/index.js';
import type { Rendered } from '../../src/pack/index.js';
import { renderEveryCodePoint } from '../fixtures/code-points.js';

/** Every string in a value. */
const strings = (value: unknown): string[] =>
  typeof value === 'string' ? [value] : Array.isArray(value) ? value.flatMap(strings) : value && typeof value === 'object' ? Object.values(value).flatMap(strings) : [];

/** Whether the XML is well-formed, as a strict parser reads it: null, or the first error. */
function xmlError(xml: string): string | null {
  const parser = sax.parser(true);
  let error: string | null = null;
  parser.onerror = (e) => {
    error ??= e.message.split('\n')[0]!;
    parser.resume();
  };
  parser.write(xml).close();
  const forbidden = xml.match(XML_FORBIDDEN);
  return error ?? (forbidden ? `forbidden character U+${forbidden[0].charCodeAt(0).toString(16)}` : null);
}

async function docxParts(bytes: Uint8Array): Promise<Map<string, string>> {
  const zip = await JSZip.loadAsync(bytes);
  const parts = new Map<string, string>();
  for (const [name, file] of Object.entries(zip.files)) if (!file.dir && /\.(xml|rels)$/.test(name)) parts.set(name, await file.async('string'));
  return parts;
}

let content: Content;
let rendered: Rendered[];

beforeAll(async () => {
  ({ content, rendered } = await renderEveryCodePoint());
}, 120_000);

describe('loading a pack with every class of code point', () => {
  it('removes every character XML forbids, and nothing else', () => {
    const all = strings(content).join('\n');
    expect(all.match(XML_FORBIDDEN)).toBeNull();
    const item = content.items.find((i) => i.id === 'every-code-point')!;
    for (const kept of ['tab\there', '\x80\x85\x9b\x9f', '\x7f', '\ufdd0\ufdef\u{1fffe}\u{10ffff}', '\ue000\uf8ff\u{f0000}', 'e\u0301', '\u05d0\u05d1', '\u202eabc\u202c', '\u{1f469}\u200d\u{1f469}\u200d\u{1f467}', 'line\u2028next', 'para\u2029next']) {
      expect(item.headline).toContain(kept);
      expect(item.detail).toContain(kept);
    }
    expect(item.headline).toContain('c0:  / nonCharacterBmp:  / loneSurrogates:     /');
  });

  it('warns once per field, naming the file, line, item and field', () => {
    const warnings = content.warnings ?? [];
    const at = (path: string) => warnings.find((w) => w.message.includes(`${path}:`));
    const headline = at('items[0].headline')!;
    expect(headline).toMatchObject({ code: 'ForbiddenCharacters', severity: 'warning' });
    expect(headline.message).toContain("'every-code-point'");
    expect(headline.message).toContain('removed 14 characters XML cannot hold (U+0001, U+0002, U+0007, U+0008, U+000B, U+000C, U+001B, U+001F, U+FFFE, U+FFFF, U+D800, U+DBFF, U+DC00, U+DFFF)');
    expect(headline.source?.file).toMatch(/zz-code-points\.yaml$/);
    expect(headline.source?.line).toBe(6);
    for (const path of ['items[0].summary', 'items[0].detail', 'items[1].headline', 'glossary[0].term', 'glossary[0].definition', 'pack.title', 'pack.marking']) {
      expect(at(path), path).toBeDefined();
    }
    expect(at('pack.title')!.source?.file).toMatch(/pack\.yaml$/);
    expect(warnings.filter((w) => w.message.includes('items[0].kind'))).toEqual([]);
  });
});

describe('both writers, from that pack, --marking and a recipient name', () => {
  it('report what was removed from the options with every document', () => {
    const messages = (r: Rendered) => r.built.diagnostics.filter((d: Diagnostic) => d.code === 'ForbiddenCharacters').map((d) => d.message);
    expect(messages(rendered[0]!).some((m) => m.startsWith('--marking: removed 3 characters'))).toBe(true);
    expect(messages(rendered.at(-1)!).some((m) => m.startsWith('Recipient name (--for): removed 2 characters'))).toBe(true);
  });

  it('write DOCX parts that all parse as XML, with every other character kept', async () => {
    for (const r of rendered) {
      const docx = r.outputs.find((o) => o.format === 'docx')!.written;
      const parts = await docxParts(docx.bytes);
      for (const [name, xml] of parts) expect(xmlError(xml), `${r.job.base} ${name}`).toBeNull();
      const all = [...parts.values()].join('\n');
      if (r.job.request.marking) expect(all).toContain('RESTRICTED  \u202eX\u202c');
      if (r.job.request.recipient) expect(all).toContain('D\u00e9l\u00e9gation  \u05d0\u05d1 \u{1f44d}');
      if (r.job.spec.id === 'steering') {
        for (const kept of ['\u{1f469}\u200d\u{1f469}\u200d\u{1f467}', 'e\u0301', '\ufdd0', '\u{f0000}', '\u2028']) expect(all, JSON.stringify(kept)).toContain(kept);
      }
    }
  });

  it('write a PDF for every document', () => {
    for (const r of rendered) {
      const pdf = r.outputs.find((o) => o.format === 'pdf')!.written;
      expect(pdf.pages, r.job.base).toBeGreaterThan(0);
      expect(Buffer.from(pdf.bytes.subarray(0, 5)).toString()).toBe('%PDF-');
    }
  });
});
