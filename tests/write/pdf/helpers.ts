import type { Block, Document, Inline } from '../../../src/document/model.js';
import { MODEL_VERSION } from '../../../src/document/model.js';

/** Freezes a document the way a caller's data may be: typed arrays cannot be frozen, so are skipped. */
export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !ArrayBuffer.isView(value) && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  }
  return value;
}

export const t = (value: string): Inline => ({ type: 'text', value });
export const para = (...children: Inline[]): Block => ({ type: 'paragraph', role: 'body', children });
export const heading = (id: string, text: string, depth: 1 | 2 | 3 | 4 = 1): Block => ({
  type: 'heading',
  depth,
  id,
  toc: true,
  children: [t(text)],
});

export function doc(blocks: Block[], extra: Partial<Document['metadata']> = {}): Document {
  return {
    modelVersion: MODEL_VERSION,
    metadata: { title: 'Test note', language: 'en-GB', created: new Date('2024-07-01T00:00:00Z'), marking: 'OFFICIAL', ...extra },
    blocks,
    footnotes: {},
  };
}

export const LOREM =
  'The committee considered the report in detail and agreed that further work is needed before a decision can be taken on the proposals set out in the annex.';
