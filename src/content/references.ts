import type { z } from 'zod';
import type { ErrorDetail } from '../errors.js';
import type { fileSchema } from './schema.js';

interface FileLike {
  readonly file: string;
  readonly data: z.infer<typeof fileSchema>;
  readonly locate: (path: readonly (string | number)[]) => { line?: number; column?: number };
}

type Section = 'topics' | 'people' | 'items' | 'sources' | 'documents';

/** Ids are unique per section across all files; every reference names something that exists. */
export function checkReferences(files: readonly FileLike[]): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  const at = (f: FileLike, path: (string | number)[], message: string) =>
    problems.push({ message, location: { file: f.file, path: formatPath(path), ...f.locate(path) } });

  const ids = (section: Section) => {
    const seen = new Map<string, string>();
    for (const f of files) {
      (f.data[section] ?? []).forEach((entry, i) => {
        const previous = seen.get(entry.id);
        if (previous) at(f, [section, i, 'id'], `duplicate ${section} id '${entry.id}' (first in ${previous})`);
        else seen.set(entry.id, f.file);
      });
    }
    return seen;
  };
  const topics = ids('topics');
  const people = ids('people');
  ids('items');
  ids('documents');
  const sources = ids('sources');
  const topicNames = new Map<string, string>();
  for (const f of files) {
    (f.data.topics ?? []).forEach((topic, i) => {
      for (const [j, name] of [topic.id, ...topic.aliases].entries()) {
        const key = name.toLowerCase();
        const owner = topicNames.get(key);
        if (owner && owner !== topic.id) at(f, ['topics', i, ...(j === 0 ? ['id'] : ['aliases', j - 1])], `'${name}' already names topic '${owner}'`);
        else topicNames.set(key, topic.id);
      }
    });
  }
  const known = (map: Map<string, string>, section: string) => (value: string) =>
    map.has(value) ? undefined : `unknown ${section} '${value}'${map.size ? ` (known: ${[...map.keys()].slice(0, 12).join(', ')})` : ''}`;
  const topicKnown = known(topics, 'topic');
  const sourceKnown = known(sources, 'source');
  const personKnown = known(people, 'person');
  for (const f of files) {
    (f.data.items ?? []).forEach((item, i) => {
      item.topics.forEach((t, j) => {
        const problem = topicKnown(t);
        if (problem) at(f, ['items', i, 'topics', j], problem);
      });
      item.sources.forEach((s, j) => {
        const problem = sourceKnown(s);
        if (problem) at(f, ['items', i, 'sources', j], problem);
      });
    });
    (f.data.agenda ?? []).forEach((session, i) => {
      session.topics.forEach((t, j) => {
        const problem = topicKnown(t);
        if (problem) at(f, ['agenda', i, 'topics', j], problem);
      });
      if (session.speaker) {
        const problem = personKnown(session.speaker);
        if (problem) at(f, ['agenda', i, 'speaker'], problem);
      }
    });
  }
  return problems;
}

/** items[3].topics[0] */
export function formatPath(path: readonly (string | number)[]): string {
  return path.reduce<string>((acc, p) => (typeof p === 'number' ? `${acc}[${p}]` : acc ? `${acc}.${p}` : p), '');
}
