import { cloudflareTest } from '@cloudflare/vitest-pool-workers';
import { defineConfig } from 'vitest/config';

// Quiet and offline: miniflare would otherwise try to download the Request.cf blob, wrangler would send metrics.
process.env.CLOUDFLARE_CF_FETCH_ENABLED ??= 'false';
process.env.WRANGLER_SEND_METRICS ??= 'false';

declare module 'vitest' {
  /** Set by tests/workerd/global-setup.ts: the sqld the Worker under test talks to. */
  export interface ProvidedContext {
    sqldUrl: string;
    /** An sqld that refuses requests without a valid JWT. */
    authSqldUrl: string;
  }
}

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'node',
          include: ['tests/{unit,api,integration}/**/*.test.ts'],
          environment: 'node',
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        // The real Worker entry inside workerd, against a local sqld started (migrated and seeded) by the global setup.
        plugins: [
          cloudflareTest(({ inject }) => ({
            wrangler: { configPath: './wrangler.toml' },
            miniflare: {
              bindings: {
                TURSO_DATABASE_URL: inject('sqldUrl'),
                SMS_PROVIDER: 'console',
                PUBLIC_BASE_URL: 'https://sportello.test',
                // The staff API refuses to run without it (503); any value will do for tests.
                HASH_SECRET: 'workerd-test-hash-secret',
              },
            },
          })),
        ],
        test: {
          name: 'workerd',
          include: ['tests/workerd/**/*.test.ts'],
          globalSetup: ['tests/workerd/global-setup.ts'],
          isolate: false,
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        // Real Chromium (Debian's, through playwright-core) against the widget built into public/ by the global setup.
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['tests/e2e/global-setup.ts'],
          // One browser and one server per file; generous because CI has 2 cores and axe takes a second a run.
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
