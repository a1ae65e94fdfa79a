import { Hono } from 'hono';
import { csrfMiddleware } from '../../auth/csrf';
import { sessionMiddleware } from '../../auth/session';
import type { AppEnv } from '../../env';
import { bookingRoutes } from './bookings';
import { callListRoutes } from './call-list';
import { closureRoutes } from './closures';
import { dashboardRoutes } from './dashboard';
import { dayListRoutes } from './day-list';
import { messageRoutes } from './messages';
import { passkeyRoutes } from './passkeys';
import { peopleRoutes } from './people';
import { registerExportRoutes } from './register-export';
import { reportRoutes } from './reports';
import { serviceRoutes } from './services';
import { sessionRoutes } from './session';
import { settingsRoutes } from './settings';
import { smsAlertRoutes } from './sms-alert';
import { userRoutes } from './users';
import { volunteerRoutes } from './volunteers';
import { waitlistRoutes } from './waitlist';
import { walkInRoutes } from './walk-ins';

/**
 * The staff API (the admin portal's contract, PRODUCT.md "Staff HTTP API"), mounted at /api/admin.
 * Every route but the session endpoints carries an allow(...roles) guard; CSRF and session run first.
 */
export const adminRoutes = new Hono<AppEnv>()
  .use('*', csrfMiddleware)
  .use('*', sessionMiddleware)
  .route('/session', sessionRoutes)
  .route('/passkeys', passkeyRoutes)
  .route('/users', userRoutes)
  // Before /bookings, whose /:id would take "export" for a booking id.
  .route('/bookings/export', registerExportRoutes)
  .route('/bookings', bookingRoutes)
  .route('/day-list', dayListRoutes)
  .route('/walk-ins', walkInRoutes)
  .route('/call-list', callListRoutes)
  .route('/messages', messageRoutes)
  .route('/volunteers', volunteerRoutes)
  .route('/services', serviceRoutes)
  .route('/closures', closureRoutes)
  .route('/settings', settingsRoutes)
  .route('/people', peopleRoutes)
  .route('/dashboard', dashboardRoutes)
  .route('/reports', reportRoutes)
  .route('/sms-alert', smsAlertRoutes)
  .route('/waitlist', waitlistRoutes);
