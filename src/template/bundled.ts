// Where the bundled templates are, apart from render.ts so the message catalogues can find them too.
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const BUNDLED_TEMPLATES = resolve(dirname(fileURLToPath(import.meta.url)), '../../templates');
