import type { Argv, CommandModule } from 'yargs';
import { out, printDiagnostics } from '../io.js';

interface Args {
  data: string;
  json?: boolean;
}

export const validateCommand: CommandModule<object, Args> = {
  command: 'validate <data>',
  describe: 'Check a pack folder and print every problem',
  builder: (y: Argv) =>
    y
      .positional('data', { type: 'string', demandOption: true, describe: 'Pack folder' })
      .option('json', { type: 'boolean' })
      .example('$0 validate data/mypack', 'Lists each problem with file, line and field') as unknown as Argv<Args>,
  handler: async (args) => {
    const { loadContent } = await import('../../content/index.js');
    (await import('../inputs.js')).noteSkippedFiles(args.data);
    const content = loadContent(args.data);
    printDiagnostics(content.warnings ?? []);
    const counts = { topics: content.topics.length, items: content.items.length, sessions: content.agenda.length, sources: content.sources.length };
    if (args.json) out(JSON.stringify({ ok: true, pack: content.id, ...counts }));
    else out(`${args.data}: valid (${counts.topics} topics, ${counts.items} items, ${counts.sessions} sessions, ${counts.sources} sources)`);
  },
};
