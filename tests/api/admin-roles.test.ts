/**
 * The role matrix, generated from the router: every staff route carries an allow(...) guard as its first
 * handler, refuses anonymous requests (401) and every role outside its list (403). No list of routes is
 * written here, so a route added without a guard fails this file.
 */
import { createClient } from '@libsql/client';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../worker/src/app';
import { isRoleGuard, type RoleGuard } from '../../worker/src/auth/guard';
import { createDb } from '../../worker/src/db/client';
import { ROLES, type Role } from '../../worker/src/domain/vocabulary';
import { givenDesk } from '../fixtures/builders';
import { createTestDb } from '../fixtures/db';
import { fixedClock, testDeps } from '../fixtures/deps';
import { staffHeaders, TEST_ORIGIN } from '../fixtures/staff';

/** The session endpoints answer anonymous callers by design (log in, "who am I" → 401, log out). */
const UNGUARDED = new Set(['POST /api/admin/session', 'GET /api/admin/session', 'DELETE /api/admin/session']);

interface StaffRoute {
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
    const route = byKey.get(key) ?? { method: r.method, path: r.path, handlers: [] };
    route.handlers.push(r.handler);
    byKey.set(key, route);
  }
  return [...byKey.values()];
}

/** A concrete URL for a route pattern: each parameter gets a value its pattern accepts ('x' when unconstrained). */
function samplePath(pattern: string): string {
  const candidates = ['x', '1', '2026-10-12', '2026-W42', 'x.ics', 'x.json'];
  return pattern
    .replace(/:\w+(?:\{([^}]*(?:\{[^}]*\}[^}]*)*)\})?\??/g, (_m, re: string | undefined) => {
      if (!re) return 'x';
      const regex = new RegExp(`^(?:${re})$`);
      return candidates.find((s) => regex.test(s)) ?? 'x';
    })
    .replace(/\*/g, 'x');
}

// The router is the same whatever the database: enumerate it synchronously to get one test per route.
const routes = staffRoutes(createApp(testDeps(createDb(createClient({ url: ':memory:' })))));
const guarded = routes.filter((r) => !UNGUARDED.has(`${r.method} ${r.path}`));

describe('role matrix (generated from the router)', () => {
  let app: ReturnType<typeof createApp>;
  const sessions = {} as Record<Role, Record<string, string>>;

  beforeAll(async () => {
    const { db } = await createTestDb();
    await givenDesk(db);
    app = createApp(testDeps(db, { clock: fixedClock('2026-10-12T08:00:00Z') }));
    for (const role of ROLES) sessions[role] = (await staffHeaders(app, db, role)).headers;
  });

  function call(route: StaffRoute, headers: Record<string, string>) {
    const hasBody = route.method !== 'GET' && route.method !== 'HEAD';
    return app.request(samplePath(route.path), {
      method: route.method,
      headers: hasBody ? { Origin: TEST_ORIGIN, 'Content-Type': 'application/json', ...headers } : headers,
      body: hasBody ? '{}' : undefined,
    });
  }

  it('finds the staff routes, including the admin-only user management', () => {
    const users = guarded.filter((r) => r.path.startsWith('/api/admin/users'));
    expect(users.length).toBeGreaterThanOrEqual(4);
    for (const r of users) expect((r.handlers[0] as RoleGuard).roles).toEqual(['admin']);
  });

  it.each(routes.map((r) => [`${r.method} ${r.path}`, r] as const))(
    '%s has an allow() guard as its first handler (or is a session endpoint)',
    (key, route) => {
      if (UNGUARDED.has(key)) {
        expect(route.handlers.some(isRoleGuard)).toBe(false);
        return;
      }
      expect(isRoleGuard(route.handlers[0]), `${key} must start with allow(...roles)`).toBe(true);
      expect((route.handlers[0] as RoleGuard).roles.length).toBeGreaterThan(0);
    },
  );

  it.each(guarded.map((r) => [`${r.method} ${r.path}`, r] as const))(
    '%s: anonymous → 401, roles outside the guard → 403, roles inside pass the guard',
    async (key, route) => {
      const guard = route.handlers[0];
      if (!isRoleGuard(guard)) throw new Error(`${key} has no guard`);
      const anonymous = await call(route, { Origin: TEST_ORIGIN });
      expect(anonymous.status, `${key} anonymous`).toBe(401);
      for (const role of ROLES) {
        const res = await call(route, sessions[role]);
        if (guard.roles.includes(role)) {
          expect(res.status, `${key} as ${role}`).not.toBe(401);
          expect(res.status, `${key} as ${role}`).toBeLessThan(500);
        } else {
          expect(res.status, `${key} as ${role}`).toBe(403);
          expect(((await res.json()) as { error: { code: string } }).error.code).toBe('forbidden');
        }
      }
    },
  );

  it('the session endpoints themselves: GET answers 401 when anonymous', async () => {
    expect((await app.request('/api/admin/session')).status).toBe(401);
  });
});
