/** Ids of the rows the workerd global setup writes to sqld, shared with the tests that run inside workerd. */
export const SEED = {
  serviceId: 'svc-workerd',
  volunteerId: 'vol-workerd',
  /** A `requested` booking whose hold lapsed an hour before the setup ran: the scheduled job must expire it. */
  lapsedRequestId: 'bk-lapsed-hold',
  /** A `requested` booking still inside its hold: the scheduled job must leave it alone. */
  heldRequestId: 'bk-still-held',
  /** A booking the desk cancelled, and its manage code: its page leads to booking again. */
  cancelledBookingId: 'bk-cancelled',
  cancelledManageCode: 'workerdCancelledCode0001',
  /** A reception account, to call the staff API through the Worker. */
  staffEmail: 'rita@workerd.test',
  staffPassword: 'workerd staff password 1',
} as const;
