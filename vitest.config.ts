import { defineConfig } from 'vitest/config';

const SLOW = ['tests/bench.test.ts', 'tests/errors/scale.test.ts'];

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['tests/**/*.test.ts'],
          exclude: ['tests/interop/**', ...SLOW, 'node_modules/**'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // Vitest's default on two cores is one worker; most files wait on layout, not on each
          // other, so two workers take the loop from about 6.5 to under 5 minutes there.
          maxWorkers: 2,
        },
      },
      {
        // Whole-CLI runs at scale (thousands of items, hundreds of recipients) and the benchmark's
        // own check: minutes each, so `npm run test:slow` rather than every `npm test`.
        test: {
          name: 'slow',
          include: SLOW,
          testTimeout: 900_000,
          hookTimeout: 900_000,
          fileParallelism: false,
        },
      },
      {
        // Checks that need Debian programs (LibreOffice, poppler, qpdf, pandoc).
        test: {
          name: 'interop',
          include: ['tests/interop/**/*.test.ts'],
          testTimeout: 180_000,
          hookTimeout: 300_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
