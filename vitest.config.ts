// Test runner configuration: tests import the workspace packages from their TypeScript sources
// (the "idt-source" export condition), so only end-to-end CLI tests need the built dist/.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Vite does not apply custom conditions to package.json "imports": map @idt/lang's #chevrotain
  // to the package itself here, as the idt-source condition does for Node (no build needed).
  resolve: { conditions: ['idt-source'], alias: { '#chevrotain': 'chevrotain' } },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
