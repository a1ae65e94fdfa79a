import type { StaffPrincipal } from './auth/guard';
import type { Lang } from './i18n';

/** Hono environment shared by every router. */
export interface AppEnv {
  Variables: {
    lang: Lang;
    requestId: string;
    /** Present on /api/admin requests with a valid session (see worker/src/auth/session.ts). */
    staff?: StaffPrincipal;
  };
}
