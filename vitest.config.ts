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
    // In CI a JSON report is written too, so .ci/run can print the plain "N passed, N failed" line.
    reporters: process.env.CI ? ['default', ['json', { outputFile: 'test-results.json' }]] : ['default'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
  },
});
