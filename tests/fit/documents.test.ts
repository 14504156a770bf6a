// Every document kind of both packs keeps the page budget of its length: a one-page note is one
// page and a standard brief at most three, for the speaking notes (large type, a page per agenda
// item at full length) and the annex as for the steering brief. A length is a target, not a limit:
// a document that cannot reach it is kept at its shortest (the last trim step) with a warning
// naming it. Measured on the rendered PDF.
import { describe, expect, it } from 'vitest';
import { loadContent } from '../../src/content/index.js';
import { fixedEnv } from '../../src/env.js';
import { LENGTH_BUDGET, planJobs, renderJob } from '../../src/pack/index.js';
import { MAX_TRIM } from '../../src/select/index.js';
import { loadTemplates } from '../../src/template/index.js';
import { loadTheme } from '../../src/theme/index.js';
import { readPdf } from '../helpers/pdf.js';
import { PACKS } from './matrix.js';

const templates = loadTemplates();
const env = fixedEnv(new Date('2024-07-01T09:00:00Z'));

describe.each(Object.entries(PACKS))('%s pack: every document within its length\'s budget', (_name, data) => {
  const content = loadContent(data);
  const topic = content.topics[0]!.id;
  const cases = (['short', 'standard'] as const).flatMap((length) => [
    { label: `${length}`, length, topics: [] as string[] },
    { label: `${length}, focus ${topic}`, length, topics: [topic] },
  ]);
  it.each(cases)('$label', async ({ length, topics }) => {
    const jobs = planJobs(content, templates.folder, { length, topics });
    expect(jobs.map((j) => j.spec.id).sort()).toEqual(['annex', 'handout', 'speaking-notes', 'steering']);
    for (const job of jobs) {
      const theme = loadTheme(job.theme ?? 'default');
      const rendered = await renderJob(job, ['pdf'], content, { templates, theme, env });
      const pdf = await readPdf(rendered.outputs[0]!.written.bytes);
      if (pdf.numPages > LENGTH_BUDGET[length]!) {
        expect(rendered.trim, `${job.spec.id} at ${length}: over budget before its shortest`).toBe(MAX_TRIM);
        expect(rendered.built.diagnostics.map((d) => d.code), `${job.spec.id} at ${length}`).toContain('LengthNotMet');
      }
      // No page without body text: every page carries more than the marking, header and footer in its margins.
      const { top, bottom } = theme.page.margins;
      for (const [i, page] of pdf.pages.entries()) {
        const body = page.items.filter((item) => item.y > bottom * 0.8 && item.y < page.height - top * 0.8 && item.str.trim());
        expect(body.length, `${job.spec.id} at ${length}, page ${i + 1}`).toBeGreaterThan(0);
      }
    }
  }, 120_000);
});

describe('speaking notes at full length, a page per speech', () => {
  const packs = Object.values(PACKS);
  const cases = packs.flatMap((data) => [[], ...loadContent(data).topics.map((t) => [t.id])].map((focus) => ({ label: `${data} ${focus[0] ?? 'all'}`, data, focus })));
  it.each(cases)('$label: no page holds only the check-against-delivery line', async ({ data, focus }) => {
    const content = loadContent(data);
    const [job] = planJobs(content, templates.folder, { documents: ['speaking-notes'], length: 'full', topics: focus });
    const theme = loadTheme(job!.theme ?? 'default');
    const rendered = await renderJob(job!, ['pdf'], content, { templates, theme, env });
    const pdf = await readPdf(rendered.outputs[0]!.written.bytes);
    const caveat = rendered.built.markdown.includes('Check against delivery') ? 'Check against delivery' : '';
    const { top, bottom } = theme.page.margins;
    for (const [i, page] of pdf.pages.entries()) {
      const body = page.items.filter((item) => item.y > bottom * 0.8 && item.y < page.height - top * 0.8).map((item) => item.str).join('');
      expect(body.replace(caveat, '').trim(), `page ${i + 1}`).not.toBe('');
    }
  }, 120_000);
});
