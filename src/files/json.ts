// JSON files a user may supply beside the templates (message catalogues, documents.json): read through
// the file boundary, parsed, and checked against their schema before anything uses them.
import { dirname } from 'node:path';
import type { z } from 'zod';
import { ConfigError } from '../errors.js';
import { readInputText } from './read.js';

export interface JsonFileOptions {
  /** The error code when the file is not valid JSON or does not fit the schema. */
  readonly code: string;
  /** What the file should hold, as a hint. */
  readonly hint: string;
}

/** The file's data, as the schema reads it; a ConfigError naming each problem and where it is otherwise. */
export function readJsonFile<S extends z.ZodType>(file: string, schema: S, options: JsonFileOptions): z.infer<S> {
  // Read from its own folder only: a link to a file elsewhere is not followed.
  const text = readInputText(file, { kind: 'json', within: [dirname(file)] });
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(options.code, `${file} is not valid JSON: ${(error as Error).message.split('\n')[0]}`, { hint: options.hint, location: { file } });
  }
  const result = schema.safeParse(json);
  if (result.success) return result.data;
  const details = result.error.issues.flatMap((issue) => specific(issue)).map((issue) => ({ message: issue.message, location: { file, path: issue.path.map(String).join('.') } }));
  const listed = details.slice(0, 5).map((d) => `${d.location.path || '(top level)'}: ${d.message}`).join('; ');
  throw new ConfigError(options.code, `${file} does not hold what it should: ${listed}${details.length > 5 ? '; …' : ''}`, { hint: options.hint, location: { file }, details });
}

/**
 * For a value that fits none of several shapes, the problems of the shape it came closest to (the
 * one whose problems lie deepest): "en.pageOf: expected string" rather than "en: Invalid input".
 */
function specific(issue: z.core.$ZodIssue, prefix: readonly PropertyKey[] = []): { message: string; path: readonly PropertyKey[] }[] {
  const path = [...prefix, ...issue.path];
  if (issue.code === 'invalid_type' && /received undefined$/.test(issue.message)) return [{ message: `required field is missing (expected ${issue.expected})`, path }];
  if (issue.code !== 'invalid_union' || issue.errors.length === 0) return [{ message: issue.message.replace(/^Invalid input: /, ''), path }];
  const depth = (branch: readonly z.core.$ZodIssue[]) => Math.max(...branch.map((i) => i.path.length));
  const closest = [...issue.errors].sort((a, b) => depth(b) - depth(a))[0]!;
  return closest.flatMap((i) => specific(i, path));
}
