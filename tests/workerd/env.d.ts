// Bindings the workerd test project gives the Worker (see vitest.config.ts), as `env` from cloudflare:test sees them.
declare namespace Cloudflare {
  interface Env {
    TURSO_DATABASE_URL: string;
    SMS_PROVIDER: string;
    PUBLIC_BASE_URL: string;
    HASH_SECRET: string;
  }
}
