import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { StaffUserRow } from '../db/repo/staff';
import { findSessionWithUser, touchSession } from '../db/repo/staff';
import type { AppEnv } from '../env';
import { sha256Hex } from '../lib/ids';
import type { StaffPrincipal } from './guard';

export const SESSION_COOKIE = 'sportello_session';
const MINUTE = 60_000;
/** A session ends after this long without a request... */
export const SESSION_IDLE_MS = 12 * 60 * MINUTE;
/** ...and in any case this long after login. */
export const SESSION_MAX_MS = 7 * 24 * 60 * MINUTE;
/** The sliding expiry is written at most this often: most requests cost no write. */
export const SESSION_TOUCH_MS = 5 * MINUTE;
/** 32 random bytes in base64url; anything else is not one of our tokens and costs no query. */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{22,128}$/;

/** The session's expiry after a visit at `now`: idle timeout, capped by the absolute maximum. */
export function slidingExpiry(createdAt: number, now: number): number {
  return Math.min(now + SESSION_IDLE_MS, createdAt + SESSION_MAX_MS);
}

/** The principal for a user and session. */
export function principalOf(user: StaffUserRow, sessionId: string): StaffPrincipal {
  return {
    userId: user.id,
    sessionId,
    name: user.name,
    email: user.email,
    role: user.role,
    volunteerId: user.volunteerId,
    language: user.language,
  };
}

/** The `user` object of the session endpoints. */
export function sessionUserBody(p: StaffPrincipal) {
  return { id: p.userId, name: p.name, role: p.role, email: p.email, volunteerId: p.volunteerId, language: p.language };
}

/**
 * Reads the session cookie and sets c.var.staff when it names a live session of an active user: one query
 * (session joined with user), plus a write at most every SESSION_TOUCH_MS to slide the expiry. Anything
 * else (no cookie, unknown, expired, deactivated user) leaves the request anonymous; allow() answers 401.
 */
export const sessionMiddleware: MiddlewareHandler<AppEnv> = async (c, next) => {
  const token = getCookie(c, SESSION_COOKIE);
  if (token && TOKEN_SHAPE.test(token)) {
    const { db, clock } = c.var.deps;
    const id = await sha256Hex(token);
    const found = await findSessionWithUser(db, id);
    const now = clock.now();
    if (found && found.session.expiresAt > now && found.user.active) {
      const { session, user } = found;
      if (now - session.lastSeenAt >= SESSION_TOUCH_MS) {
        await touchSession(db, id, now, slidingExpiry(session.createdAt, now));
      }
      c.set('staff', principalOf(user, id));
    }
  }
  await next();
};

/** Secure cookies whenever the portal is reached over https (directly, or as the configured public URL). */
function secureCookies(c: Context<AppEnv>): boolean {
  return new URL(c.req.url).protocol === 'https:' || c.var.deps.config.publicBaseUrl.startsWith('https:');
}

/** Sets the session cookie: HttpOnly, SameSite=Strict, whole site, Secure on https, kept at most SESSION_MAX_MS. */
export function setSessionCookie(c: Context<AppEnv>, token: string): void {
  setCookie(c, SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'Strict',
    path: '/',
    secure: secureCookies(c),
    maxAge: Math.floor(SESSION_MAX_MS / 1000),
  });
}

/** Tells the browser to forget the session cookie. */
export function clearSessionCookie(c: Context<AppEnv>): void {
  deleteCookie(c, SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'Strict', secure: secureCookies(c) });
}
