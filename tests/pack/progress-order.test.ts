// Progress is told as each document is laid out, not once every document is: a long pack printed
// its lines all at once at the end ("[1/4] steering-full 13 pages 9.4 s", then "0.0 s" for the rest).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it, vi } from 'vitest';

const events: string[] = [];

vi.mock('../../src/pack/execute/job.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/pack/execute/job.js')>();
  return {
    ...real,
    startJobFiles: async (...args: Parameters<typeof real.startJobFiles>) => {
      events.push(`start ${args[0].base}`);
      return real.startJobFiles(...args);
    },
  };
});

const { generate } = await import('../../src/index.js');

describe('progress of a pack', () => {
  it('reports each document, with its pages, before the next one is started', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'bp-progress-')), 'out');
    await generate({
      data: resolve('tests/fixtures/packs/town-council'),
      out,
      formats: ['pdf', 'docx'],
      onDocument: (d) => events.push(`done ${d.base} ${d.pages === null ? '' : 'pages'} ${d.done}/${d.total}`),
    });
    const starts = events.filter((e) => e.startsWith('start '));
    expect(starts.length).toBeGreaterThan(1);
    expect(events).toEqual(starts.flatMap((s, i) => [s, `done ${s.slice(6)} pages ${i + 1}/${starts.length}`]));
  });
});
