import type { MiddlewareHandler } from 'hono';
import type { Role } from '../domain/vocabulary';
import type { AppEnv } from '../env';
import { AppError } from '../errors';

export type { Role };

/** The signed-in staff member, set by the session middleware on every /api/admin request that has a valid session. */
export interface StaffPrincipal {
  userId: string;
  sessionId: string;
  name: string;
  email: string;
  role: Role;
  /** Set when the staff user is also a volunteer (always for role 'volunteer'). */
  volunteerId: string | null;
  language: 'it' | 'en';
}

/** A guard middleware that carries the roles it lets through, so tests can build the role matrix from the router. */
export type RoleGuard = MiddlewareHandler<AppEnv> & { readonly roles: readonly Role[] };

/**
 * Lets a request through only with a session (else 401 unauthorized) whose role is one of `roles`
 * (else 403 forbidden). Put it on every staff route: `router.post('/x', allow('admin', 'reception'), handler)`.
 */
export function allow(...roles: Role[]): RoleGuard {
  const guard: MiddlewareHandler<AppEnv> = async (c, next) => {
    const staff = c.get('staff');
    if (!staff) throw new AppError('unauthorized');
    if (!roles.includes(staff.role)) throw new AppError('forbidden');
    await next();
  };
  return Object.assign(guard, { roles: Object.freeze([...roles]) });
}

/** True when the guard-tagged middleware `h` is a RoleGuard (used by the role-matrix test). */
export function isRoleGuard(h: unknown): h is RoleGuard {
  return typeof h === 'function' && Array.isArray((h as { roles?: unknown }).roles);
}

/** The principal of a request that passed allow(); throws 401 if used on an unguarded route by mistake. */
export function staffOf(c: { get(key: 'staff'): StaffPrincipal | undefined }): StaffPrincipal {
  const staff = c.get('staff');
  if (!staff) throw new AppError('unauthorized');
  return staff;
}
