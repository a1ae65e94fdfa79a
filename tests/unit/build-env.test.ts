import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CONFIGS = {
  widget: fileURLToPath(new URL('../../widget/vite.config.ts', import.meta.url)),
  admin: fileURLToPath(new URL('../../admin/vite.config.ts', import.meta.url)),
};
const scratch = mkdtempSync(join(tmpdir(), 'sportello-build-env-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Every file a build wrote, by its path under the output directory. */
function files(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    out.set(relative(dir, path), readFileSync(path, 'utf8'));
  }
  return out;
}

/** Builds one app with the shell's NODE_ENV set as given, into a directory of its own under the scratch dir. */
async function buildWith(app: keyof typeof CONFIGS, nodeEnv: string): Promise<Map<string, string>> {
  const { build } = await import('vite');
  const outDir = join(scratch, `${app}-${nodeEnv}`);
  const saved = { env: process.env.NODE_ENV, cwd: process.cwd() };
  process.env.NODE_ENV = nodeEnv;
  process.chdir(ROOT);
  try {
    await build({ configFile: CONFIGS[app], logLevel: 'silent', build: { outDir, emptyOutDir: true } });
  } finally {
    if (saved.env === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = saved.env;
    process.chdir(saved.cwd);
  }
  return files(outDir);
}

describe('NODE_ENV in the shell does not change what ships', () => {
  for (const app of ['widget', 'admin'] as const) {
    it(`builds the same ${app} bundle with NODE_ENV=development as with NODE_ENV=production`, async () => {
      const production = await buildWith(app, 'production');
      const development = await buildWith(app, 'development');
      expect([...development.keys()].sort()).toEqual([...production.keys()].sort());
      for (const [path, code] of production) expect(development.get(path), path).toBe(code);
      // Lit's development build announces itself: its warning text must not reach either bundle.
      const all = [...development.values()].join('\n');
      expect(all).not.toMatch(/in dev mode/);
      expect(all.length).toBeGreaterThan(10_000);
    }, 60_000);
  }
});
