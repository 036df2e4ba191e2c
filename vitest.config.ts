import { defineConfig } from 'vitest/config';

// One vitest run from the root covers every workspace project: tests live beside the code
// (src/**/*.test.ts) and cross-package tests in tests/. Workspace packages resolve to their
// TypeScript source through the `@reasonrl/source` export condition, so no build is needed.
export default defineConfig({
  resolve: { conditions: ['@reasonrl/source'] },
  ssr: { resolve: { conditions: ['@reasonrl/source'] } },
  test: {
    include: ['{packages,plugins,apps,tools}/*/src/**/*.test.ts', 'tests/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
  },
});
