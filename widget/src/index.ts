/**
 * Entry of widget.js: defines <sportello-booking> (guarded, so loading the script twice is harmless)
 * and exposes the event class for host pages that import the module.
 */
export { SportelloBooking } from './sportello-booking';
export { RequestSentEvent, type RequestSentDetail } from './events';
