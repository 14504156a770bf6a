// The warm path keeps layouts and content between runs; what it hands back must be what a cold
// run makes, and a change must never be answered from what was kept.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fixedEnv } from '../../src/env.js';
import { generate, type GenerateRequest } from '../../src/pack/generate.js';
import { contentCache } from '../../src/warm/content.js';
import { keepWarmPath, leaveWarmPath } from '../../src/warm/index.js';
import { pageTexts } from '../helpers/pdf.js';

const ENV = fixedEnv(new Date(1720000000 * 1000));

function packCopy() {
  const folder = join(mkdtempSync(join(tmpdir(), 'briefpack-warm-')), 'harbour-board');
  cpSync('tests/fixtures/packs/harbour-board', folder, { recursive: true });
  return folder;
}

const bytesOf = async (request: GenerateRequest) => new Map(((await generate({ ...request, dryRun: true }, ENV)).pending ?? []).map((f) => [f.name, f.bytes]));

describe('warm path', () => {
  afterEach(() => leaveWarmPath());

  it('makes the same bytes as a cold run, and lays out nothing again when nothing changed', async () => {
    const data = packCopy();
    const request: GenerateRequest = { data, out: join(data, '..', 'out'), formats: ['pdf', 'docx'], topics: ['tarifs'] };
    const cold = await bytesOf(request);
    const warm = keepWarmPath();
    const first = await bytesOf(request);
    const misses = warm.layouts.stats.misses;
    const second = await bytesOf(request);
    expect(warm.layouts.stats.misses).toBe(misses);
    expect(warm.content.stats.hits).toBeGreaterThan(0);
    for (const made of [first, second]) {
      expect([...made.keys()]).toEqual([...cold.keys()]);
      for (const [name, bytes] of cold) expect(Buffer.from(made.get(name)!).equals(Buffer.from(bytes)), name).toBe(true);
    }
  });

  it('sees a changed file at once, even one saved within the same second and size', async () => {
    const data = packCopy();
    const request: GenerateRequest = { data, out: join(data, '..', 'out'), formats: ['pdf'], documents: ['handout'] };
    keepWarmPath();
    const before = await bytesOf(request);
    const file = join(data, 'items.yaml');
    const text = readFileSync(file, 'utf8');
    // Same length: only the content differs (and the file's modification time or inode).
    const changed = text.replace('Le chenal reste ouvert', 'Le chenal reste OUVERT');
    expect(changed.length).toBe(text.length);
    writeFileSync(file, changed);
    const after = await bytesOf(request);
    const [name] = [...after.keys()];
    expect((await pageTexts(after.get(name!)!)).join(' ')).toContain('OUVERT');
    expect((await pageTexts(before.get(name!)!)).join(' ')).not.toContain('OUVERT');
  });

  it('lays out every document again when a change reaches each, and nothing when the request comes again', async () => {
    const data = packCopy();
    const request: GenerateRequest = { data, out: join(data, '..', 'out'), formats: ['pdf'] };
    const warm = keepWarmPath();
    const all = await bytesOf(request);
    const misses = warm.layouts.stats.misses;
    // A marking prints on every document: each is laid out again, once.
    await bytesOf({ ...request, marking: 'RESTREINT' });
    expect(warm.layouts.stats.misses - misses).toBeGreaterThanOrEqual(all.size);
    const again = warm.layouts.stats.misses;
    await bytesOf({ ...request, marking: 'RESTREINT' });
    expect(warm.layouts.stats.misses).toBe(again);
  });

  it('lays out the file of a document whose preview tightened its spacing once, at that spacing: the same bytes as a cold run', async () => {
    // The bundled annex pulls back a short last page: found by trying tighter spacings, one layout each.
    const request: GenerateRequest = { data: 'data/eu-oewg-2024-07', out: 'unused', formats: ['pdf'], documents: ['annex'] };
    const cold = await bytesOf(request);
    const builder = (createRequire(import.meta.url)('pdfmake/js/LayoutBuilder.js') as { default: { prototype: Record<string, (...args: unknown[]) => unknown> } }).default.prototype;
    const layOut = builder.layoutDocument!;
    let layouts = 0;
    builder.layoutDocument = function (...args: unknown[]) {
      layouts++;
      return layOut.apply(this, args);
    };
    try {
      keepWarmPath();
      await generate({ ...request, dryRun: true, preview: true }, ENV);
      expect(layouts, 'the preview searched for its spacing').toBeGreaterThan(1);
      layouts = 0;
      const file = await bytesOf(request);
      expect(layouts).toBe(1);
      for (const [name, bytes] of cold) expect(Buffer.from(file.get(name)!).equals(Buffer.from(bytes)), name).toBe(true);
    } finally {
      builder.layoutDocument = layOut;
    }
  });

  it('reads again only the file that changed, and still checks references across files', () => {
    const data = packCopy();
    const cache = contentCache();
    const first = cache.load(data);
    expect(cache.stats).toMatchObject({ misses: 1, filesRead: 2, filesKept: 0 });
    expect(cache.load(data)).toBe(first);
    expect(cache.stats.hits).toBe(1);

    const items = join(data, 'items.yaml');
    const itemsText = readFileSync(items, 'utf8');
    writeFileSync(items, itemsText.replace('Le chenal reste ouvert', 'Le chenal reste OUVERT'));
    const edited = cache.load(data);
    expect(cache.stats).toMatchObject({ misses: 2, filesRead: 3, filesKept: 1 });
    expect(JSON.stringify(edited.items)).toContain('OUVERT');
    // The file not saved is the very one parsed before.
    expect(edited.topics).toEqual(first.topics);

    // Renaming a topic in pack.yaml breaks items.yaml's reference to it, though items.yaml is kept.
    const pack = join(data, 'pack.yaml');
    const packText = readFileSync(pack, 'utf8');
    writeFileSync(pack, packText.replace('- id: tarifs', '- id: redevances'));
    let problem: unknown;
    try {
      cache.load(data);
    } catch (error) {
      problem = error;
    }
    expect(cache.stats).toMatchObject({ filesRead: 4, filesKept: 2 });
    expect(problem).toMatchObject({ code: 'ContentInvalid' });
    const details = (problem as { details: { message: string; location: { file: string } }[] }).details;
    expect(details.some((d) => d.location.file.endsWith('items.yaml') && d.message.includes('tarifs'))).toBe(true);

    // Fixed: the pack loads again, with only pack.yaml read.
    writeFileSync(pack, packText);
    expect(cache.load(data).topics.map((t) => t.id)).toContain('tarifs');
    expect(cache.stats).toMatchObject({ filesRead: 5, filesKept: 3 });
  });
});
