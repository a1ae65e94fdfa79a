import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/**
 * `npm run build:widget`: one self-contained ES module (Lit included, production mode) written into the
 * Worker's assets directory as public/widget.js. public/ holds committed files: never empty it.
 */
export default defineConfig({
  // public/ is the output here, not a folder of files to copy into it.
  publicDir: false,
  logLevel: 'warn',
  build: {
    lib: {
      entry: fileURLToPath(new URL('./src/index.ts', import.meta.url)),
      formats: ['es'],
      fileName: () => 'widget.js',
    },
    outDir: fileURLToPath(new URL('../public', import.meta.url)),
    emptyOutDir: false,
    target: 'es2022',
    minify: true,
    // Vite 8 leaves ES library output unminified unless Rolldown is told too.
    rolldownOptions: { output: { minify: true } },
    reportCompressedSize: false,
  },
});
