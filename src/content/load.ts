import { basename, join, relative, resolve } from 'node:path';
import { LineCounter, isCollection, isMap, isScalar, parseDocument, type Document as YamlDocument } from 'yaml';
import type { z } from 'zod';
import { ContentError, InputError, codeFrame, nearest, type ErrorDetail } from '../errors.js';
import { listFolder, readInputText } from '../files/read.js';
import { fileSchema, type Content } from './schema.js';
import { resolveContent } from './languages.js';
import { checkReferences, formatPath } from './references.js';

type FileContent = z.infer<typeof fileSchema>;

/** The files of a pack: *.yaml and *.yml (editors' lock and backup files are left out). */
export const PACK_FILE = /\.ya?ml$/i;

interface ParsedFile {
  readonly file: string;
  readonly data: FileContent;
  /** Locates a path inside this file, for messages about cross-file references. */
  readonly locate: (path: readonly (string | number)[]) => { line?: number; column?: number };
}

/** Reads every *.yaml / *.yml file of a pack folder, validates it, and checks references. */
export function loadContent(folder: string): Content {
  const root = resolve(folder);
  let names: readonly string[];
  try {
    names = listFolder(root, PACK_FILE, { shown: folder }).names;
  } catch (error) {
    if (error instanceof InputError && error.code === 'FolderNotFound') {
      throw new ContentError('PackNotFound', `No pack folder at ${folder}.`, {
        hint: 'Give --data a folder holding the pack\'s YAML files (see `briefpack list`).',
        location: { file: folder },
      });
    }
    throw error;
  }
  if (names.length === 0) {
    throw new ContentError('PackEmpty', `The folder ${folder} holds no YAML files.`, {
      hint: 'Run `briefpack init <folder>` to start a pack with examples.',
      location: { file: folder },
    });
  }
  const problems: ErrorDetail[] = [];
  const files: ParsedFile[] = [];
  for (const name of names) {
    const file = join(root, name);
    const shown = relative(process.cwd(), file) || file;
    const parsed = parseFile(shown, readInputText(file, { kind: 'yaml', shown, within: [root] }), problems);
    if (parsed) files.push(parsed);
  }
  if (problems.length > 0) throw invalid(problems);

  const packs = files.filter((f) => f.data.pack);
  if (packs.length !== 1) {
    throw new ContentError(
      packs.length === 0 ? 'PackInfoMissing' : 'PackInfoTwice',
      packs.length === 0
        ? `No file of ${folder} has a 'pack:' section (title, meeting, preparedFor, preparedBy, date).`
        : `'pack:' appears in ${packs.map((p) => p.file).join(' and ')}; it must appear once.`,
      { location: { file: packs[1]?.file ?? folder, path: 'pack' } },
    );
  }
  const content: Content = {
    id: basename(root),
    folder: root,
    pack: packs[0]!.data.pack!,
    topics: files.flatMap((f) => f.data.topics ?? []),
    agenda: files.flatMap((f) => f.data.agenda ?? []),
    people: files.flatMap((f) => f.data.people ?? []),
    items: files.flatMap((f) => f.data.items ?? []),
    glossary: files.flatMap((f) => f.data.glossary ?? []),
    sources: files.flatMap((f) => f.data.sources ?? []),
    documents: files.flatMap((f) => f.data.documents ?? []),
  };
  const referenceProblems = checkReferences(files);
  if (referenceProblems.length > 0) throw invalid(referenceProblems);
  // Text given in several languages reads in the pack's; documents in others re-resolve (languages.ts).
  return resolveContent(content);
}

function invalid(problems: readonly ErrorDetail[]): ContentError {
  const first = problems[0]!;
  return new ContentError(
    'ContentInvalid',
    problems.length === 1 ? first.message : `The pack has ${problems.length} problems.`,
    { location: first.location, details: problems, frame: first.frame, hint: 'Fix each problem listed; `briefpack validate` checks again.' },
  );
}

function parseFile(file: string, text: string, problems: ErrorDetail[]): ParsedFile | undefined {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    for (const error of doc.errors) {
      // An unclosed quote is reported where the file ends; the author needs the opening quote.
      const quote = /Missing closing (["'])quote/.exec(error.message)?.[1];
      const opened = quote ? text.lastIndexOf(quote, error.pos[0] - 1) : -1;
      const pos = lineCounter.linePos(opened >= 0 ? opened : error.pos[0]);
      problems.push({
        message: /call stack/i.test(error.message) ? 'YAML: the file is nested too deeply to read' : `YAML syntax: ${error.message.split('\n')[0]}`,
        location: { file, line: pos.line, column: pos.col },
        frame: codeFrame(text, pos.line, pos.col),
      });
    }
    return undefined;
  }
  const locate = (path: readonly (string | number)[]) => locateIn(doc, lineCounter, path);
  const data = plainData(doc, file, problems);
  if (data === undefined) return undefined;
  const result = fileSchema.safeParse(data);
  if (!result.success) {
    for (const issue of result.error.issues) {
      const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
      if (issue.code === 'unrecognized_keys') {
        problems.push(...unknownFieldProblems(issue, path, doc, lineCounter, file, text));
        continue;
      }
      const pos = locate(path);
      problems.push({
        message: describeIssue(issue, doc, path),
        location: { file, path: formatPath(path), ...pos },
        frame: pos.line ? codeFrame(text, pos.line, pos.column ?? 1) : undefined,
      });
    }
    return undefined;
  }
  return { file, data: result.data, locate };
}

/**
 * The file's data, or undefined with a problem when the parser refuses to build it: aliases that
 * expand past its limit (an "alias bomb", a few lines that would become gigabytes), or nesting so
 * deep that building it would overflow the stack.
 */
function plainData(doc: YamlDocument, file: string, problems: ErrorDetail[]): unknown {
  try {
    return doc.toJS({ maxAliasCount: 1000 }) ?? {};
  } catch (error) {
    const message = error instanceof RangeError ? 'the file is nested too deeply to read' : `YAML: ${(error as Error).message.split('\n')[0]}`;
    problems.push({ message, location: { file } });
    return undefined;
  }
}

// Words for zod's type names, as a YAML author would say them.
const TYPE_WORDS: Record<string, string> = {
  array: 'a list',
  object: 'a mapping (field: value)',
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
};

const foundText = (found: unknown): string => {
  if (found === undefined || found === null) return 'nothing';
  const json = JSON.stringify(found) ?? String(found);
  const kind = Array.isArray(found) ? 'a list ' : typeof found === 'object' ? 'a mapping ' : '';
  return `${kind}${json.length > 60 ? `${json.slice(0, 57)}...` : json}`;
};

function describeIssue(issue: z.core.$ZodIssue, doc: YamlDocument, path: readonly (string | number)[]): string {
  const found = doc.getIn(path);
  const shown = foundText(found instanceof Object && 'toJSON' in found ? (found as { toJSON(): unknown }).toJSON() : found);
  switch (issue.code) {
    case 'invalid_value':
      return `expected one of ${issue.values.map((v) => String(v)).join(', ')}; found ${shown}`;
    case 'invalid_type': {
      const expected = TYPE_WORDS[issue.expected] ?? issue.expected;
      return found === undefined ? `required field is missing (expected ${expected})` : `expected ${expected}; found ${shown}`;
    }
    case 'too_small':
      return `${issue.message}; found ${shown}`;
    case 'invalid_union': {
      // A text field is text or a mapping of language to text: say what the nearer shape wants.
      const branches = issue.errors.filter((b) => b.length > 0);
      if (branches.length === 0) return `${issue.message}; found ${shown}`;
      const typeOnly = branches.every((b) => b.length === 1 && b[0]!.code === 'invalid_type' && b[0]!.path.length === 0);
      const depth = (b: readonly z.core.$ZodIssue[]) => Math.max(...b.map((i) => i.path.length));
      const nearest = typeOnly || typeof found !== 'object' ? branches[0]! : [...branches].sort((a, b) => depth(b) - depth(a))[0]!;
      const inner = nearest[0]!;
      const innerPath = [...path, ...inner.path.filter((p): p is string | number => typeof p !== 'symbol')];
      return describeIssue(inner, doc, innerPath);
    }
    default:
      // Format messages name what is wanted ("a date as YYYY-MM-DD"); say so.
      return `${/^an? /.test(issue.message) ? 'expected ' : ''}${issue.message}; found ${shown}`;
  }
}

/** Field names the schema allows at a path of a pack file, for "did you mean". */
function knownFields(path: readonly (string | number)[]): string[] {
  type Def = { type: string; shape?: Record<string, unknown>; element?: unknown; innerType?: unknown; in?: unknown; out?: unknown };
  const def = (schema: unknown): Def => (schema as { _zod: { def: Def } })._zod.def;
  const unwrap = (schema: unknown): unknown => {
    let current = schema;
    for (let d = def(current); ['optional', 'default', 'nullable', 'pipe', 'prefault'].includes(d.type); d = def(current)) {
      current = d.type === 'pipe' ? d.out : d.innerType;
    }
    return current;
  };
  let schema: unknown = fileSchema;
  for (const part of path) {
    const d = def(unwrap(schema));
    schema = typeof part === 'number' ? d.element : d.shape?.[part];
    if (schema === undefined) return [];
  }
  return Object.keys(def(unwrap(schema)).shape ?? {});
}

/** One problem per unknown field, located at the field itself, with the nearest known name. */
function unknownFieldProblems(
  issue: z.core.$ZodIssue & { code: 'unrecognized_keys' },
  path: readonly (string | number)[],
  doc: YamlDocument,
  lineCounter: LineCounter,
  file: string,
  text: string,
): ErrorDetail[] {
  const known = knownFields(path);
  const map = doc.getIn(path, true);
  return issue.keys.map((key) => {
    const pair = isMap(map) ? map.items.find((p) => isScalar(p.key) && p.key.value === key) : undefined;
    const range = isScalar(pair?.key) ? pair.key.range : undefined;
    const pos = range ? lineCounter.linePos(range[0]) : undefined;
    const near = nearest(key, known);
    return {
      message: `unknown field '${key}'${near ? `; did you mean '${near}'?` : ''}${known.length ? ` (allowed here: ${known.join(', ')})` : ''}`,
      location: { file, path: formatPath([...path, key]), ...(pos ? { line: pos.line, column: pos.col } : locateIn(doc, lineCounter, path)) },
      ...(pos ? { frame: codeFrame(text, pos.line, pos.col) } : {}),
    };
  });
}

function locateIn(doc: YamlDocument, lineCounter: LineCounter, path: readonly (string | number)[]) {
  // The deepest node that exists: a missing field is reported at its parent mapping.
  for (let depth = path.length; depth >= 0; depth--) {
    const node = doc.getIn(path.slice(0, depth), true) as { range?: [number, number, number] } | undefined;
    const range = node && (isCollection(node) || 'range' in node) ? node.range : undefined;
    if (range) {
      const pos = lineCounter.linePos(range[0]);
      return { line: pos.line, column: pos.col };
    }
  }
  return {};
}
