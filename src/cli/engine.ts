// V8 settings for a briefpack process, set before the pipeline is loaded. A run is short and runs
// most of its JavaScript a few thousand times: with V8's defaults the optimising compiler spent
// about 0.9 s of a 1.8 s pack run compiling and inlining on the second core, more than the
// optimised code then saved, and it kept that core from the writer thread. Fewer, smaller
// optimisations: the bundled pack cold ~10 % faster, 200 handouts ~8 % faster (npm run bench).
// Settings only: what a document contains and its bytes are the same with or without them.
import { setFlagsFromString } from 'node:v8';

export const ENGINE_FLAGS = ['--no-turbo-inlining', '--interrupt-budget=300000'] as const;

/** Applies ENGINE_FLAGS unless BRIEFPACK_V8_DEFAULTS is set (to compare, or if one misbehaves). */
export function tuneEngine(env: NodeJS.ProcessEnv = process.env, set: (flag: string) => void = setFlagsFromString): readonly string[] {
  if (env.BRIEFPACK_V8_DEFAULTS) return [];
  for (const flag of ENGINE_FLAGS) set(flag);
  return ENGINE_FLAGS;
}

/**
 * Whether this command runs for a long time (`serve`, `generate --watch`). Such a process lays out
 * the same code hundreds of times, and once warm V8's full optimisation pays for itself: in `npm
 * run bench`'s long-lived section the flags above made the pack's layouts about a third slower.
 */
export function isLongLived(argv: readonly string[]): boolean {
  return argv.find((a) => !a.startsWith('-')) === 'serve' || argv.includes('--watch');
}
