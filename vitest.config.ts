import { defineConfig } from 'vitest/config';

// Three tiers (STYLE.md §13): unit tests touch no network; integration tests start the local
// stack in-process (dynalite, s3rver, the Bedrock emulator, the Slack sandbox) and drive it through
// the real SDK clients; e2e tests drive the sandbox page in Debian's chromium.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          environment: 'node',
          testTimeout: 30_000,
          hookTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
