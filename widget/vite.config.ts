import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin, type UserConfig } from 'vite';

const OUT_DIR = fileURLToPath(new URL('../public', import.meta.url));
/** Where the chunks go, under public/: a folder only the build writes, so it can be cleared of old chunks. */
const CHUNK_DIR = 'widget';

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
 * A catalog fetched on demand ships as a list of its texts in the order of the Italian keys, without the
 * keys (about 580 bytes of gzip less per language); widget/src/i18n/index.ts puts the keys back. The
 * source stays a keyed object, which is what translators read and the type checker checks.
 */
function catalogsAsLists(): Plugin {
  const catalog = /[\\/]widget[\\/]src[\\/]i18n[\\/](ar|es|fr|uk|ro)\.ts$/;
  const italian = fileURLToPath(new URL('./src/i18n/it.ts', import.meta.url));
  /** A catalog module's export, from its code once TypeScript is stripped (plain data, no imports left). */
  const exported = async (code: string, name: string) =>
    ((await import(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`)) as Record<string, never>)[
      name
    ] as Record<string, string>;
  return {
    name: 'sportello-catalog-lists',
    // After the TypeScript transform: the code is JavaScript.
    enforce: 'post',
    async transform(code, id) {
      const lang = catalog.exec(id)?.[1];
      if (!lang) return null;
      const keys = Object.keys(await exported((await this.load({ id: italian })).code ?? '', 'it'));
      const texts = await exported(code, lang);
      return { code: `export const ${lang} = ${JSON.stringify(keys.map((key) => texts[key]))};`, map: null };
    },
  };
}

/**
 * Content-hashed chunks of earlier builds would pile up in public/widget/ (and be deployed): once the new
 * bundle is written, the files there that it does not name go.
 */
function dropOldChunks(): Plugin {
  return {
    name: 'sportello-drop-old-chunks',
    writeBundle(options, bundle) {
      // The directory written to: a test may build elsewhere (tests/unit/build-env.test.ts).
      const dir = join(options.dir ?? OUT_DIR, CHUNK_DIR);
      let files: string[];
      try {
        files = readdirSync(dir);
      } catch {
        return;
      }
      for (const file of files) {
        if (!(`${CHUNK_DIR}/${file}` in bundle)) rmSync(join(dir, file), { force: true });
      }
    },
  };
}

/**
 * Vite picks Lit's development build (its `development` export condition, dev-mode warnings, 4 KB more gzip)
 * and defines `process.env.NODE_ENV` from the shell's NODE_ENV: with NODE_ENV=development set, the bundle
 * that ships would change. The conditions and the definition are fixed here instead, so what is built is
 * the production bundle whatever the environment says (tests/unit/build-env.test.ts checks it).
 */
export const PRODUCTION_WHATEVER_NODE_ENV = {
  resolve: { conditions: ['module', 'browser', 'production'] },
  define: { 'process.env.NODE_ENV': JSON.stringify('production') },
} satisfies UserConfig;

/**
 * `npm run build:widget`: an ES module (Lit included, production mode) written into the Worker's assets
 * directory as public/widget.js, with what the first step does not need beside it in public/widget/: the
 * catalogs beyond Italian and English, one per language, and the later steps. public/ holds committed
 * files: never empty it.
 */
export default defineConfig({
  // public/ is the output here, not a folder of files to copy into it.
  publicDir: false,
  logLevel: 'warn',
  ...PRODUCTION_WHATEVER_NODE_ENV,
  plugins: [catalogsAsLists(), compactCss(), compactTemplates(), dropOldChunks()],
  build: {
    lib: {
      entry: fileURLToPath(new URL('./src/index.ts', import.meta.url)),
      formats: ['es'],
      fileName: () => 'widget.js',
    },
    outDir: OUT_DIR,
    emptyOutDir: false,
    target: 'es2022',
    minify: true,
    rolldownOptions: {
      // The later steps' chunk may import what widget.js already holds from widget.js itself: without this,
      // Rolldown would move the shared code into a third file that every first load fetches as well.
      preserveEntrySignatures: 'allow-extension',
      output: {
        // Vite 8 leaves ES library output unminified unless Rolldown is told too.
        minify: true,
        // No /* @__PURE__ */ left in what browsers download (the bundle is final; nothing tree-shakes it again).
        comments: false,
        // Content-hashed names, so the chunks can be cached for good (public/_headers).
        chunkFileNames: `${CHUNK_DIR}/[name]-[hash].js`,
      },
    },
    reportCompressedSize: false,
  },
});
