import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, choicesHint, codeFrame } from '../errors.js';
import { exists, readInput, readInputText } from '../files/read.js';
import { damagedFontProblem } from './coverage.js';
import { fontProblem } from './fontFile.js';
import { PAGE_SIZES, themeSchema, type FontFaces, type PdfStandard, type Theme } from './schema.js';
import { readdirSync } from 'node:fs';

const here = dirname(fileURLToPath(import.meta.url));
/** The bundled themes folder (templates/themes), found from dist/theme or src/theme alike. */
export const BUNDLED_THEMES = resolve(here, '../../templates/themes');

let robotoCache: FontFaces | undefined;

// Fonts are read once per process: parsing them per document was the largest fixed cost.
function roboto(): FontFaces {
  if (!robotoCache) {
    const require = createRequire(import.meta.url);
    const fontsDir = resolve(dirname(require.resolve('pdfmake/package.json')), 'fonts/Roboto');
    const read = (name: string) => new Uint8Array(readFileSync(resolve(fontsDir, name)));
    robotoCache = {
      normal: read('Roboto-Regular.ttf'),
      bold: read('Roboto-Medium.ttf'),
      italics: read('Roboto-Italic.ttf'),
      bolditalics: read('Roboto-MediumItalic.ttf'),
    };
  }
  return robotoCache;
}

export function bundledThemeNames(): string[] {
  return readdirSync(BUNDLED_THEMES)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.replace(/\.json$/, ''))
    .sort();
}

/** A bundled theme by name, or a theme file by path. */
export function loadTheme(nameOrPath = 'default'): Theme {
  const isPath = nameOrPath.includes('/') || nameOrPath.endsWith('.json');
  const file = isPath ? resolve(nameOrPath) : resolve(BUNDLED_THEMES, `${nameOrPath}.json`);
  if (!exists(file)) {
    throw new ConfigError('ThemeNotFound', `Theme '${nameOrPath}' was not found (${file}).`, {
      hint: isPath ? 'Check the path to the theme file.' : choicesHint(nameOrPath, bundledThemeNames()),
      location: { file },
    });
  }
  const text = readInputText(file, { kind: 'json', shown: isPath ? nameOrPath : file });
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    const offset = /position (\d+)/.exec(message);
    const before = offset ? text.slice(0, Number(offset[1])).split('\n') : undefined;
    const line = before?.length;
    const column = before ? before[before.length - 1]!.length + 1 : undefined;
    throw new ConfigError('ThemeSyntax', `Theme file is not valid JSON: ${message.replace(/ in JSON at position \d+.*$/s, '')}`, {
      location: { file, ...(line ? { line, column } : {}) },
      ...(line ? { frame: codeFrame(text, line, column ?? 1) } : {}),
      hint: 'Start from a bundled theme in templates/themes/ (see `briefpack list themes`).',
    });
  }
  const parsed = themeSchema.safeParse(json);
  if (!parsed.success) {
    const details = parsed.error.issues.map((issue) => {
      const path = issue.path.map(String);
      const found = path.reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), json);
      const message =
        issue.code === 'invalid_type' && found === undefined
          ? `required field is missing (expected ${issue.expected})`
          : issue.code === 'unrecognized_keys'
            ? `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `'${k}'`).join(', ')}`
            : `${issue.message.replace(/^Invalid (input|option): /, '')}; found ${JSON.stringify(found) ?? 'nothing'}`;
      return { message, location: { file, path: path.join('.') } };
    });
    throw new ConfigError('ThemeInvalid', `Theme file has ${details.length} problem(s).`, {
      location: { file },
      details,
      hint: 'Start from a bundled theme in templates/themes/ (see `briefpack list themes`) and change only what you need.',
    });
  }
  const input = parsed.data;
  const base = dirname(file);
  const fontFaces: FontFaces = input.font.files
    ? {
        normal: readFont(resolve(base, input.font.files.normal), file),
        bold: readFont(resolve(base, input.font.files.bold), file),
        italics: readFont(resolve(base, input.font.files.italics), file),
        bolditalics: readFont(resolve(base, input.font.files.bolditalics), file),
      }
    : roboto();
  return { ...input, fontFaces, pageSize: PAGE_SIZES[input.page.size] };
}

function readFont(path: string, themeFile: string): Uint8Array {
  if (!exists(path)) {
    throw new ConfigError('FontNotFound', `Font file ${path} named by the theme was not found.`, {
      location: { file: themeFile, path: 'font.files' },
    });
  }
  // A theme's fonts lie beside it: a link out of the theme's folder is not followed.
  const bytes = new Uint8Array(readInput(path, { kind: 'font', within: [dirname(themeFile)], referredBy: 'font.files' }));
  const problem = fontProblem(bytes) ?? damagedFontProblem(bytes);
  if (problem) {
    throw new ConfigError('FontUnreadable', `Font file ${path} named by the theme cannot be used: ${problem}.`, {
      hint: 'Name TrueType (.ttf) or OpenType (.otf) files; download them again if they were cut short.',
      location: { file: themeFile, path: 'font.files' },
    });
  }
  return bytes;
}

/**
 * `loadTheme` for one run (or one worker): each theme named is read once. Documents name their own
 * theme (large type for speaking notes) or take the run's, so a run may need several.
 */
export function themeLoader(overrides: { readonly pdfStandard?: PdfStandard } = {}): (nameOrPath?: string) => Theme {
  const themes = new Map<string, Theme>();
  return (nameOrPath = 'default') => {
    let theme = themes.get(nameOrPath);
    // A run's option (--pdf-standard) wins over what each theme says.
    if (!theme) themes.set(nameOrPath, (theme = { ...loadTheme(nameOrPath), ...overrides }));
    return theme;
  };
}
