import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** The Worker's [assets] directory and the bundle the widget build writes into it. */
export const PUBLIC_DIR = fileURLToPath(new URL('../../public', import.meta.url));
export const WIDGET_JS = fileURLToPath(new URL('../../public/widget.js', import.meta.url));

/**
 * Builds the widget with its own Vite config (same as `vite build -c widget/vite.config.ts`), so the
 * browser tests and the bench run against what would be deployed, also on a fresh clone.
 */
export async function buildWidget(): Promise<string> {
  const { build } = await import('vite');
  // Run from the repository root, as `npm run build:widget` would: the config's relative paths assume it.
  const cwd = process.cwd();
  process.chdir(ROOT);
  // Vitest sets NODE_ENV=test: the config builds for production whatever it says.
  try {
    await build({
      configFile: fileURLToPath(new URL('../../widget/vite.config.ts', import.meta.url)),
      logLevel: 'warn',
    });
  } finally {
    process.chdir(cwd);
  }
  if (!existsSync(WIDGET_JS)) throw new Error(`the widget build did not write ${WIDGET_JS}`);
  return WIDGET_JS;
}
