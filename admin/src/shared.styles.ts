import { css } from 'lit';

/**
 * Styles every page shares (adopted once per shadow root). Colours pass 4.5:1 on their backgrounds; focus
 * is a thick outline; no state is shown by colour alone (statuses are words, errors have an icon and text).
 */
export const shared = css`
  :host {
    --ink: #1a1a1a;
    --muted: #4a4a4a;
    --accent: #0b5394;
    --accent-ink: #ffffff;
    --accent-soft: #e6effa;
    --surface: #ffffff;
    --page: #f6f6f4;
    --border: #6b6b6b;
    --line: #c9c9c9;
    --error: #b00020;
    --error-soft: #fdecef;
    --ok: #1d6b2c;
    --ok-soft: #e7f4ea;
    --warn-soft: #fff4d6;
    --focus: #b3560a;
    --radius: 0.4rem;
    display: block;
    color: var(--ink);
  }
  *,
  *::before,
  *::after {
    box-sizing: border-box;
  }
  h1 {
    font-size: 1.6rem;
    line-height: 1.25;
    margin: 0 0 1rem;
  }
  h1:focus {
    outline: none;
  }
  h1:focus-visible {
    outline: 3px solid var(--focus);
    outline-offset: 4px;
  }
  h2 {
    font-size: 1.25rem;
    margin: 1.5rem 0 0.75rem;
  }
  h3 {
    font-size: 1.05rem;
    margin: 1rem 0 0.5rem;
  }
  p {
    margin: 0 0 0.75rem;
  }
  a {
    color: var(--accent);
    text-underline-offset: 0.15em;
  }
  a:hover {
    text-decoration-thickness: 2px;
  }
  :focus-visible {
    outline: 3px solid var(--focus);
    outline-offset: 2px;
  }
  button,
  .button {
    font: inherit;
    display: inline-flex;
    align-items: center;
    justify-content: center;
    gap: 0.35rem;
    min-height: 2.75rem;
    min-width: 2.75rem;
    padding: 0.4rem 0.9rem;
    border: 2px solid var(--accent);
    border-radius: var(--radius);
    background: var(--surface);
    color: var(--accent);
    font-weight: 600;
    cursor: pointer;
    text-decoration: none;
    line-height: 1.2;
  }
  button.primary,
  .button.primary {
    background: var(--accent);
    color: var(--accent-ink);
  }
  button.danger {
    border-color: var(--error);
    color: var(--error);
  }
  button.danger.primary {
    background: var(--error);
    color: #fff;
  }
  button.link {
    border: none;
    background: none;
    color: var(--accent);
    text-decoration: underline;
    padding: 0.25rem;
    min-height: 1.5rem;
    min-width: 1.5rem;
    font-weight: normal;
  }
  button:disabled {
    opacity: 0.6;
    cursor: not-allowed;
  }
  button[aria-pressed='true'] {
    background: var(--accent);
    color: var(--accent-ink);
  }
  label {
    font-weight: 600;
  }
  input,
  select,
  textarea {
    font: inherit;
    color: var(--ink);
    background: var(--surface);
    border: 2px solid var(--border);
    border-radius: var(--radius);
    padding: 0.45rem 0.6rem;
    min-height: 2.75rem;
    max-width: 100%;
  }
  input[type='checkbox'],
  input[type='radio'] {
    width: 1.5rem;
    height: 1.5rem;
    min-height: 0;
    margin: 0.1rem 0;
    flex: none;
    accent-color: var(--accent);
  }
  textarea {
    width: 100%;
    min-height: 5rem;
  }
  input[aria-invalid='true'],
  select[aria-invalid='true'],
  textarea[aria-invalid='true'] {
    border-color: var(--error);
    border-width: 3px;
  }
  fieldset {
    border: 1px solid var(--line);
    border-radius: var(--radius);
    padding: 0.75rem 1rem 1rem;
    margin: 0 0 1rem;
    min-width: 0;
  }
  legend {
    font-weight: 700;
    padding: 0 0.25rem;
  }
  /* The page's small light-DOM elements add no box of their own: the layout is their content's. */
  admin-field,
  admin-error-summary,
  admin-feed-links {
    display: contents;
  }
  .field {
    display: flex;
    flex-direction: column;
    gap: 0.25rem;
    margin: 0 0 1rem;
    max-width: 36rem;
  }
  .field input:not([type='checkbox']):not([type='radio']),
  .field select {
    width: 100%;
  }
  .check {
    display: flex;
    align-items: flex-start;
    gap: 0.6rem;
    margin: 0 0 0.75rem;
  }
  .check label {
    font-weight: normal;
  }
  .hint {
    color: var(--muted);
    font-size: 0.95rem;
    font-weight: normal;
  }
  .field-error,
  .error {
    color: var(--error);
    font-weight: 600;
  }
  .field-error::before,
  .error::before {
    content: '⚠ ';
  }
  .alert {
    border: 2px solid var(--error);
    background: var(--error-soft);
    color: var(--ink);
    border-radius: var(--radius);
    padding: 0.75rem 1rem;
    margin: 0 0 1rem;
  }
  .alert::before {
    content: '⚠ ';
    font-weight: 700;
    color: var(--error);
  }
  .notice,
  .success {
    border-left: 6px solid var(--accent);
    background: var(--accent-soft);
    padding: 0.6rem 0.9rem;
    margin: 0 0 1rem;
    border-radius: var(--radius);
  }
  .success {
    border-left-color: var(--ok);
    background: var(--ok-soft);
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    align-items: center;
    margin: 0.75rem 0;
  }
  .card {
    background: var(--surface);
    border: 1px solid var(--line);
    border-radius: var(--radius);
    padding: 1rem;
    margin: 0 0 1rem;
  }
  .muted {
    color: var(--muted);
  }
  .visually-hidden {
    position: absolute !important;
    width: 1px;
    height: 1px;
    padding: 0;
    margin: -1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
    border: 0;
  }
  table {
    border-collapse: collapse;
    width: 100%;
    background: var(--surface);
  }
  caption {
    text-align: left;
    font-weight: 700;
    font-size: 1.05rem;
    padding: 0.5rem 0;
  }
  th,
  td {
    text-align: left;
    vertical-align: top;
    padding: 0.5rem 0.6rem;
    border-bottom: 1px solid var(--line);
  }
  th {
    background: #eeeeea;
  }
  .table-wrap {
    /* Positioned, so visually hidden text in a scrolled-off column stays inside and cannot widen the page. */
    position: relative;
    overflow-x: auto;
    margin: 0 0 1rem;
  }
  dl.facts {
    display: grid;
    grid-template-columns: minmax(8rem, max-content) 1fr;
    gap: 0.35rem 1rem;
    margin: 0 0 1rem;
  }
  dl.facts dt {
    font-weight: 700;
  }
  dl.facts dd {
    margin: 0;
    overflow-wrap: anywhere;
  }
  .status {
    display: inline-block;
    border: 1px solid currentColor;
    border-radius: 1rem;
    padding: 0 0.55rem;
    font-size: 0.9rem;
    font-weight: 600;
    white-space: nowrap;
  }
  .status-requested {
    color: #7a4b00;
    background: var(--warn-soft);
  }
  .status-confirmed,
  .status-attended {
    color: var(--ok);
    background: var(--ok-soft);
  }
  .no-sms {
    color: #7a4b00;
    background: var(--warn-soft);
    white-space: normal;
  }
  /* The person's language when it is not Italian: reception may need an interpreter or plain words. */
  .speaks {
    color: #1d3f72;
    background: #eef3fb;
    white-space: normal;
  }
  .status-cancelled,
  .status-rejected,
  .status-expired,
  .status-no_show {
    color: #5a5a5a;
    background: #f0f0f0;
  }
  /* A fact shown as a mark with its words (the person confirmed they will come). */
  .flag {
    font-weight: 600;
    white-space: nowrap;
  }
  ul.plain {
    list-style: none;
    padding: 0;
    margin: 0;
  }
  .loading {
    color: var(--muted);
  }
  @media (max-width: 40rem) {
    h1 {
      font-size: 1.35rem;
    }
    dl.facts {
      grid-template-columns: 1fr;
    }
    dl.facts dd {
      margin-bottom: 0.4rem;
    }
    .card {
      padding: 0.75rem;
    }
  }
  @media (prefers-reduced-motion: reduce) {
    *,
    *::before,
    *::after {
      transition: none !important;
      animation: none !important;
      scroll-behavior: auto !important;
    }
  }
`;
