import { defineConfig } from 'vitest/config';

// Three tiers (STYLE.md §13): unit tests touch no network; integration tests start the local
// stack in-process (dynalite, s3rver, the Bedrock emulator, the Slack sandbox) and drive it through
// the real SDK clients; e2e tests drive the sandbox page in Debian's chromium.
export default defineConfig({
  test: {
    // The SDK warns once per process that releases after January 2027 need Node 22; Lambda runs
    // nodejs22.x and the SDK is pinned, so the warning is noise in test output.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          environment: 'node',
          // Tests assert behaviour, not timings: loading a tokenizer takes ~1 s alone and several on
          // a shared 2-core machine under load, past vitest's default of 5 s.
          testTimeout: 30_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          environment: 'node',
          testTimeout: 30_000,
          hookTimeout: 30_000,
        },
      },
      {
        extends: true,
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
