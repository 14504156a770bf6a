#!/usr/bin/env node
import { tuneEngine } from './engine.js';

// Before anything else loads: V8's settings apply to code compiled after them (engine.ts).
tuneEngine();
const [{ hideBin }, { main }] = await Promise.all([import('yargs/helpers'), import('./run.js')]);
process.exitCode = await main(hideBin(process.argv));
