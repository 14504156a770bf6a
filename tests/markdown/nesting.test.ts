// The Markdown parser stops reading, silently, past its nesting limit; the reader must never let
// text vanish that way: what it cannot read is an error naming it, what it can read prints whole.
import { describe, expect, it } from 'vitest';
import { BriefpackError } from '../../src/errors.js';
import { toDocument } from '../../src/markdown/index.js';
import { RichText } from '../../src/select/index.js';
import { escapeMarkdown } from '../../src/template/index.js';

const metadata = { title: 't', language: 'en-GB', created: new Date(0) };
const parse = (markdown: string) => toDocument(markdown, { metadata, sourceName: 'test.md' });
const rich = (markdown: string) => escapeMarkdown(new RichText(markdown));
const nestedList = (depth: number) => Array.from({ length: depth }, (_, i) => `${'  '.repeat(i)}- level ${i + 1}`).join('\n');

describe('nesting deeper than the parser reads', () => {
  it('prints every level of a list the parser reads whole (40 levels)', () => {
    const text = JSON.stringify(parse(`Before\n\n${rich(nestedList(40))}\n\nAfter\n`).document.blocks);
    for (let level = 1; level <= 40; level++) expect(text).toContain(`"level ${level}"`);
  });

  it('refuses, naming the field, a list nested past what the parser reads (60 levels) rather than dropping its depths', () => {
    let caught: unknown;
    try {
      parse(`Before\n\n${rich(nestedList(60))}\n\nAfter\n`);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(BriefpackError);
    expect((caught as BriefpackError).code).toBe('NestedTooDeep');
    expect((caught as BriefpackError).message).toContain('level 1');
  });
});
