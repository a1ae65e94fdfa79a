import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

/**
 * Lit's css`` literals reach the bundle as written (the minifier leaves strings alone): this drops their
 * comments and the whitespace CSS does not need (about 150 bytes of gzip). Only whitespace around `{ } ; ,` and after
 * `:` goes (never before it: `a :hover` and `a:hover` differ); the styles hold no strings where it would matter.
 */
function compactCss(): Plugin {
  return {
    name: 'sportello-compact-css',
    transform(code, id) {
      if (!id.endsWith('.styles.ts')) return null;
      return code.replace(/css`([^`]*)`/g, (_all, body: string) => {
        const compact = body
          .replace(/\/\*[\s\S]*?\*\//g, '')
          .replace(/\s+/g, ' ')
          .replace(/\s*([{};,])\s*/g, '$1')
          .replace(/:\s+/g, ':')
          .replace(/;}/g, '}')
          .trim();
        return `css\`${compact}\``;
      });
    },
  };
}

/**
 * Lit's html`` literals keep their source indentation too. In the minified bundle a line break followed by
 * spaces occurs only inside those templates, where HTML reads any run of white space as one space (no
 * element of the widget preserves white space), so each run becomes one space: about 200 bytes of gzip.
 * A line break not followed by a space (Lit's own white-space pattern) is left alone.
 */
function compactTemplates(): Plugin {
  return {
    name: 'sportello-compact-templates',
    generateBundle(_options, bundle) {
      for (const chunk of Object.values(bundle)) {
        if (chunk.type === 'chunk') chunk.code = chunk.code.replace(/\n +/g, ' ');
      }
    },
  };
}

/**
 * `npm run build:widget`: one self-contained ES module (Lit included, production mode) written into the
 * Worker's assets directory as public/widget.js. public/ holds committed files: never empty it.
 */
export default defineConfig({
  // public/ is the output here, not a folder of files to copy into it.
  publicDir: false,
  logLevel: 'warn',
  plugins: [compactCss(), compactTemplates()],
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
