import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const root = fileURLToPath(new URL('..', import.meta.url));

export default defineConfig({
  test: {
    root,
    include: ['test/**/*.test.ts', 'src/**/*.test.ts', 'policies/**/*.test.ts'],
    // Store tests share one Postgres database and run their own schemas; files run in parallel forks.
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
