// Fields longer than the documented limits (TEXT_LIMIT for plain text, RICH_TEXT_LIMIT for rich
// text) are refused when the pack loads, naming the file, line and field, and the CLI exits 2.
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadContent, RICH_TEXT_LIMIT, TEXT_LIMIT } from '../../src/content/index.js';
import { ContentError } from '../../src/errors.js';
import { build, cli } from '../delivery/helpers.js';

const PACK = `pack:
  title: Limits
  meeting: {name: Meeting, start: 2025-01-01}
  preparedFor: {name: Someone}
  preparedBy: {name: Someone else}
  date: 2025-01-01
`;

function pack(items: string): string {
  const folder = join(mkdtempSync(join(tmpdir(), 'briefpack-limits-')), 'pack');
  mkdirSync(folder);
  writeFileSync(join(folder, 'pack.yaml'), PACK);
  writeFileSync(join(folder, 'items.yaml'), items);
  return folder;
}

const item = (headline: string, detail?: string) =>
  `items:\n  - id: long\n    kind: objective\n    headline: ${headline}\n${detail === undefined ? '' : `    detail: ${detail}\n`}`;

/** The first problem loading the pack reports. */
function problem(folder: string): ContentError['details'][number] {
  let caught: unknown;
  try {
    loadContent(folder);
  } catch (error) {
    caught = error;
  }
  if (!(caught instanceof ContentError)) throw new Error(`expected a ContentError from ${folder}, got ${String(caught)}`);
  return caught.details[0]!;
}

describe('field length limits', () => {
  it('accepts a headline of exactly the limit and a detail of exactly its limit', () => {
    const content = loadContent(pack(item('h'.repeat(TEXT_LIMIT), 'd'.repeat(RICH_TEXT_LIMIT))));
    expect(content.items[0]!.headline).toHaveLength(TEXT_LIMIT);
  });

  it('refuses a headline one character longer, naming the field, its line and the limit', () => {
    const detail = problem(pack(item('h'.repeat(TEXT_LIMIT + 1))));
    expect(detail.location).toMatchObject({ path: 'items[0].headline', line: 4 });
    expect(detail.location?.file).toMatch(/items\.yaml$/);
    expect(detail.message).toContain('at most 20,000 characters');
  });

  it('refuses a rich detail past its own, larger limit', () => {
    const detail = problem(pack(item('Fine', 'd '.repeat(RICH_TEXT_LIMIT / 2 + 1))));
    expect(detail.location?.path).toBe('items[0].detail');
    expect(detail.message).toContain('at most 200,000 characters');
  });
});

describe('the CLI on a field past its limit', () => {
  beforeAll(build, 120_000);

  it('exits 2 naming the field, and writes nothing', () => {
    const folder = pack(item('h'.repeat(100_000)));
    const out = join(folder, '..', 'out');
    const run = cli(['generate', '--data', folder, '--out', out]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('items[0].headline');
    expect(run.stderr).toContain('at most 20,000 characters');
    expect(run.stderr, 'no stack trace').not.toMatch(/\n\s+at .*\.js:\d+/);
    // The code frame shows the start of the line, not all 100,000 characters of it.
    expect(run.stderr.length).toBeLessThan(3000);
    expect(existsSync(out)).toBe(false);
  });
});
