import type { Lang } from './i18n';

/** Hono environment shared by every router. */
export interface AppEnv {
  Variables: {
    lang: Lang;
    requestId: string;
  };
}
