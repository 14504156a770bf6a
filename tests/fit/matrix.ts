// Rendered page budgets: shared set-up for the per-pack budget tests. Renders in-process, PDF only,
// once per combination; every assertion about a combination reads the same render.
import { expect } from 'vitest';
import { loadContent } from '../../src/content/index.js';
import type { Content } from '../../src/content/schema.js';
import { fixedEnv } from '../../src/env.js';
import { planJobs, renderJob, type Rendered } from '../../src/pack/index.js';
import type { Services } from '../../src/pack/compose/build.js';
import { loadTemplates } from '../../src/template/index.js';
import { loadTheme } from '../../src/theme/index.js';
import { readPdf } from '../helpers/pdf.js';
import { priorityViolations } from '../helpers/view.js';

export const PACKS = { bundled: 'data/eu-oewg-2024-07', fictional: 'tests/fixtures/packs/harbour-board', council: 'tests/fixtures/packs/town-council' } as const;

export function setUp(data: string): { content: Content; services: Services; folder: string } {
  const templates = loadTemplates();
  return { content: loadContent(data), services: { templates, theme: loadTheme(), env: fixedEnv(new Date('2024-07-01T09:00:00Z')) }, folder: templates.folder };
}

export interface Case {
  readonly label: string;
  readonly focus: readonly string[];
  readonly length?: 'short' | 'standard' | 'full';
  readonly pages?: number;
}

const bare = (s: string) => s.replace(/\s+/g, '');

/** Renders a case to PDF and checks budget, focus and priority on the bytes and the view. */
export async function checkCase(setup: ReturnType<typeof setUp>, c: Case): Promise<Rendered> {
  const { content, services, folder } = setup;
  const [job] = planJobs(content, folder, { documents: ['steering'], topics: [...c.focus], ...(c.length ? { length: c.length } : {}), ...(c.pages ? { pages: c.pages } : {}) });
  const rendered = await renderJob(job!, ['pdf'], content, services);
  const bytes = rendered.outputs[0]!.written.bytes;
  const pdf = await readPdf(bytes);
  // The budget holds on the bytes, and the page count the manifest records is the real one.
  if (job!.budget !== undefined) expect(pdf.numPages, `${c.label}: pages`).toBeLessThanOrEqual(job!.budget);
  expect(rendered.outputs[0]!.written.pages).toBe(pdf.numPages);
  expect(priorityViolations(rendered.built.view, content)).toEqual([]);

  // The body text, read across pages: without the running header and footer (the outer bands of
  // the page) and without list numbers, which pdfjs puts where it likes.
  const body = (p: (typeof pdf.pages)[number]) => p.items.filter((i) => i.y > p.height * 0.08 && i.y < p.height * 0.92 && !/^\s*\d+\.\s*$/.test(i.str));
  const text = bare(pdf.pages.map((p) => body(p).map((i) => i.str).join('')).join(''));
  const view = rendered.built.view;
  if (c.focus.length) {
    const [id] = c.focus;
    const topic = content.topics.find((t) => t.id === id)!;
    // The title says what the focus is.
    expect(text).toContain(bare(topic.title));
    expect(String(pdf.info.Title)).toContain(topic.title);
    // The focus topic's items the selection kept are printed.
    const shown = view.topics.flatMap((t) => [...t.positions, ...t.linesToTake, ...t.speakingPoints, ...t.defensiveQA, ...t.background]);
    for (const i of shown) {
      expect(text, `${c.label}: ${i.id}`).toContain(bare(i.headline));
      if (i.summary) expect(text, `${c.label}: ${i.id} summary`).toContain(bare(i.summary));
    }
    // Other topics print in brief: headlines only, never their summaries.
    for (const item of content.items.filter((i) => i.topics.length > 0 && !i.topics.includes(id!))) {
      if (item.summary) expect(text, `${c.label}: other ${item.id} summary`).not.toContain(bare(item.summary));
    }
  }
  return rendered;
}
