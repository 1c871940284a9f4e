// Test runner configuration: tests import the workspace packages from their TypeScript sources
// (the "idt-source" export condition), so only end-to-end CLI tests need the built dist/.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['idt-source'] },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
