// Broken packs: each problem comes back as a ContentError that says which file, line and field.
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadContent } from '../../src/content/index.js';
import { ContentError } from '../../src/errors.js';

const base = mkdtempSync(join(tmpdir(), 'briefpack-load-errors-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));

const PACK = `pack:
  title: Test pack
  meeting:
    name: Test meeting
    start: 2025-01-01
  preparedFor:
    name: Someone
  preparedBy:
    name: Someone else
  date: 2025-01-01
`;
const TOPICS = `topics:
  - id: alpha
    title: Alpha
sources:
  - id: s1
    title: A source
`;

let count = 0;
/** Writes a pack folder from file name → text and returns its path. */
function pack(files: Record<string, string>): string {
  const folder = join(base, `pack-${++count}`);
  mkdirSync(folder);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(folder, name), text);
  return folder;
}

function failure(folder: string): ContentError {
  try {
    loadContent(folder);
  } catch (error) {
    expect(error).toBeInstanceOf(ContentError);
    return error as ContentError;
  }
  throw new Error(`expected ${folder} to fail`);
}

describe('loadContent on broken packs', () => {
  it('loads the minimal good pack these cases start from', () => {
    const content = loadContent(pack({ 'pack.yaml': PACK, 'topics.yaml': TOPICS }));
    expect(content.topics.map((t) => t.id)).toEqual(['alpha']);
    expect(content.pack.locale).toBe('en-GB');
  });

  it('reports a YAML syntax error with its file, line and column', () => {
    const items = 'items:\n  - id: a\n    kind: objective\n    headline: [unclosed\n';
    const error = failure(pack({ 'pack.yaml': PACK, 'items.yaml': items }));
    expect(error.code).toBe('ContentInvalid');
    const detail = error.details[0]!;
    expect(detail.message).toMatch(/never closed/);
    expect(detail.fix).toMatch(/add ']'/);
    expect(detail.location?.file).toMatch(/items\.yaml$/);
    expect(detail.location?.line).toBeGreaterThanOrEqual(4);
    expect(detail.location?.column).toBeGreaterThanOrEqual(1);
    expect(detail.frame).toContain('headline: [unclosed');
  });

  it('reports a duplicate key as a YAML error', () => {
    const error = failure(pack({ 'pack.yaml': PACK + 'pack:\n  title: again\n' }));
    expect(error.details[0]!.message).toMatch(/the key 'pack' appears twice/);
    expect(error.details[0]!.location?.line).toBe(11);
  });

  it('reports an unknown field with its path and line', () => {
    const items = 'items:\n  - id: a\n    kind: objective\n    headline: Fine\n    colour: red\n';
    const error = failure(pack({ 'pack.yaml': PACK, 'items.yaml': items }));
    const detail = error.details[0]!;
    expect(detail.message).toContain("unknown field 'colour'");
    // Located at the field itself, not at the item holding it.
    expect(detail.location).toMatchObject({ path: 'items[0].colour', line: 5, column: 5 });
    expect(detail.location?.file).toMatch(/items\.yaml$/);
  });

  it('reports a wrong enum value, naming the choices', () => {
    const items = 'items:\n  - id: a\n    kind: objective\n    headline: Fine\n    audience: press\n';
    const error = failure(pack({ 'pack.yaml': PACK, 'items.yaml': items }));
    const detail = error.details[0]!;
    expect(detail.message).toMatch(/expected one of internal, public; found "press"/);
    expect(detail.location).toMatchObject({ path: 'items[0].audience', line: 5, column: 15 });
  });

  it('reports a missing required field at its parent', () => {
    const items = 'items:\n  - id: a\n    kind: objective\n';
    const detail = failure(pack({ 'pack.yaml': PACK, 'items.yaml': items })).details[0]!;
    expect(detail.message).toMatch(/required field is missing/);
    expect(detail.location).toMatchObject({ path: 'items[0].headline', line: 2 });
  });

  it('requires a defensive-qa item to have a question', () => {
    const items = 'items:\n  - id: a\n    kind: defensive-qa\n    headline: Answer\n';
    const detail = failure(pack({ 'pack.yaml': PACK, 'items.yaml': items })).details[0]!;
    expect(detail.message).toMatch(/need a question/);
    expect(detail.location?.path).toBe('items[0].question');
  });

  it('reports every problem of every file at once, files in name order', () => {
    const items = 'items:\n  - id: a\n    kind: nonsense\n    headline: x\n  - id: b\n    kind: objective\n';
    const error = failure(pack({ 'pack.yaml': PACK, 'items.yaml': items, 'more.yaml': 'glossary:\n  - term: x\n' }));
    expect(error.details.length).toBe(3);
    expect(error.message).toMatch(/3 problems/);
    expect(error.details.map((d) => d.location?.path)).toEqual(['items[0].kind', 'items[1].headline', 'glossary[0].definition']);
  });

  it('reports a missing pack: section', () => {
    const error = failure(pack({ 'topics.yaml': TOPICS }));
    expect(error.code).toBe('PackInfoMissing');
    expect(error.location?.path).toBe('pack');
  });

  it('reports a pack: section given twice', () => {
    const error = failure(pack({ 'a.yaml': PACK, 'b.yaml': PACK }));
    expect(error.code).toBe('PackInfoTwice');
    expect(error.location?.file).toMatch(/b\.yaml$/);
  });

  it('reports an unknown topic reference where it is made, in another file than the topics', () => {
    const items = 'items:\n  - id: a\n    kind: objective\n    headline: Fine\n    topics: [alpha, beta]\n    sources: [s1]\n';
    const error = failure(pack({ 'pack.yaml': PACK, 'topics.yaml': TOPICS, 'items.yaml': items }));
    expect(error.details).toHaveLength(1);
    const detail = error.details[0]!;
    expect(detail.message).toMatch(/unknown topic 'beta' \(known: alpha\)/);
    expect(detail.location).toMatchObject({ path: 'items[0].topics[1]', line: 5 });
    expect(detail.location?.file).toMatch(/items\.yaml$/);
  });

  it('reports unknown sources and speakers', () => {
    const more =
      'items:\n  - id: a\n    kind: objective\n    headline: Fine\n    sources: [s2]\n' +
      'agenda:\n  - date: 2025-01-01\n    item: Opening\n    speaker: nobody\n';
    const error = failure(pack({ 'pack.yaml': PACK, 'topics.yaml': TOPICS, 'more.yaml': more }));
    expect(error.details.map((d) => [d.location?.path, d.location?.line])).toEqual([
      ['items[0].sources[0]', 5],
      ['agenda[0].speaker', 9],
    ]);
  });

  it('reports a duplicate id across files, at the second one', () => {
    const more = 'topics:\n  - id: gamma\n    title: Gamma\n  - id: alpha\n    title: Alpha again\n';
    const error = failure(pack({ 'pack.yaml': PACK, 'topics.yaml': TOPICS, 'x-more.yaml': more }));
    const detail = error.details[0]!;
    expect(detail.message).toMatch(/duplicate topics id 'alpha' \(first in .*topics\.yaml\)/);
    expect(detail.location).toMatchObject({ path: 'topics[1].id', line: 4 });
    expect(detail.location?.file).toMatch(/x-more\.yaml$/);
  });

  it('reports an alias that already names another topic', () => {
    const topics = 'topics:\n  - id: alpha\n    title: Alpha\n  - id: beta\n    title: Beta\n    aliases: [ALPHA]\n';
    const detail = failure(pack({ 'pack.yaml': PACK, 'topics.yaml': topics })).details[0]!;
    expect(detail.message).toMatch(/'ALPHA' already names topic 'alpha'/);
    expect(detail.location?.path).toBe('topics[1].aliases[0]');
  });

  it('reports a folder that is missing or holds no YAML', () => {
    expect(failure(join(base, 'does-not-exist')).code).toBe('PackNotFound');
    expect(failure(pack({ 'notes.txt': 'hello' })).code).toBe('PackEmpty');
  });
});
