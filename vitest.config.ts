import { defineConfig } from 'vitest/config';

// Projects with one job each: type tests (tsc only), fast unit tests in Node, React hooks in jsdom,
// and end-to-end tests that drive headless Chromium against the demo's real servers.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'types',
          // Type tests only: tsc checks test/types/*.test-d.ts (expectTypeOf, @ts-expect-error); nothing runs.
          typecheck: { enabled: true, only: true, include: ['test/types/**/*.test-d.ts'] },
        },
      },
      {
        test: {
          name: 'unit',
          environment: 'node',
          include: ['test/unit/**/*.test.ts', 'test/demo/**/*.test.ts'],
        },
      },
      {
        test: {
          name: 'react',
          environment: 'jsdom',
          include: ['test/react/**/*.test.{ts,tsx}'],
        },
      },
      {
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['test/e2e/**/*.test.ts'],
          // Builds dist/ and the demo SPA once per run: the browser runs what npm would ship.
          globalSetup: ['test/e2e/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
