// Tagged PDF as poppler and qpdf see it, for every document of the bundled pack and the combined
// PDF: poppler reads the structure tree (pdfinfo -struct-text), and the decompressed content
// streams show no text drawn outside marked content. Fails, not skips, when a program is missing.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixedEnv } from '../../src/env.js';
import { generate } from '../../src/pack/index.js';
import { readTags } from '../helpers/tags.js';

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
  text: string;
}

/** pdfinfo -struct-text's indented tree: `Role (block)` lines, quoted text, attribute lines. */
function parseStructText(out: string): Element {
  const root: Element = { role: 'StructTreeRoot', children: [], text: '' };
  const stack: { indent: number; el: Element }[] = [{ indent: -1, el: root }];
  for (const line of out.split('\n')) {
    if (!line.trim()) continue;
    const indent = line.length - line.trimStart().length;
    const body = line.trim();
    while (stack.length > 1 && stack.at(-1)!.indent >= indent) stack.pop();
    const parent = stack.at(-1)!.el;
    if (body.startsWith('"')) parent.text += body.slice(1, -1);
    else if (/^[A-Z][A-Za-z0-9]*(:| \(|$)/.test(body)) {
      const el: Element = { role: body.split(/[ :]/)[0]!, children: [], text: '' };
      parent.children.push(el);
      stack.push({ indent, el });
    }
  }
  return root;
}

const all = (el: Element): Element[] => [el, ...el.children.flatMap(all)];
const textOf = (el: Element): string => el.text + el.children.map(textOf).join('');
const squeeze = (s: string) => s.replace(/\s+/g, '');

/** Text-showing operators outside BDC/BMC … EMC in the page content streams (qpdf's QDF form). */
function textOperators(pdf: string, dir: string): { shown: number; outside: number } {
  const qdf = join(dir, 'qdf.pdf');
  run('qpdf', ['--qdf', '--object-streams=disable', pdf, qdf]);
  const raw = readFileSync(qdf, 'latin1');
  let outside = 0;
  let shown = 0;
  for (const [, stream] of raw.matchAll(/%% Contents for page \d+\n(?:%%[^\n]*\n)*\d+ 0 obj\n<<[\s\S]*?>>\nstream\n([\s\S]*?)endstream/g)) {
    let depth = 0;
    for (const line of stream!.split('\n')) {
      const op = line.trim().split(/\s+/).at(-1);
      if (op === 'BDC' || op === 'BMC') depth++;
      else if (op === 'EMC') depth--;
      else if (op === 'Tj' || op === 'TJ' || op === "'" || op === '"') {
        shown++;
        if (depth <= 0) outside++;
      }
    }
  }
  return { shown, outside };
}

const dir = mkdtempSync(join(tmpdir(), 'briefpack-tags-'));
const files: string[] = [];

beforeAll(async () => {
  const result = await generate(
    { data: 'data/eu-oewg-2024-07', out: dir, formats: ['pdf'], length: 'full', combined: true },
    fixedEnv(new Date('2024-07-01T09:00:00Z')),
  );
  // The manifest lists every file written, the combined PDF included.
  expect(result.written.length).toBeGreaterThan(0);
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { files: { file: string }[] };
  files.push(...manifest.files.filter((f) => f.file.endsWith('.pdf')).map((f) => join(dir, f.file)));
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
    }
  });

  it('has the structure poppler reads: headings as the outline, TH in tables, Lbl and LBody in items, no furniture', async () => {
    let markings = 0;
    for (const file of files) {
      const tree = parseStructText(run('pdfinfo', ['-struct-text', file]));
      const elements = all(tree);
      expect(tree.children.map((c) => c.role), file).toEqual(['Document']);
      // Headings in order and at the outline's levels (a cover's title heading is not in the outline).
      const tags = await readTags(readFileSync(file));
      const outline = tags.outline.map((o) => `H${o.depth} ${squeeze(o.title)}`);
      const headings = elements.filter((e) => /^H[1-6]$/.test(e.role)).map((e) => `${e.role} ${squeeze(textOf(e))}`);
      expect(headings.filter((h) => outline.includes(h)), file).toEqual(outline);
      expect(headings.length - outline.length, file).toBeLessThanOrEqual(files.length);
      for (const table of elements.filter((e) => e.role === 'Table')) {
        expect(table.children[0]?.children.every((c) => c.role === 'TH'), file).toBe(true);
      }
      for (const li of elements.filter((e) => e.role === 'LI')) expect(li.children.map((c) => c.role), file).toEqual(['Lbl', 'LBody']);
      // The running header and footer are artifacts: no "Page n of m" and no marking in the tree.
      const text = squeeze(textOf(tree));
      expect(text, file).not.toMatch(/Page\d+of\d+/);
      // A marking prints first and last on every page.
      const lines = run('pdftotext', ['-l', '1', file, '-']).split('\n').map((l) => l.trim()).filter((l) => l && l !== '\f');
      if (lines.length > 1 && lines[0] === lines.at(-1)) {
        markings++;
        expect(text, file).not.toContain(squeeze(lines[0]!));
      }
    }
    expect(markings).toBeGreaterThan(0);
  });

  it('has a Figure with alt text for every image', async () => {
    for (const file of files) {
      const images = run('pdfimages', ['-list', file]).trim().split('\n').slice(2).filter((l) => /\bimage\b/.test(l)).length;
      const tags = await readTags(readFileSync(file));
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

describe('PDF/A-2b through the pack (--pdf-standard a-2b)', () => {
  it('writes every PDF with the PDF/A identification and output intent, tagged, passing qpdf --check', async () => {
    const out = mkdtempSync(join(tmpdir(), 'briefpack-pdfa-'));
    const result = await generate(
      { data: 'data/eu-oewg-2024-07', out, formats: ['pdf'], documents: ['annex', 'handout'], pdfStandard: 'a-2b' },
      fixedEnv(new Date('2024-07-01T09:00:00Z')),
    );
    const pdfs = result.files.filter((f) => f.file.endsWith('.pdf')).map((f) => join(out, f.file));
    expect(pdfs).toHaveLength(2);
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
      // Every font embedded (PDF/A forbids referring to fonts outside the file).
      const fonts = run('pdffonts', [file]).trim().split('\n').slice(2);
      for (const row of fonts) expect(row, file).toMatch(/\byes\s+yes\s+yes\b/);
    }
  }, 120_000);
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
