// Tagged PDF as poppler and qpdf see it, for every document of the bundled pack and the combined
// PDF: poppler reads the structure tree (pdfinfo -struct-text), and the decompressed content
// streams show no text drawn outside marked content. Fails, not skips, when a program is missing.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadContent } from '../../src/content/index.js';
import { fixedEnv } from '../../src/env.js';
import { generate } from '../../src/pack/index.js';
import { elements as tagged, headings as taggedHeadings, readTags, type TaggedPdf } from '../helpers/tags.js';

const run = (program: string, args: string[]): string => {
  try {
    return execFileSync(program, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000, maxBuffer: 64 << 20 });
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    if (e.code === 'ENOENT') throw new Error(`${program} is not installed: apt-get install poppler-utils qpdf`);
    throw error;
  }
};

interface Element {
  readonly role: string;
  readonly children: Element[];
  /** Attribute lines poppler prints under the element, e.g. `/Scope /Column`. */
  readonly attributes: string[];
  text: string;
}

/** pdfinfo -struct-text's indented tree: `Role (block)` lines, quoted text, attribute lines. */
function parseStructText(out: string): Element {
  const root: Element = { role: 'StructTreeRoot', children: [], attributes: [], text: '' };
  const stack: { indent: number; el: Element }[] = [{ indent: -1, el: root }];
  for (const line of out.split('\n')) {
    if (!line.trim()) continue;
    const indent = line.length - line.trimStart().length;
    const body = line.trim();
    while (stack.length > 1 && stack.at(-1)!.indent >= indent) stack.pop();
    const parent = stack.at(-1)!.el;
    if (body.startsWith('"')) parent.text += body.slice(1, -1);
    else if (body.startsWith('/')) parent.attributes.push(body);
    else if (/^[A-Z][A-Za-z0-9]*(:| \(|$)/.test(body)) {
      const el: Element = { role: body.split(/[ :]/)[0]!, children: [], attributes: [], text: '' };
      parent.children.push(el);
      stack.push({ indent, el });
    }
  }
  return root;
}

const all = (el: Element): Element[] => [el, ...el.children.flatMap(all)];
const textOf = (el: Element): string => el.text + el.children.map(textOf).join('');
const squeeze = (s: string) => s.replace(/\s+/g, '');

const TEXT = new Set(['Tj', 'TJ', "'", '"']);
const PAINT = new Set([...TEXT, 'f', 'F', 'f*', 'S', 's', 'B', 'B*', 'b', 'b*', 'Do', 'sh', 'BI']);

/**
 * Text-showing operators, and all painting operators (text, paths, images, shadings), outside
 * BDC/BMC … EMC in the page content streams (qpdf's QDF form).
 */
function textOperators(pdf: string, dir: string): { shown: number; outside: number; painted: number; paintedOutside: number } {
  const qdf = join(dir, 'qdf.pdf');
  run('qpdf', ['--qdf', '--object-streams=disable', pdf, qdf]);
  const raw = readFileSync(qdf, 'latin1');
  let outside = 0;
  let shown = 0;
  let painted = 0;
  let paintedOutside = 0;
  for (const [, stream] of raw.matchAll(/%% Contents for page \d+\n(?:%%[^\n]*\n)*\d+ 0 obj\n<<[\s\S]*?>>\nstream\n([\s\S]*?)endstream/g)) {
    let depth = 0;
    for (const line of stream!.split('\n')) {
      const op = line.trim().split(/\s+/).at(-1);
      if (op === 'BDC' || op === 'BMC') depth++;
      else if (op === 'EMC') depth--;
      else if (PAINT.has(op!)) {
        painted++;
        if (depth <= 0) paintedOutside++;
        if (TEXT.has(op!)) {
          shown++;
          if (depth <= 0) outside++;
        }
      }
    }
  }
  return { shown, outside, painted, paintedOutside };
}

const DATA = 'data/eu-oewg-2024-07';
const MARKING = 'OFFICIAL-SENSITIVE';
const dir = mkdtempSync(join(tmpdir(), 'briefpack-tags-'));
const files: string[] = [];
/** Each file as pdf.js reads it, and its catalogue and pages as qpdf writes them out. */
const read = new Map<string, { tags: TaggedPdf; qdf: string; pages: number }>();

beforeAll(async () => {
  const result = await generate(
    { data: DATA, out: dir, formats: ['pdf'], length: 'full', combined: true, marking: MARKING },
    fixedEnv(new Date('2024-07-01T09:00:00Z')),
  );
  // The manifest lists every file written, the combined PDF included.
  expect(result.written.length).toBeGreaterThan(0);
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { files: { file: string }[] };
  files.push(...manifest.files.filter((f) => f.file.endsWith('.pdf')).map((f) => join(dir, f.file)));
  for (const [i, file] of files.entries()) {
    const qdf = join(dir, `read-${i}.qdf`);
    run('qpdf', ['--qdf', '--object-streams=disable', file, qdf]);
    const tags = await readTags(readFileSync(file));
    read.set(file, { tags, qdf: readFileSync(qdf, 'latin1'), pages: tags.pages.length });
  }
}, 240_000);

describe('tagged PDF as poppler and qpdf read it', () => {
  it('covers every bundled document and the combined PDF', () => {
    expect(files.length).toBeGreaterThanOrEqual(5);
    expect(files.some((f) => f.includes('combined'))).toBe(true);
  });

  it('is tagged, passes qpdf --check, and draws no text outside marked content', () => {
    for (const file of files) {
      expect(run('pdfinfo', [file]), file).toMatch(/Tagged:\s+yes/);
      expect(run('qpdf', ['--check', file]), file).toContain('No syntax or stream encoding errors');
      const ops = textOperators(file, dir);
      expect(ops.shown, file).toBeGreaterThan(100);
      expect(ops.outside, file).toBe(0);
      // Rules, borders, shading and images too: every piece of content is tagged or an artifact.
      expect(ops.paintedOutside, file).toBe(0);
    }
  });

  it('has the structure poppler reads: headings as the outline, TH in tables, Lbl and LBody in items, no furniture', async () => {
    for (const file of files) {
      const tree = parseStructText(run('pdfinfo', ['-struct-text', file]));
      const elements = all(tree);
      expect(tree.children.map((c) => c.role), file).toEqual(['Document']);
      // Headings in order and at the outline's levels: the title on the cover or first page (an H1,
      // the start of the file's title, not in the outline), then exactly the outline's headings.
      const { tags } = read.get(file)!;
      const outline = tags.outline.map((o) => `H${o.depth} ${squeeze(o.title)}`);
      const headings = elements.filter((e) => /^H[1-6]$/.test(e.role)).map((e) => `${e.role} ${squeeze(textOf(e))}`);
      expect(outline.length, file).toBeGreaterThan(2);
      expect(headings[0], file).toMatch(/^H1 /);
      const title = run('pdfinfo', [file]).match(/^Title:\s+(.*)$/m)?.[1] ?? '';
      expect(squeeze(title).startsWith(headings[0]!.slice(3)), file).toBe(true);
      expect(headings.slice(1), file).toEqual(outline);
      // pdf.js reads the same headings.
      expect(taggedHeadings(tags).map((h) => `${h.role} ${squeeze(h.text)}`), file).toEqual(headings);
      for (const table of elements.filter((e) => e.role === 'Table')) {
        expect(table.children[0]?.children.every((c) => c.role === 'TH'), file).toBe(true);
        // Header cells name their scope (Matterhorn 15-003).
        for (const th of table.children.flatMap((r) => r.children).filter((c) => c.role === 'TH')) expect(th.attributes, file).toContain('/Scope /Column');
      }
      for (const list of elements.filter((e) => e.role === 'L')) expect(list.children.every((c) => c.role === 'LI'), file).toBe(true);
      for (const li of elements.filter((e) => e.role === 'LI')) expect(li.children.map((c) => c.role), file).toEqual(['Lbl', 'LBody']);
      // The running header and footer are artifacts: no "Page n of m" and no marking in the tree.
      const text = squeeze(textOf(tree));
      expect(text, file).not.toMatch(/Page\d+of\d+/);
      // The run's marking (an artifact on every page: see below) is never in the structure.
      expect(text, file).not.toContain(squeeze(MARKING));
    }
  });

  it('has a Figure with alt text for every image', () => {
    for (const file of files) {
      const images = run('pdfimages', ['-list', file]).trim().split('\n').slice(2).filter((l) => /\bimage\b/.test(l)).length;
      const { tags } = read.get(file)!;
      const figures = tags.pages.flatMap((p) => {
        const out: { alt?: string }[] = [];
        const visit = (n: { role: string; alt?: string; children: readonly unknown[] } | null) => {
          if (!n) return;
          if (n.role === 'Figure') out.push(n);
          n.children.forEach((c) => visit(c as typeof n));
        };
        visit(p.tree);
        return out;
      });
      expect(figures.length, file).toBeGreaterThanOrEqual(images > 0 ? 1 : 0);
      for (const figure of figures) expect(figure.alt?.trim(), file).toBeTruthy();
    }
  });
});

describe('every structure point, on every bundled document and the combined PDF', () => {
  const locale = loadContent(DATA).pack.locale;
  const count = (raw: string, pattern: RegExp) => raw.match(pattern)?.length ?? 0;
  /** The objects of a QDF file, each as written between `n 0 obj` and `endobj`. */
  const objects = (qdf: string) => qdf.split(/\n\d+ 0 obj\n/).slice(1).map((o) => o.slice(0, o.indexOf('\nendobj')));
  const byRole = (tags: TaggedPdf, role: string) => tags.pages.flatMap((p) => tagged(p.tree)).filter((e) => e.role === role);

  it('is marked, with a structure tree and its parent tree, the language, tab order on every page and the title shown', () => {
    for (const file of files) {
      const { tags, qdf, pages } = read.get(file)!;
      expect(tags.markInfo?.Marked, file).toBe(true);
      expect(tags.language, file).toBe(locale);
      const catalogue = qdf.match(/<<\s*(?:\/[A-Za-z]+ [^\n]*\n\s*)*\/Type \/Catalog\s*(?:\/[A-Za-z]+ [^\n]*\n\s*)*>>/)?.[0] ?? '';
      expect(catalogue, file).toMatch(/\/StructTreeRoot \d+ 0 R/);
      expect(catalogue, file).toMatch(new RegExp(`/Lang \\(${locale}\\)`));
      expect(catalogue, file).toMatch(/\/MarkInfo \d+ 0 R/);
      expect(qdf, file).toMatch(/\/ParentTree <</);
      expect(qdf, file).toMatch(/\/ParentTreeNextKey \d+/);
      expect(qdf, file).toContain('/DisplayDocTitle true');
      expect(count(qdf, /\/Type \/Page\n/g), file).toBe(pages);
      expect(count(qdf, /\/Tabs \/S\n/g), file).toBe(pages);
    }
  });

  it('puts every marked-content sequence in an artifact or an element that owns it (pdf.js)', () => {
    for (const file of files) {
      const { tags } = read.get(file)!;
      const zero = tags.pages.map(() => 0);
      expect(tags.pages.map((p) => p.textOutsideMarkedContent), file).toEqual(zero);
      expect(tags.pages.map((p) => p.orphanSequences), file).toEqual(zero);
      expect(tags.pages.map((p) => p.unownedIds), file).toEqual(zero);
      expect(tags.pages.every((p) => p.tree !== null), file).toBe(true);
    }
  });

  it('reads each page in the order it is drawn: every paragraph, heading, cell and contents entry in turn', () => {
    let elementsRead = 0;
    for (const file of files) {
      const { tags } = read.get(file)!;
      tags.pages.forEach((page, i) => {
        // One column, drawn top to bottom in the model's order: each element's text is found in the
        // drawn text after the one before it (a list's label, drawn after its item's first line, aside).
        const drawn = squeeze(page.drawnText);
        let at = 0;
        for (const element of tagged(page.tree).filter((e) => /^(P|H[1-6]|TH|TD|TOCI)$/.test(e.role))) {
          const text = squeeze(element.fullText);
          if (!text) continue;
          const found = drawn.indexOf(text, at);
          expect(found, `${file}, page ${i + 1}: ${element.role} "${text.slice(0, 40)}" after "${drawn.slice(at, at + 40)}"`).toBeGreaterThanOrEqual(0);
          at = found + text.length;
          elementsRead++;
        }
      });
    }
    expect(elementsRead).toBeGreaterThan(500);
  });

  it('draws the marking, running header and page numbers as artifacts on every page, never in the structure', () => {
    for (const file of files) {
      const { tags, pages, qdf } = read.get(file)!;
      // Pagination artifacts (PDF 32000-1, 14.8.2.2), the marking's two on every page at least.
      expect(count(qdf, /\/Artifact <<\n\/Type \/Pagination\n/g), file).toBeGreaterThanOrEqual(2 * pages);
      let numbered = 0;
      tags.pages.forEach((page, i) => {
        const where = `${file}, page ${i + 1}`;
        const artifacts = squeeze(page.artifactText);
        expect(artifacts.split(squeeze(MARKING)).length - 1, where).toBe(2);
        expect(squeeze(page.taggedText), where).not.toContain(squeeze(MARKING));
        expect(squeeze(page.taggedText), where).not.toMatch(/Page\d+of\d+/);
        if (!artifacts.includes(`Page${i + 1}of${pages}`)) return;
        numbered++;
        // A numbered page's running header: the line after the marking.
        const lines = run('pdftotext', ['-f', String(i + 1), '-l', String(i + 1), file, '-']).split('\n').map((l) => l.trim()).filter(Boolean);
        expect(lines[0], where).toBe(MARKING);
        expect(artifacts, where).toContain(squeeze(lines[1]!));
      });
      expect(numbered, file).toBeGreaterThan(pages / 2);
    }
  });

  it('gives every link its annotation (OBJR), and every link annotation its element and a description', () => {
    let links = 0;
    for (const file of files) {
      const { tags, qdf } = read.get(file)!;
      const elements = byRole(tags, 'Link');
      links += elements.length;
      for (const link of elements) expect(link.annotations, `${file}: ${link.fullText}`).toBeGreaterThan(0);
      const annotations = objects(qdf).filter((o) => /\/Subtype \/Link\n/.test(o));
      expect(annotations.length, file).toBe(count(qdf, /\/Subtype \/Link\n/g));
      expect(annotations.length, file).toBeGreaterThanOrEqual(elements.length);
      for (const a of annotations) {
        expect(a, file).toMatch(/\/StructParent \d+/);
        expect(a, file).toMatch(/\/Contents [(<]/);
      }
    }
    expect(links).toBeGreaterThan(100);
  });

  it('tags note markers as Reference and the notes as Note with unique IDs in the ID tree', () => {
    let notes = 0;
    for (const file of files) {
      const { tags, qdf } = read.get(file)!;
      const references = byRole(tags, 'Reference');
      const elements = byRole(tags, 'Note');
      for (const r of references) expect(r.fullText.trim(), file).toMatch(/^\d+$/);
      // A file with note markers has notes, and one without has none.
      expect(references.length > 0, file).toBe(elements.length > 0);
      const noteObjects = objects(qdf).filter((o) => /\/S \/Note\n/.test(o));
      const ids = noteObjects.map((o) => o.match(/\/ID \(([^)]*)\)/)?.[1]).filter((id) => id !== undefined);
      expect(ids.length, file).toBe(count(qdf, /\/S \/Note\n/g));
      expect(new Set(ids).size, file).toBe(ids.length);
      const tree = qdf.match(/\/IDTree <<\s*\/Names \[([^\]]*)\]/)?.[1] ?? '';
      expect([...tree.matchAll(/\(([^)]*)\)/g)].map((m) => m[1]).sort(), file).toEqual([...ids].sort());
      notes += ids.length;
    }
    expect(notes).toBeGreaterThan(10);
  });

  it('tags each contents list as TOC with one TOCI per top-level outline entry', () => {
    let lists = 0;
    for (const file of files) {
      const { tags } = read.get(file)!;
      for (const toc of byRole(tags, 'TOC')) {
        lists++;
        expect(toc.children.every((e) => e.role === 'TOCI'), file).toBe(true);
        const top = tags.outline.filter((o) => o.depth === 1).map((o) => squeeze(o.title));
        expect(toc.children.map((e) => squeeze(e.fullText).replace(/\d+$/, '')), file).toEqual(top);
      }
    }
    // The steering brief's and the combined PDF's.
    expect(lists).toBeGreaterThanOrEqual(2);
  });
});

describe('PDF/A-2b through the pack (--pdf-standard a-2b)', () => {
  it('writes every PDF, the combined one too, with the PDF/A identification and output intent, tagged, passing qpdf --check', async () => {
    const out = mkdtempSync(join(tmpdir(), 'briefpack-pdfa-'));
    const result = await generate(
      { data: DATA, out, formats: ['pdf'], pdfStandard: 'a-2b', combined: true },
      fixedEnv(new Date('2024-07-01T09:00:00Z')),
    );
    const pdfs = result.files.filter((f) => f.file.endsWith('.pdf')).map((f) => join(out, f.file));
    // Every bundled document and the combined PDF.
    expect(pdfs.length).toBe(files.length);
    expect(pdfs.some((f) => f.includes('combined'))).toBe(true);
    for (const file of pdfs) {
      const meta = run('pdfinfo', ['-meta', file]);
      expect(meta, file).toMatch(/<pdfaid:part>2<\/pdfaid:part>/);
      expect(meta, file).toMatch(/<pdfaid:conformance>B<\/pdfaid:conformance>/);
      expect(run('pdfinfo', [file]), file).toMatch(/Tagged:\s+yes/);
      expect(run('qpdf', ['--check', file]), file).toContain('No syntax or stream encoding errors');
      const qdf = join(out, 'qdf.pdf');
      run('qpdf', ['--qdf', '--object-streams=disable', file, qdf]);
      const raw = readFileSync(qdf, 'latin1');
      expect(raw, file).toContain('/S /GTS_PDFA1');
      expect(raw, file).toContain('/DestOutputProfile');
      expect(raw, file).toContain('(sRGB IEC61966-2.1)');
      // Nothing transparent: no soft mask, no constant alpha below 1, no transparency group.
      expect(raw, file).not.toMatch(/\/SMask|\/(CA|ca) 0|\/S \/Transparency/);
      // Every font embedded (PDF/A forbids referring to fonts outside the file).
      const fonts = run('pdffonts', [file]).trim().split('\n').slice(2);
      for (const row of fonts) expect(row, file).toMatch(/\byes\s+yes\s+yes\b/);
    }
  }, 240_000);
});

describe('--pdf-standard on the command line', () => {
  const cli = (args: string[]) => {
    try {
      return { status: 0, out: execFileSync(process.execPath, ['dist/cli/main.js', ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 }) };
    } catch (error) {
      const e = error as { status: number; stderr: string };
      return { status: e.status, out: e.stderr };
    }
  };

  it('writes PDF/A-2a, and refuses a standard it does not know with exit 2', () => {
    const out = mkdtempSync(join(tmpdir(), 'briefpack-cli-pdfa-'));
    const ok = cli(['generate', '--data', 'data/eu-oewg-2024-07', '--doc', 'annex', '--format', 'pdf', '--out', out, '--pdf-standard', 'a-2a']);
    expect(ok.status).toBe(0);
    const pdf = join(out, 'annex-full.pdf');
    expect(run('pdfinfo', ['-meta', pdf])).toMatch(/<pdfaid:conformance>A<\/pdfaid:conformance>/);
    const bad = cli(['generate', '--data', 'data/eu-oewg-2024-07', '--doc', 'annex', '--format', 'pdf', '--out', out, '--pdf-standard', 'a-1b']);
    expect(bad.status).toBe(2);
    expect(bad.out).toMatch(/pdf-standard/);
  }, 120_000);
});
