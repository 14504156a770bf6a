// The composition root: wires commands, turns errors into messages and exit codes. Heavy modules
// (pdfmake, docx, handlebars) load inside command handlers, only when a command needs them.
import yargs from 'yargs';
import { UsageError } from '../errors.js';
import { generateCommand } from './commands/generate.js';
import { initCommand } from './commands/init.js';
import { listCommand } from './commands/list.js';
import { schemaCommand } from './commands/schema.js';
import { serveCommand } from './commands/serve.js';
import { validateCommand } from './commands/validate.js';
import { err, out, processIo, withIo, type CliIo } from './io.js';
import { errorJson, exitCodeFor, formatError } from './report.js';

// Options that may be given more than once; every other option takes one value, and a second one
// is a mistake to name rather than a list for a command to trip over.
const REPEATABLE = new Set(['_', '$0', 'doc', 'topic']);

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

async function run(argv: string[], cliIo: CliIo): Promise<number> {
  const debug = argv.includes('--debug');
  const json = argv.includes('--json');
  try {
    await yargs(argv)
      .scriptName('briefpack')
      .usage('$0 <command> [options]\n\nTurn a folder of YAML content into briefing packs: PDF, DOCX and Markdown.')
      .command(generateCommand)
      .command(listCommand)
      .command(validateCommand)
      .command(initCommand)
      .command(schemaCommand)
      .command(serveCommand)
      .middleware(refuseRepeatedOptions, true)
      .option('debug', { type: 'boolean', describe: 'Show stack traces' })
      .demandCommand(1, 'Name a command: generate, list, validate, init or schema.')
      .strict()
      .recommendCommands()
      .help()
      .alias('h', 'help')
      .version()
      .wrap(Math.min(100, cliIo.stdout.columns || 100))
      .fail((message, error) => {
        throw error ?? new UsageError('BadArguments', message, { hint: 'Run `briefpack --help` for the options.' });
      })
      .exitProcess(false)
      .showHelpOnFail(false)
      .parseAsync(argv, {}, (_error, _argv, output) => {
        if (output) out(output.replace(/\n$/, ''));
      });
    return 0;
  } catch (error) {
    if (json) out(JSON.stringify(errorJson(error)));
    else err(formatError(error, debug, argv));
    return exitCodeFor(error);
  }
}
