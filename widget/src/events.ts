/** What the host page learns when a booking request has been stored. */
export interface RequestSentDetail {
  /** The short reference shown to the person (and quoted on the phone). */
  reference: string;
  /** ISO 8601 with the desk's offset, e.g. '2026-11-25T10:30:00+01:00'. */
  start: string;
  end: string;
  /** Always 'requested': a volunteer confirms later. */
  status: 'requested';
}

/**
 * Fired on `<sportello-booking>` once the server has stored a request. Bubbles out of the shadow root
 * (composed) so the host page can listen on document, e.g. for its own analytics or a thank-you message.
 */
export class RequestSentEvent extends Event implements RequestSentDetail {
  static readonly type = 'sportello-request-sent';
  readonly reference: string;
  readonly start: string;
  readonly end: string;
  readonly status: 'requested';

  constructor(detail: RequestSentDetail) {
    super(RequestSentEvent.type, { bubbles: true, composed: true });
    this.reference = detail.reference;
    this.start = detail.start;
    this.end = detail.end;
    this.status = detail.status;
  }

  /** The same fields as a plain object, for listeners written for CustomEvent. */
  get detail(): RequestSentDetail {
    return { reference: this.reference, start: this.start, end: this.end, status: this.status };
  }
}

declare global {
  interface HTMLElementEventMap {
    'sportello-request-sent': RequestSentEvent;
  }
}
