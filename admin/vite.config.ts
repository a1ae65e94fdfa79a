import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { PRODUCTION_WHATEVER_NODE_ENV } from '../widget/vite.config';

/**
 * `npm run build:admin`: the admin portal (admin/index.html and its modules) built into the Worker's assets
 * as public/admin/ (index.html + hashed assets/), served at /admin/. Only public/admin/ is emptied: the rest
 * of public/ holds committed files and the widget bundle.
 */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/admin/',
  // public/ is where the build goes, not a folder of files to copy.
  publicDir: false,
  logLevel: 'warn',
  // Lit's production build and NODE_ENV defined as production, whatever the shell's NODE_ENV says.
  ...PRODUCTION_WHATEVER_NODE_ENV,
  build: {
    outDir: fileURLToPath(new URL('../public/admin', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    minify: true,
    reportCompressedSize: false,
    // One small app: a single chunk loads faster over a slow connection than a waterfall of tiny ones.
    modulePreload: { polyfill: false },
  },
});
