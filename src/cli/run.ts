// The composition root: wires commands, turns errors into messages and exit codes. Heavy modules
// (pdfmake, docx, handlebars) load inside command handlers, only when a command needs them.
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { UsageError } from '../errors.js';
import { generateCommand } from './commands/generate.js';
import { initCommand } from './commands/init.js';
import { listCommand } from './commands/list.js';
import { schemaCommand } from './commands/schema.js';
import { validateCommand } from './commands/validate.js';
import { err, out } from './io.js';
import { errorJson, exitCodeFor, formatError } from './report.js';

export async function main(argv: string[]): Promise<number> {
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
      .option('debug', { type: 'boolean', describe: 'Show stack traces' })
      .demandCommand(1, 'Name a command: generate, list, validate, init or schema.')
      .strict()
      .recommendCommands()
      .help()
      .alias('h', 'help')
      .version()
      .wrap(Math.min(100, process.stdout.columns || 100))
      .fail((message, error) => {
        throw error ?? new UsageError('BadArguments', message, { hint: 'Run `briefpack --help` for the options.' });
      })
      .parseAsync();
    return 0;
  } catch (error) {
    if (json) out(JSON.stringify(errorJson(error)));
    else err(formatError(error, debug));
    return exitCodeFor(error);
  }
}

