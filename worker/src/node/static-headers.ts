/**
 * Cloudflare's `_headers` file, read by the local runtime so static files get the same response headers
 * in both runtimes from one source (public/_headers). Covers what that file uses: path patterns with `*`
 * (any characters) and `:name` (one segment), `Name: value` lines, `! Name` to drop a header set by an
 * earlier rule, and comments. A header two rules set is joined with a comma, as Cloudflare does.
 */
import { readFileSync } from 'node:fs';

export interface HeaderRule {
  pattern: RegExp;
  set: [name: string, value: string][];
  detach: string[];
}

/** The rules of a `_headers` file's text, in file order. */
export function parseHeadersFile(text: string): HeaderRule[] {
  const rules: HeaderRule[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    if (!/^\s/.test(raw)) {
      rules.push({ pattern: pathPattern(line), set: [], detach: [] });
      continue;
    }
    const rule = rules.at(-1);
    if (!rule) continue;
    if (line.startsWith('!')) {
      rule.detach.push(line.slice(1).trim().toLowerCase());
      continue;
    }
    const colon = line.indexOf(':');
    if (colon > 0) rule.set.push([line.slice(0, colon).trim(), line.slice(colon + 1).trim()]);
  }
  return rules;
}

/** The rules of a `_headers` file on disk; none when it does not exist. */
export function readHeadersFile(path: string): HeaderRule[] {
  try {
    return parseHeadersFile(readFileSync(path, 'utf8'));
  } catch {
    return [];
  }
}

/** The headers the rules give a path. */
export function headersFor(rules: readonly HeaderRule[], path: string): Map<string, string> {
  const headers = new Map<string, string>(); // lower-case name -> value
  const names = new Map<string, string>(); // lower-case name -> name as written
  for (const rule of rules) {
    if (!rule.pattern.test(path)) continue;
    for (const [name, value] of rule.set) {
      const key = name.toLowerCase();
      const before = headers.get(key);
      headers.set(key, before === undefined ? value : `${before}, ${value}`);
      names.set(key, name);
    }
    for (const key of rule.detach) headers.delete(key);
  }
  return new Map([...headers].map(([key, value]) => [names.get(key)!, value]));
}

function pathPattern(path: string): RegExp {
  const source = path
    .split(/(\*|:[A-Za-z]\w*)/)
    .map((part) => (part === '*' ? '.*' : part.startsWith(':') ? '[^/]+' : part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`);
}
