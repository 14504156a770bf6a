import { basename, join, relative, resolve } from 'node:path';
import { LineCounter, isCollection, isMap, isScalar, parseDocument, type Document as YamlDocument } from 'yaml';
import type { z } from 'zod';
import type { Diagnostic } from '../document/model.js';
import { ContentError, InputError, codeFrame, nearest, type ErrorDetail } from '../errors.js';
import { listFolder, readInputText } from '../files/read.js';
import { fileSchema, type Content } from './schema.js';
import { resolveContent } from './languages.js';
import { checkReferences, formatPath } from './references.js';
import { sanitizeFiles } from './sanitize.js';
import { explainYamlErrors, silentMistakes } from './yaml-mistakes.js';

type FileContent = z.infer<typeof fileSchema>;

/** The files of a pack: *.yaml and *.yml (editors' lock and backup files are left out). */
export const PACK_FILE = /\.ya?ml$/i;

interface ParsedFile {
  readonly file: string;
  readonly data: FileContent;
  /** Locates a path inside this file, for messages about cross-file references. */
  readonly locate: (path: readonly (string | number)[]) => { line?: number; column?: number };
}

/** One pack file read and validated on its own, with the characters it had removed. */
export interface PackFile extends ParsedFile {
  readonly warnings: readonly Diagnostic[];
}

/** Reads one file of a pack; its problems are added to `problems` (then it gives undefined). */
export type PackFileReader = (root: string, name: string, problems: ErrorDetail[]) => PackFile | undefined;

/** Reads and validates one YAML file of the pack folder `root`: what holds for it alone (cross-file references are the pack's). */
export const readPackFile: PackFileReader = (root, name, problems) => {
  const file = join(root, name);
  const shown = relative(process.cwd(), file) || file;
  const parsed = parseFile(shown, readInputText(file, { kind: 'yaml', shown, within: [root] }), problems);
  return parsed && { ...parsed, warnings: sanitizeFiles([parsed]) };
};

/**
 * Reads every *.yaml / *.yml file of a pack folder, validates it, and checks references. A
 * long-lived process passes a reader that keeps the files that did not change (src/warm).
 */
export function loadContent(folder: string, read: PackFileReader = readPackFile): Content {
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
  const files: PackFile[] = [];
  for (const name of names) {
    const parsed = read(root, name, problems);
    if (parsed) files.push(parsed);
  }
  if (problems.length > 0) throw invalid(problems);
  const warnings = files.flatMap((f) => f.warnings);

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
    warnings,
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
    { location: first.location, details: problems, frame: first.frame, hint: problems.length === 1 && first.fix ? first.fix : 'Fix each problem listed; `briefpack validate` checks again.' },
  );
}

function parseFile(file: string, text: string, problems: ErrorDetail[]): ParsedFile | undefined {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const mistakes = doc.errors.length > 0 ? explainYamlErrors(text, doc.errors, lineCounter) : silentMistakes(doc, text, lineCounter);
  if (mistakes.length > 0) {
    for (const m of mistakes) {
      problems.push({ message: m.message, fix: m.fix, location: { file, line: m.line, column: m.column }, frame: codeFrame(text, m.line, m.column) });
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
      const fix = yamlFix(issue, doc.getIn(path));
      problems.push({
        message: describeIssue(issue, doc, path),
        ...(fix ? { fix } : {}),
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

/**
 * The YAML slip behind a schema message, when the value shows one: `-a -b` where a list was
 * wanted (dashes without their space), `key:value` where fields were wanted (no space after the colon).
 */
function yamlFix(issue: z.core.$ZodIssue, found: unknown): string | undefined {
  // A text field is text or a mapping of language to text: the slip is the text branch's.
  if (issue.code === 'invalid_union') {
    const text = issue.errors.find((b) => b.length === 1 && b[0]!.path.length === 0);
    return text ? yamlFix(text[0]!, found) : undefined;
  }
  // 11/03/2025 is 11 March in most of the world and 3 November in the US: both readings are named.
  const dmy = typeof found === 'string' ? /^(\d{1,2})[./](\d{1,2})[./](\d{4})$/.exec(found.trim()) : null;
  if (dmy && /date/.test(issue.message)) {
    const [, a, b, y] = dmy.map((p) => p.padStart(2, '0'));
    return `write the date as year-month-day: ${y}-${b}-${a} if ${found} is day/month, ${y}-${a}-${b} if it is month/day`;
  }
  if (issue.code !== 'invalid_type') return undefined;
  // `headline: 2030` or `title: yes` is a number or true/false to YAML; quotes make it text.
  if (issue.expected === 'string' && (typeof found === 'number' || typeof found === 'boolean')) return `put it in quotes so YAML reads it as text: '${String(found)}'`;
  if (typeof found !== 'string') return undefined;
  if (issue.expected === 'array' && /^-\S/.test(found)) return `a list item needs '- ' (a dash and a space), each on its own line: - ${found.split(/\s+-(?=\S)/)[0]!.slice(1)}`;
  if (issue.expected === 'object' && /^[^\s:]+:\S/.test(found)) return `put a space after the colon: ${found.replace(':', ': ')}`;
  return undefined;
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
