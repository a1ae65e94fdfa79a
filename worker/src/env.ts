import type { StaffPrincipal } from './auth/guard';
import type { AppDeps } from './deps';
import type { Lang } from './i18n';

/** Hono environment shared by every router. */
export interface AppEnv {
  Variables: {
    /**
     * The dependencies of this request (database client, clock, outbox…), set first by createApp. The app
     * is built once per isolate, so handlers read per-request things here, never from a closure.
     */
    deps: AppDeps;
    lang: Lang;
    requestId: string;
    /** Set when keptAvailability looked for a kept answer of this availability query and found none to serve. */
    keptLooked?: boolean;
    /** Present on /api/admin requests with a valid session (see worker/src/auth/session.ts). */
    staff?: StaffPrincipal;
  };
}
