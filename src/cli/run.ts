// The composition root: wires commands, turns errors into messages and exit codes. Heavy modules
// (pdfmake, docx, handlebars) load inside command handlers, only when a command needs them.
import yargs, { type Argv, type CommandModule } from 'yargs';
import { UsageError, choicesHint, nearest } from '../errors.js';
import { generateCommand } from './commands/generate.js';
import { initCommand } from './commands/init.js';
import { listCommand } from './commands/list.js';
import { schemaCommand } from './commands/schema.js';
import { serveCommand } from './commands/serve.js';
import { validateCommand } from './commands/validate.js';
import { JSON_SCHEMA_VERSION, err, io, out, processIo, withIo, withVerbosity, type CliIo } from './io.js';
import { errorJson, exitCodeFor, formatError } from './report.js';

// Options that may be given more than once; every other option takes one value, and a second one
// is a mistake to name rather than a list for a command to trip over.
const REPEATABLE = new Set(['_', '$0', 'doc', 'topic', 'verbose']);

/** Refuses an option given twice (`--length short --length full`): which one was meant is a guess. */
function refuseRepeatedOptions(argv: Record<string, unknown>): void {
  const twice = Object.keys(argv).find((key) => Array.isArray(argv[key]) && !REPEATABLE.has(key) && !/[A-Z]/.test(key));
  if (twice) {
    throw new UsageError('OptionTwice', `--${twice} was given more than once (${(argv[twice] as unknown[]).map((v) => JSON.stringify(v)).join(', ')}); it takes one value.`, {
      hint: `Give --${twice} once.`,
    });
  }
}

/**
 * Runs the CLI with `argv` (without node and the script) and returns the exit code. `io` holds the
 * streams, working folder and environment, so tests run it in-process; by default, the process's.
 */
export async function main(argv: string[], cliIo: CliIo = processIo()): Promise<number> {
  return withIo(cliIo, () => inFolder(cliIo.cwd, () => run(argv, cliIo)));
}

// Paths in options and in messages are relative to the working folder, which pack loading, the
// writers and the worker threads read from the process: a different one is entered for the run.
async function inFolder<T>(cwd: string, work: () => Promise<T>): Promise<T> {
  const before = process.cwd();
  if (cwd === before) return work();
  process.chdir(cwd);
  try {
    return await work();
  } finally {
    process.chdir(before);
  }
}

const COMMANDS = [generateCommand, listCommand, validateCommand, initCommand, schemaCommand, serveCommand] as readonly CommandModule<object, never>[];
const nameOf = (command: CommandModule<object, never>) => String(command.command).split(' ')[0]!;
const COMMAND_NAMES = [...COMMANDS.map(nameOf), 'help', 'completion'];
const GLOBAL_OPTIONS = ['debug', 'quiet', 'verbose', 'help', 'version'];

/** The options and their choices a command takes, read from its own builder (for did-you-mean). */
function optionsOf(name: string | undefined): { names: string[]; choices: Record<string, readonly string[]> } {
  const command = COMMANDS.find((c) => nameOf(c) === name);
  const y = yargs([]);
  if (command && typeof command.builder === 'function') command.builder(y as never);
  const options = (y as unknown as { getOptions(): unknown }).getOptions() as { key: Record<string, unknown>; choices: Record<string, string[]>; alias: Record<string, string[]> };
  const names = [...Object.keys(options.key), ...Object.values(options.alias).flat(), ...GLOBAL_OPTIONS].filter((n) => !/[A-Z]/.test(n));
  return { names: [...new Set(names)], choices: options.choices };
}

const dashes = (name: string) => (name.length === 1 ? `-${name}` : `--${name}`);

// The words people use for an option rather than a spelling of it (`--focus` for --topic).
const SYNONYMS: Readonly<Record<string, string>> = {
  focus: 'topic',
  topics: 'topic',
  document: 'doc',
  documents: 'doc',
  language: 'lang',
  locale: 'lang',
  recipient: 'for',
  recipients: 'for',
  output: 'out',
  pack: 'data',
  classification: 'marking',
};

/** The option meant by an unknown one: its synonym where the command has it, else the nearest spelling. */
function optionMeant(wrong: string, names: readonly string[]): string | undefined {
  const synonym = SYNONYMS[wrong.toLowerCase()];
  return synonym && names.includes(synonym) ? synonym : nearest(wrong, names);
}

/** yargs' own failure messages in words, with the nearest option, value or command. */
function usageFailure(message: string, argv: readonly string[]): UsageError {
  const command = argv.find((a) => !a.startsWith('-'));
  const known = command && COMMAND_NAMES.includes(command) ? command : undefined;
  const helpHint = `Run \`briefpack ${known ? `help ${known}` : '--help'}\` for the options.`;
  const unknown = /^Unknown arguments?: (.+)$/.exec(message);
  if (unknown) {
    const { names } = optionsOf(known);
    const wrong = unknown[1]!.split(', ').map((n) => n.trim());
    const first = wrong[0]!;
    const near = optionMeant(first, names);
    // A word that is no option (`briefpack validate a b`) is an extra argument, not a typo.
    const given = argv.find((a) => a.replace(/^-+/, '').split('=')[0] === first);
    const isOption = given?.startsWith('-') ?? true;
    return new UsageError(
      isOption ? 'UnknownOption' : 'ExtraArgument',
      isOption ? `Unknown option ${wrong.map(dashes).join(', ')}${known ? ` for ${known}` : ''}.` : `Unexpected argument '${first}'${known ? ` for ${known}` : ''}.`,
      { hint: `${near && isOption ? `Did you mean ${dashes(near)}? ` : ''}${helpHint}` },
    );
  }
  const invalid = /Argument: ([\w-]+), Given: "((?:[^"\\]|\\.)*)", Choices: (.*)/.exec(message);
  if (invalid) {
    const choices = invalid[3]!.split(', ').map((c) => JSON.parse(c) as string);
    // An option names itself; a positional (`list topcs`) is named by its command.
    const asOption = argv.some((a) => a === `--${invalid[1]}` || a.startsWith(`--${invalid[1]}=`));
    return new UsageError('InvalidValue', `${asOption ? `--${invalid[1]} ` : `${known ?? 'briefpack'}: `}${JSON.stringify(invalid[2])} is not one of ${choices.join(', ')}.`, { hint: choicesHint(invalid[2]!, choices) });
  }
  const command2 = /^Did you mean (\S+)\?$/.exec(message);
  if (command2 || /Unknown command/i.test(message)) {
    const near = command2?.[1] ?? (command ? nearest(command, COMMAND_NAMES) : undefined);
    return new UsageError('UnknownCommand', `Unknown command '${command}'.`, { hint: `${near ? `Did you mean '${near}'? ` : ''}Commands: ${COMMAND_NAMES.join(', ')}.` });
  }
  return new UsageError('BadArguments', message, { hint: helpHint });
}

/** The word typed after `--key` (or in `--key=word`), if any. */
function typedWord(words: readonly string[], key: string): string | undefined {
  for (const [i, w] of words.entries()) {
    if (w.startsWith(`--${key}=`)) return w.slice(key.length + 3);
    if (w === `--${key}`) return words[i + 1];
  }
  return undefined;
}

/** Refuses an empty value (`--format ""`, `--pages ""`): an option given must say something. */
function refuseEmptyValues(argv: Record<string, unknown>, words: readonly string[]): void {
  for (const [key, value] of Object.entries(argv)) {
    if (key === '_' || key === '$0' || /[A-Z]/.test(key)) continue;
    const values = Array.isArray(value) ? value : [value];
    // A number option given a word (`--pages two`): yargs reads it as NaN; the word is named.
    const typed = typedWord(words, key);
    if (values.some((v) => typeof v === 'number' && Number.isNaN(v)) && typed !== undefined && typed.trim() !== '') {
      throw new UsageError('NotANumber', `--${key} ${JSON.stringify(typed)} is not a number.`, { hint: `Give --${key} a number (see \`briefpack help ${String((argv._ as unknown[])[0] ?? '')}\`).` });
    }
    const empty = values.some((v) => (typeof v === 'string' && v.trim() === '') || (typeof v === 'number' && Number.isNaN(v)));
    if (empty) {
      // A positional (`validate ""`) is named as the command's argument, not as an option.
      if (!words.some((w) => w === `--${key}` || w.startsWith(`--${key}=`))) {
        throw new UsageError('EmptyValue', `The ${key} argument is empty.`, { hint: `See \`briefpack help ${String((argv._ as unknown[])[0] ?? '')}\` for what it takes.` });
      }
      throw new UsageError('EmptyValue', `--${key} was given ${values.some((v) => typeof v === 'number') ? 'no number' : 'an empty value'}.`, {
        hint: `Give --${key} a value, or leave it out to use the default (see \`briefpack help ${String((argv._ as unknown[])[0] ?? '')}\`).`.replace(' help )', ' --help)'),
      });
    }
  }
}

async function run(argv: string[], cliIo: CliIo): Promise<number> {
  const debug = argv.includes('--debug');
  const json = argv.includes('--json');
  const verbosity = argv.includes('--quiet') || argv.includes('-q') ? 'quiet' : argv.includes('--verbose') ? 'verbose' : 'normal';
  try {
    await withVerbosity(verbosity, () => parse(argv, cliIo));
    return 0;
  } catch (error) {
    if (json) out(JSON.stringify({ schemaVersion: JSON_SCHEMA_VERSION, command: argv.find((a) => !a.startsWith('-')) ?? null, ...errorJson(error), warnings: [] }, null, 2));
    else err(formatError(error, debug, argv));
    return exitCodeFor(error);
  }
}

const SHELLS = ['bash', 'zsh', 'fish'];

// yargs adds `completion` without a builder, so its help is written here.
const COMPLETION_HELP = `briefpack completion [shell]

Print a shell completion script: then Tab completes commands, options and their values
(--length <Tab> gives short, standard, full).

shell: ${SHELLS.join(', ')} (default: the shell $SHELL names, else bash)

Examples:
  # bash: add it to your shell's start-up file, then open a new terminal
  briefpack completion >> ~/.bashrc
  # zsh
  briefpack completion zsh >> ~/.zshrc
  # fish
  briefpack completion fish > ~/.config/fish/completions/briefpack.fish`;

/** The shell named after `completion` (`briefpack completion zsh`), checked; undefined when none is. */
function completionShell(argv: readonly string[]): string | undefined {
  const words = argv.filter((a) => !a.startsWith('-'));
  if (words[0] !== 'completion' || words[1] === undefined) return undefined;
  if (!SHELLS.includes(words[1])) {
    throw new UsageError('UnknownShell', `briefpack completion has no script for '${words[1]}'.`, { hint: choicesHint(words[1], SHELLS) });
  }
  return words[1];
}

/** Runs `work` with $SHELL naming `shell`, which is how yargs picks the script it prints. */
async function asShell<T>(shell: string | undefined, work: () => Promise<T>): Promise<T> {
  if (shell === undefined) return work();
  const before = { SHELL: process.env.SHELL, ZSH_NAME: process.env.ZSH_NAME };
  process.env.SHELL = `/bin/${shell}`;
  delete process.env.ZSH_NAME;
  try {
    return await work();
  } finally {
    for (const [key, value] of Object.entries(before)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
}

const helpCommand: CommandModule<object, { command?: string }> = {
  command: 'help [command]',
  describe: 'Show the options and examples of a command',
  builder: (y) => y.positional('command', { type: 'string', describe: `One of ${COMMAND_NAMES.filter((c) => c !== 'help').join(', ')}` }).example('$0 help generate', 'Every option of generate, grouped, with examples') as never,
  handler: async (args) => {
    if (args.command !== undefined && !COMMAND_NAMES.includes(args.command)) {
      throw new UsageError('UnknownCommand', `Unknown command '${args.command}'.`, { hint: choicesHint(args.command, COMMAND_NAMES) });
    }
    if (args.command === 'completion') {
      out(COMPLETION_HELP);
      return;
    }
    await parse(args.command ? [args.command, '--help'] : ['--help'], io());
  },
};

/** `--pages=` or `--pages ""`: yargs reads an empty number as 0, so empty values are found in the words typed. */
function refuseEmptyWords(argv: readonly string[]): void {
  argv.forEach((word, i) => {
    const name = /^--([\w-]+)=$/.exec(word)?.[1] ?? (/^--[\w-]+$/.test(word) && argv[i + 1] === '' ? word.slice(2) : undefined);
    if (name !== undefined) refuseEmptyValues({ _: [argv.find((a) => !a.startsWith('-')) ?? ''], [name]: '' }, argv);
  });
}

async function parse(argv: string[], cliIo: CliIo): Promise<void> {
  // Tab completion asks with the words typed so far, the last often empty: nothing to refuse yet.
  const completing = argv.includes('--get-yargs-completions');
  const words = argv.filter((a) => !a.startsWith('-'));
  if (words[0] === 'completion' && (argv.includes('--help') || argv.includes('-h'))) {
    out(COMPLETION_HELP);
    return;
  }
  const shell = completionShell(argv);
  if (shell !== undefined) argv = argv.filter((a) => a !== shell);
  if (!completing) refuseEmptyWords(argv);
  await asShell(shell, () => build(argv, cliIo, completing));
}

/**
 * Examples as a comment line, then the command on a line of its own: in yargs' two columns a long
 * command wrapped in the middle at a terminal's 80 columns, and copied, it ran without its end.
 */
function examplesOnTheirOwnLines(y: Argv): Argv {
  const example = y.example.bind(y);
  const own = (command: string, description?: string) => (example(`# ${description ?? ''}`, ''), example(command, ''));
  y.example = ((command: string | [string, string?][], description?: string) =>
    typeof command === 'string' ? own(command, description) : (command.forEach(([c, d]) => own(c, d)), y)) as Argv['example'];
  return y;
}

async function build(argv: string[], cliIo: CliIo, completing: boolean): Promise<void> {
  await examplesOnTheirOwnLines(yargs(argv))
    .scriptName('briefpack')
    .usage('$0 <command> [options]\n\nTurn a folder of YAML content into briefing packs: PDF, DOCX and Markdown.')
    .command(generateCommand)
    .command(listCommand)
    .command(validateCommand)
    .command(initCommand)
    .command(schemaCommand)
    .command(serveCommand)
    .command(helpCommand)
    .completion('completion', 'Print a shell completion script (bash, zsh, fish): briefpack completion >> ~/.bashrc')
    .middleware((parsed) => {
      if (!completing) refuseRepeatedOptions(parsed);
    }, true)
    .middleware((parsed) => {
      if (!completing) refuseEmptyValues(parsed, argv);
    }, true)
    .option('quiet', { alias: 'q', type: 'boolean', describe: 'Print only warnings, errors and what was asked for (e.g. --json)' })
    .option('verbose', { type: 'boolean', describe: 'Also print what each step read and how long it took' })
    .option('debug', { type: 'boolean', describe: 'Show stack traces' })
    .group(['quiet', 'verbose', 'debug', 'help', 'version'], 'General:')
    .example('$0 init data/my-meeting', 'Start a pack with commented examples')
    .example('$0 validate data/my-meeting', 'Check it and list every problem')
    .example('$0 generate --data data/my-meeting', 'Write its documents as PDF, DOCX and Markdown')
    .example('$0 help generate', 'The options of generate, grouped, with examples')
    .demandCommand(1, `Name a command: ${COMMAND_NAMES.join(', ')}.`)
    .strict()
    .recommendCommands()
    .help()
    .alias('h', 'help')
    .version()
    .wrap(Math.min(100, cliIo.stdout.columns || 100))
    .fail((message, error) => {
      throw error ?? usageFailure(message, argv);
    })
    .exitProcess(false)
    .showHelpOnFail(false)
    .parseAsync(argv, {}, (_error, _argv, output) => {
      if (output) out(output.replace(/\n$/, ''));
    });
}
