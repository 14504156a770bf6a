// No code or template depends on a dataset: the names, titles, topics and meetings of both packs
// appear nowhere in src/ or templates/.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadContent } from '../../src/content/index.js';

const PACKS = ['data/eu-oewg-2024-07', 'tests/fixtures/packs/harbour-board'];

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : /\.(ts|hbs|json|yaml)$/.test(name) ? [path] : [];
  });
}

describe.each(PACKS)('strings of %s', (data) => {
  const content = loadContent(data);
  const p = content.pack;
  const strings = [
    p.title,
    p.shortTitle,
    p.meeting.name,
    p.meeting.body,
    p.meeting.venue,
    p.preparedFor.name,
    p.preparedBy.name,
    ...content.topics.flatMap((t) => [t.title, ...(t.aliases ?? [])]),
    ...content.topics.map((t) => t.id).filter((id) => id.length > 3 && !['report', 'norms', 'threats'].includes(id)),
    ...content.people.map((x) => x.name),
    ...content.sources.map((s) => s.title),
  ].filter((s): s is string => typeof s === 'string' && s.trim().length >= 4);

  it('are in neither src/ nor templates/', () => {
    expect(strings.length).toBeGreaterThan(10);
    const found: string[] = [];
    for (const file of [...files('src'), ...files('templates')]) {
      const text = readFileSync(file, 'utf8').toLowerCase();
      for (const s of strings) if (new RegExp(`(^|[^a-z0-9])${s.toLowerCase().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^a-z0-9])`).test(text)) found.push(`${file}: ${s}`);
    }
    expect(found).toEqual([]);
  });
});
