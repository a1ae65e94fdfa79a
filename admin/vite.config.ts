import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

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
