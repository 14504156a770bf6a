// A document's bytes are its own: the same PDF and DOCX whether it is rendered alone (--doc), after
// the other documents of a whole-pack run, or for one recipient in a batch on worker threads. The
// fonts are parsed once per process and shared (src/write/pdf/fonts.ts); nothing one document
// draws may reach another. One pack types 'ﬁ', 'ﬂ' and the Ohm sign in its first document: fontkit
// draws them with the same glyphs as f+i, f+l and Omega, which later documents use.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { build, cli, PACKS, packWithHandout, tempDir } from '../delivery/helpers.js';
import { packWithLigatures } from '../fixtures/ligature-pack.js';

interface Entry {
  readonly document: string;
  readonly format: string;
  readonly sha256: string;
  readonly options: { readonly recipient: string | null };
}

const FORMATS = 'pdf,docx';
const key = (e: Entry) => `${e.document}.${e.format}${e.options.recipient === null ? '' : ` for ${e.options.recipient}`}`;

function generate(args: readonly string[]): Map<string, string> {
  const out = tempDir('bp-bytes-');
  const run = cli(['generate', '--out', out, '--format', FORMATS, ...args]);
  expect(run.code, run.stderr).toBe(0);
  const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as { files: Entry[] };
  return new Map(manifest.files.map((e) => [key(e), e.sha256]));
}

beforeAll(build, 120_000);

const packs = { ...PACKS, ligatures: 'ligatures' } as const;

describe.each(Object.keys(packs))('%s pack: same bytes whatever the company', (name) => {
  let data: string;
  let whole: Map<string, string>;

  beforeAll(() => {
    data = name === 'ligatures' ? packWithLigatures() : packs[name as keyof typeof PACKS];
    whole = generate(['--data', data]);
  });

  it('renders every document alone to the bytes it has in the whole pack', () => {
    const documents = [...new Set([...whole.keys()].map((k) => k.split('.')[0]!))];
    expect(documents.length).toBeGreaterThan(1);
    // In reverse, so each document comes first in its own run and last-but-none in the whole one.
    for (const document of documents.reverse()) {
      const alone = generate(['--data', data, '--doc', document]);
      expect(alone.size).toBe(2);
      for (const [file, sha] of alone) expect(sha, file).toBe(whole.get(file));
    }
  });

  it('renders a recipient in a batch on worker threads to the bytes it has alone', () => {
    const pack = packWithHandout(data);
    const list = join(tempDir('bp-list-'), 'list.csv');
    // The first two go to the two workers first; whatever follows on either comes after a ligature.
    const names = ['Délégation ﬁnlandaise Ω', 'Bureau ﬂamand Ω', 'Office of files', 'Final flow reader'];
    writeFileSync(list, `id,name\n${names.map((n, i) => `${i},${n}`).join('\n')}\n`);
    const batch = generate(['--data', pack, '--for', list]);
    expect(batch.size).toBe(names.length * 2);
    for (const recipient of names.slice(2)) {
      // One name alone also makes the internal documents for that reader; the batch only public ones.
      const alone = [...generate(['--data', pack, '--for', recipient])].filter(([file]) => batch.has(file));
      expect(alone.map(([file]) => file).sort()).toEqual([`handout.docx for ${recipient}`, `handout.pdf for ${recipient}`]);
      for (const [file, sha] of alone) expect(sha, file).toBe(batch.get(file));
    }
  });
});
