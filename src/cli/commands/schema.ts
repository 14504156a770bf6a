import type { CommandModule } from 'yargs';
import { out } from '../io.js';

export const schemaCommand: CommandModule = {
  command: 'schema',
  describe: 'Print the JSON Schema of pack YAML files (for editor autocompletion)',
  handler: async () => {
    const { contentJsonSchema } = await import('../../content/index.js');
    out(JSON.stringify(contentJsonSchema(), null, 2));
  },
};
