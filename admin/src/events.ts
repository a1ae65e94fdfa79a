/** Events the pages send up to the shell (properties down, events up). All bubble and cross shadow roots. */

/** A result to read out in the shell's live region ("Richiesta confermata"). */
export class AnnounceEvent extends Event {
  static readonly type = 'sportello-announce';
  constructor(
    readonly message: string,
    readonly assertive = false,
  ) {
    super(AnnounceEvent.type, { bubbles: true, composed: true });
  }
}

/** Something changed that other views count (the inbox badge): the shell reloads its counters. */
export class DataChangedEvent extends Event {
  static readonly type = 'sportello-data-changed';
  constructor() {
    super(DataChangedEvent.type, { bubbles: true, composed: true });
  }
}

/** The user signed in (with the session) or out (null). */
export class SessionEvent extends Event {
  static readonly type = 'sportello-session';
  constructor(readonly user: import('./api').SessionUser | null) {
    super(SessionEvent.type, { bubbles: true, composed: true });
  }
}

declare global {
  interface HTMLElementEventMap {
    'sportello-announce': AnnounceEvent;
    'sportello-data-changed': DataChangedEvent;
    'sportello-session': SessionEvent;
  }
}
