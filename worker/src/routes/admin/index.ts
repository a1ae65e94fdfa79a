import { Hono } from 'hono';
import { csrfMiddleware } from '../../auth/csrf';
import { sessionMiddleware } from '../../auth/session';
import type { AppDeps } from '../../deps';
import type { AppEnv } from '../../env';
import { bookingRoutes } from './bookings';
import { closureRoutes } from './closures';
import { dashboardRoutes } from './dashboard';
import { messageRoutes } from './messages';
import { passkeyRoutes } from './passkeys';
import { peopleRoutes } from './people';
import { serviceRoutes } from './services';
import { sessionRoutes } from './session';
import { settingsRoutes } from './settings';
import { smsAlertRoutes } from './sms-alert';
import { userRoutes } from './users';
import { volunteerRoutes } from './volunteers';

/**
 * The staff API (the admin portal's contract, PRODUCT.md "Staff HTTP API"), mounted at /api/admin.
 * Every route but the session endpoints carries an allow(...roles) guard; CSRF and session run first.
 */
export function adminRoutes(deps: AppDeps) {
  return new Hono<AppEnv>()
    .use('*', csrfMiddleware(deps))
    .use('*', sessionMiddleware(deps))
    .route('/session', sessionRoutes(deps))
    .route('/passkeys', passkeyRoutes(deps))
    .route('/users', userRoutes(deps))
    .route('/bookings', bookingRoutes(deps))
    .route('/messages', messageRoutes(deps))
    .route('/volunteers', volunteerRoutes(deps))
    .route('/services', serviceRoutes(deps))
    .route('/closures', closureRoutes(deps))
    .route('/settings', settingsRoutes(deps))
    .route('/people', peopleRoutes(deps))
    .route('/dashboard', dashboardRoutes(deps))
    .route('/sms-alert', smsAlertRoutes(deps));
}
