import { constants, copyFileSync, existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import { UsageError } from '../../errors.js';
import { out } from '../io.js';

interface Args {
  folder: string;
  json?: boolean;
}

export const initCommand: CommandModule<object, Args> = {
  command: 'init <folder>',
  describe: 'Start a new pack: example YAML files, commented, that validate and generate at once',
  builder: (y: Argv) =>
    y
      .positional('folder', { type: 'string', demandOption: true, describe: 'New pack folder (must be empty or absent)' })
      .option('json', { type: 'boolean' })
      .example('$0 init data/my-meeting', 'Then: briefpack generate --data data/my-meeting')
      .example('$0 init data/my-meeting --json', 'The files written, as JSON') as unknown as Argv<Args>,
  handler: async (args) => {
    // Imported here, not at the top: the template module loads Handlebars, which every other
    // command would then pay for at start-up.
    const { BUNDLED_TEMPLATES } = await import('../../template/index.js');
    // The example pack's files: template wording, kept under templates/init/.
    const scaffold = join(BUNDLED_TEMPLATES, 'init');
    const folder = resolve(args.folder);
    if (existsSync(folder) && (!statSync(folder).isDirectory() || readdirSync(folder).length > 0)) {
      throw new UsageError('FolderNotEmpty', `${args.folder} already exists and is not an empty folder; init writes only into a new or empty one.`, {
        hint: 'Choose a new folder name.',
        location: { file: args.folder },
      });
    }
    const files = readdirSync(scaffold).filter((n) => /\.ya?ml$/.test(n)).sort();
    mkdirSync(folder, { recursive: true });
    // Exclusive copies: a file appearing meanwhile is not overwritten.
    for (const name of files) copyFileSync(join(scaffold, name), join(folder, name), constants.COPYFILE_EXCL);
    if (args.json) out(JSON.stringify({ ok: true, folder: args.folder, files }));
    else {
      out(`Created ${args.folder}/ with ${files.join(', ')}.`);
      out(`Next: edit them, then run\n  briefpack validate ${args.folder}\n  briefpack generate --data ${args.folder} --watch`);
    }
  },
};
