// Page budgets on the rendered PDF for the fictional test packs (one with likelihoods, one that
// sets none): every topic, every length, --pages 1..3.
import { describe, it } from 'vitest';
import { checkCase, PACKS, setUp, type Case } from './matrix.js';

describe.each([PACKS.fictional, PACKS.council])('%s: page budgets and focus on the rendered PDF', (data) => {
  const setup = setUp(data);
  const focuses = [[], ...setup.content.topics.map((t) => [t.id])];
  const cases: Case[] = focuses.flatMap((focus) => [
    ...(['short', 'standard', 'full'] as const).map((length) => ({ label: `${focus[0] ?? 'all'} ${length}`, focus, length })),
    ...[1, 2, 3].map((pages) => ({ label: `${focus[0] ?? 'all'} --pages ${pages}`, focus, pages })),
  ]);
  it.each(cases.map((c) => [c.label, c] as const))('%s', async (_label, c) => {
    await checkCase(setup, c);
  });
});
