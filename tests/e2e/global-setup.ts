import { ensureAdminBuilt } from './admin-harness';
import { buildWidget } from './build-widget';

/**
 * Builds public/widget.js and public/admin/ once before the browser tests: `npm test` on a fresh clone has
 * neither yet. One after the other: both are Vite builds writing into public/.
 */
export default async function setup(): Promise<void> {
  await buildWidget();
  await ensureAdminBuilt();
}
