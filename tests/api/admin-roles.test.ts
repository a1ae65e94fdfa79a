/**
 * The role matrix against an independent source: the route table in README.md ("Staff accounts and roles").
 * The router and the README must list the same staff routes with the same roles; then every guarded route
 * answers anonymous calls 401, every role the README leaves out 403, and every role it lets in neither.
 * Changing a guard without the README (or the other way round) fails this file.
 */
import { readFileSync } from 'node:fs';
import { createClient } from '@libsql/client';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../worker/src/app';
import { isRoleGuard } from '../../worker/src/auth/guard';
import { createDb } from '../../worker/src/db/client';
import { ROLES, type Role } from '../../worker/src/domain/vocabulary';
import { givenDesk } from '../fixtures/builders';
import { createTestDb } from '../fixtures/db';
import { fixedClock, testDeps } from '../fixtures/deps';
import { staffHeaders, TEST_ORIGIN } from '../fixtures/staff';

interface DocumentedRoute {
  key: string;
  /** Callable without a session (the session endpoints). */
  anonymous: boolean;
  roles: Role[];
}

/** The README's route table: the one whose header starts with "Route"; a cell other than "–" means allowed. */
function readmeRoutes(markdown: string): DocumentedRoute[] {
  const lines = markdown.split('\n');
  const start = lines.findIndex((l) => /^\|\s*Route\s*\|/.test(l));
  if (start < 0) throw new Error('README.md has no table whose first column is "Route"');
  const cells = (line: string) =>
    line
      .trim()
      .replace(/^\||\|$/g, '')
      .split('|')
      .map((c) => c.trim());
  const header = cells(lines[start]!);
  const columns = header.map((h, i) => [h, i] as const).filter(([h]) => h === 'anonymous' || isRole(h));
  expect(columns.map(([h]) => h).sort()).toEqual(['anonymous', ...ROLES].sort());
  const rows: DocumentedRoute[] = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith('|')) break;
    const row = cells(line);
    const key = row[0]!.replace(/`/g, '');
    const allowed = (i: number) => row[i] !== undefined && row[i] !== '' && row[i] !== '–' && row[i] !== '-';
    rows.push({
      key,
      anonymous: columns.some(([h, i]) => h === 'anonymous' && allowed(i)),
      roles: columns.filter(([h, i]) => isRole(h) && allowed(i)).map(([h]) => h as Role),
    });
  }
  return rows;
}

function isRole(s: string): s is Role {
  return (ROLES as readonly string[]).includes(s);
}

interface StaffRoute {
  key: string;
  method: string;
  path: string;
  /** Handlers in the order they run. */
  handlers: unknown[];
}

/** Every method+path under /api/admin with its handlers; middleware mounted with use() (method ALL) is left out. */
function staffRoutes(app: { routes: { method: string; path: string; handler: unknown }[] }): StaffRoute[] {
  const byKey = new Map<string, StaffRoute>();
  for (const r of app.routes) {
    if (r.method === 'ALL' || !(r.path === '/api/admin' || r.path.startsWith('/api/admin/'))) continue;
    const key = `${r.method} ${r.path}`;
    const route = byKey.get(key) ?? { key, method: r.method, path: r.path, handlers: [] };
    route.handlers.push(r.handler);
    byKey.set(key, route);
  }
  return [...byKey.values()];
}

/** The roles the router's guard lets through, or null when the route has no guard. */
function guardedRoles(route: StaffRoute): Role[] | null {
  const guard = route.handlers.find(isRoleGuard);
  return guard ? [...guard.roles] : null;
}

/**
 * A concrete URL for a route pattern: each parameter gets a value its pattern accepts ('x' when unconstrained).
 * A volunteer's ✓ means "own data only" (README), so a volunteer calls the volunteer routes with their own id.
 */
function samplePath(pattern: string, ownVolunteerId: string | null): string {
  const candidates = ['x', '1', '2026-10-12', '2026-W42', 'x.ics', 'x.json'];
  const own = ownVolunteerId
    ? pattern.replace(/^\/api\/admin\/volunteers\/:id\b/, `/api/admin/volunteers/${ownVolunteerId}`)
    : pattern;
  return own
    .replace(/:\w+(?:\{([^}]*(?:\{[^}]*\}[^}]*)*)\})?\??/g, (_m, re: string | undefined) => {
      if (!re) return 'x';
      const regex = new RegExp(`^(?:${re})$`);
      return candidates.find((s) => regex.test(s)) ?? 'x';
    })
    .replace(/\*/g, 'x');
}

const documented = readmeRoutes(readFileSync(new URL('../../README.md', import.meta.url), 'utf8'));
const documentedByKey = new Map(documented.map((d) => [d.key, d]));
// The router is the same whatever the database: enumerate it synchronously to get one test per route.
const routes = staffRoutes(createApp(testDeps(createDb(createClient({ url: ':memory:' })))));
const routeKeys = new Set(routes.map((r) => r.key));

describe('role matrix (router against the README route table)', () => {
  let app: ReturnType<typeof createApp>;
  const sessions = {} as Record<Role, { headers: Record<string, string>; volunteerId: string | null }>;

  beforeAll(async () => {
    const { db } = await createTestDb();
    await givenDesk(db);
    app = createApp(testDeps(db, { clock: fixedClock('2026-10-12T08:00:00Z') }));
    for (const role of ROLES) {
      const staff = await staffHeaders(app, db, role);
      sessions[role] = { headers: staff.headers, volunteerId: staff.user.volunteerId };
    }
  });

  function call(route: StaffRoute, headers: Record<string, string>, ownVolunteerId: string | null = null) {
    const hasBody = route.method !== 'GET' && route.method !== 'HEAD';
    return app.request(samplePath(route.path, ownVolunteerId), {
      method: route.method,
      headers: hasBody ? { Origin: TEST_ORIGIN, 'Content-Type': 'application/json', ...headers } : headers,
      body: hasBody ? '{}' : undefined,
    });
  }

  it('the README lists every staff route of the router, once, and no route the router lacks', () => {
    expect(documented.length).toBeGreaterThan(0);
    expect(documented.length, 'a route listed twice in the README').toBe(documentedByKey.size);
    expect(
      routes.map((r) => r.key).filter((k) => !documentedByKey.has(k)),
      'routes missing from the README',
    ).toEqual([]);
    expect(
      documented.map((d) => d.key).filter((k) => !routeKeys.has(k)),
      'README rows with no route',
    ).toEqual([]);
  });

  it.each(routes.map((r) => [r.key, r] as const))(
    '%s: the guard is the first handler and lets in exactly the README roles',
    (key, route) => {
      const row = documentedByKey.get(key);
      if (!row) throw new Error(`${key} is not in the README route table`);
      if (row.anonymous) {
        expect(guardedRoles(route), `${key} is documented as open: it must have no guard`).toBeNull();
        return;
      }
      expect(isRoleGuard(route.handlers[0]), `${key} must start with allow(...roles)`).toBe(true);
      expect(guardedRoles(route)?.slice().sort()).toEqual(row.roles.slice().sort());
    },
  );

  const guarded = documented.filter((d) => !d.anonymous && routeKeys.has(d.key));
  it.each(guarded.map((d) => [d.key, d] as const))(
    '%s: anonymous → 401, roles outside the README → 403, roles inside pass',
    async (key, row) => {
      const route = routes.find((r) => r.key === key)!;
      const anonymous = await call(route, { Origin: TEST_ORIGIN });
      expect(anonymous.status, `${key} anonymous`).toBe(401);
      for (const role of ROLES) {
        const res = await call(route, sessions[role].headers, sessions[role].volunteerId);
        if (row.roles.includes(role)) {
          expect(res.status, `${key} as ${role}`).not.toBe(401);
          expect(res.status, `${key} as ${role}`).not.toBe(403);
          expect(res.status, `${key} as ${role}`).toBeLessThan(500);
        } else {
          expect(res.status, `${key} as ${role}`).toBe(403);
          expect(((await res.json()) as { error: { code: string } }).error.code).toBe('forbidden');
        }
      }
    },
  );

  it('the session endpoints themselves: GET answers 401 when anonymous, DELETE does not refuse', async () => {
    expect((await app.request('/api/admin/session')).status).toBe(401);
    const out = await app.request('/api/admin/session', { method: 'DELETE', headers: { Origin: TEST_ORIGIN } });
    expect([401, 403]).not.toContain(out.status);
  });
});
