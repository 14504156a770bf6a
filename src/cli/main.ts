#!/usr/bin/env node
import { isLongLived, relaunch, relaunchArgs, tuneEngine } from './engine.js';

// Before anything else loads: V8's settings apply to code compiled after them (engine.ts). They
// suit a short run, not one that stays up; one that stays up starts again with its own settings.
const longLived = isLongLived(process.argv.slice(2));
const again = longLived ? relaunchArgs(process.execArgv, process.argv) : undefined;
if (again) process.exitCode = await relaunch(again);
else await run();

async function run(): Promise<void> {
  if (!longLived) tuneEngine();
  // A reader that stops early (`briefpack generate | head -3`) closes the pipe; the files are
  // written by then, so stop quietly, as Unix tools do, instead of failing on the next line printed.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(process.exitCode ?? 0);
  });
  const [{ hideBin }, { main }] = await Promise.all([import('yargs/helpers'), import('./run.js')]);
  process.exitCode = await main(hideBin(process.argv));
}
