// Well-formed output, as other programs read it: a pack with every class of code point (and
// --marking and a recipient name with characters XML forbids) gives PDFs that pass qpdf --check
// and DOCX files whose every XML part a strict parser (expat, through python3) accepts.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Rendered } from '../../src/pack/index.js';
import { renderEveryCodePoint } from '../fixtures/code-points.js';

const dir = mkdtempSync(join(tmpdir(), 'briefpack-xml-chars-'));
let rendered: Rendered[];

function run(program: string, args: string[], input?: string): { code: number; out: string } {
  try {
    return { code: 0, out: execFileSync(program, args, { encoding: 'utf8', input, stdio: ['pipe', 'pipe', 'pipe'], timeout: 60_000 }) };
  } catch (error) {
    const e = error as NodeJS.ErrnoException & { status?: number; stdout?: string; stderr?: string };
    if (e.code === 'ENOENT') throw new Error(`${program} is not installed: apt-get install qpdf python3`);
    return { code: e.status ?? -1, out: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

// Every .xml and .rels part of a DOCX, parsed by expat; prints one line per part that fails.
const EXPAT = `
import sys, zipfile, xml.parsers.expat
bad = []
with zipfile.ZipFile(sys.argv[1]) as z:
    for name in z.namelist():
        if name.endswith(('.xml', '.rels')):
            try:
                xml.parsers.expat.ParserCreate().Parse(z.read(name), True)
            except xml.parsers.expat.ExpatError as e:
                bad.append(f'{name}: {e}')
print('\\n'.join(bad) if bad else 'all parts well-formed')
`;

beforeAll(async () => {
  ({ rendered } = await renderEveryCodePoint());
}, 180_000);

describe('every class of code point, through both writers', () => {
  it('gives PDFs that pass qpdf --check', () => {
    for (const r of rendered) {
      const file = join(dir, `${r.job.base}.pdf`);
      writeFileSync(file, r.outputs.find((o) => o.format === 'pdf')!.written.bytes);
      const check = run('qpdf', ['--check', file]);
      expect(check.out, r.job.base).toContain('No syntax or stream encoding errors');
      expect(check.code, check.out).toBe(0);
    }
  });

  it('gives DOCX files whose every part a strict XML parser accepts', () => {
    for (const r of rendered) {
      const file = join(dir, `${r.job.base}.docx`);
      writeFileSync(file, r.outputs.find((o) => o.format === 'docx')!.written.bytes);
      const parsed = run('python3', ['-c', EXPAT, file]);
      expect(parsed.code, parsed.out).toBe(0);
      expect(parsed.out.trim(), r.job.base).toBe('all parts well-formed');
    }
  });
});
