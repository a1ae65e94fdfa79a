import { css } from 'lit';

/** The inbox: the undo bar, the filters, the same-number hint and the compact rows at desktop width. */
export const inboxStyles = css`
  .undo-bar {
    position: sticky;
    top: 0;
    z-index: 1;
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5rem 1rem;
    border: 2px solid var(--ok);
    background: var(--ok-soft);
    border-radius: var(--radius);
    padding: 0.6rem 0.9rem;
    margin: 0 0 1rem;
  }
  .undo-bar p {
    margin: 0;
    flex: 1 1 16rem;
  }
  .undo-bar p::before {
    content: '✓ ';
    font-weight: 700;
  }
  .filters {
    display: flex;
    flex-wrap: wrap;
    gap: 0 1rem;
    align-items: flex-end;
    border: 0;
    padding: 0;
    margin: 0 0 0.5rem;
  }
  .filters legend {
    font-weight: 700;
    padding: 0;
    margin-bottom: 0.25rem;
  }
  .filters admin-field {
    flex: 1 1 12rem;
    max-width: 18rem;
  }
  .filters button {
    margin-bottom: 1rem;
  }
  .same-phone {
    display: inline-block;
    margin: 0.25rem 0 0;
    font-weight: 600;
  }
  .same-phone::before {
    content: '☎ ';
  }
  .compact td {
    vertical-align: top;
  }
  .compact td p {
    margin: 0 0 0.2rem;
  }
  .compact .actions {
    margin: 0;
    flex-wrap: nowrap;
  }
  .compact select {
    max-width: 14rem;
  }
  .compact .reject-row td {
    background: var(--surface);
  }
  .compact .reject-row form {
    margin: 0;
  }
`;
