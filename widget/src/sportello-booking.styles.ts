import { css } from 'lit';

/**
 * Every inherited text property is set on .wrap, from the custom properties or a fixed value, so the page's
 * own (body { color: red; font-size: 30px; line-height: 3; text-align: right… }) never leaks in. It is set on
 * the shadow root's own wrapper rather than :host, which a page rule on the element would outrank.
 * `direction` comes from `dir` on .wrap, set from the language (Arabic right to left): every box below is
 * laid out with logical properties (start/end, inline/block), so the same rules serve both directions.
 *
 * Everything is scoped to the shadow root; the host page themes the widget only through the
 * --sportello-* custom properties and the parts. Defaults keep text at 4.5:1 or more on white.
 */
export const styles = css`
  :host {
    display: block;
    --_accent: var(--sportello-accent, #0b5394);
    --_border: var(--sportello-border, #5c5c5c);
    --_error: var(--sportello-error, #b00020);
    --_muted: var(--sportello-muted, #474747);
    --_radius: var(--sportello-radius, 0.5rem);
    --_surface: var(--sportello-surface, #fff);
  }
  :host([hidden]) {
    display: none;
  }
  /* A phone number is not broken across lines. */
  bdi[dir='ltr'] {
    white-space: nowrap;
  }
  *,
  *::before,
  *::after {
    box-sizing: border-box;
  }
  .wrap {
    max-width: 100%;
    overflow-wrap: anywhere;
    font: normal 400 var(--sportello-font-size, 1rem) / 1.5 var(--sportello-font-family, system-ui, sans-serif);
    color: var(--sportello-text, #1a1a1a);
    letter-spacing: normal;
    word-spacing: normal;
    text-align: start;
    text-indent: 0;
    text-transform: none;
    white-space: normal;
  }
  h2 {
    font-size: 1.375em;
    line-height: 1.25;
    margin: 0 0 0.25rem;
  }
  h2:focus {
    outline: none;
  }
  h3 {
    font-size: 1.125em;
    margin: 0 0 0.5rem;
  }
  p {
    margin: 0 0 0.75rem;
  }
  .progress,
  .hint,
  .sub,
  .tz {
    color: var(--_muted);
  }
  .sub,
  .hint,
  .tz {
    font-size: 0.9375em;
  }
  a {
    color: var(--sportello-link, var(--_accent));
    text-underline-offset: 0.15em;
  }
  :focus-visible {
    outline: 3px solid var(--sportello-focus, #b3560a);
    outline-offset: 2px;
  }
  button {
    font: inherit;
    color: inherit;
    min-height: 2.75rem;
    min-width: 2.75rem;
    padding: 0.5rem 1rem;
    border: 2px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
    cursor: pointer;
    text-align: start;
  }
  button:hover {
    border-color: var(--_accent);
  }
  button.primary {
    background: var(--_accent);
    border-color: var(--_accent);
    color: var(--sportello-accent-text, #fff);
    font-weight: 600;
  }
  button[aria-pressed='true'] {
    border: 3px solid var(--_accent);
    background: var(--sportello-selected, #e6effa);
    font-weight: 600;
  }
  button[aria-disabled='true'] {
    border-style: dashed;
    cursor: not-allowed;
  }
  .choices {
    list-style: none;
    margin: 0.75rem 0 1rem;
    padding: 0;
    display: grid;
    gap: 0.5rem;
  }
  .choices button {
    width: 100%;
    display: flex;
    flex-direction: column;
    align-items: flex-start;
    gap: 0.125rem;
  }
  .choices .sub {
    font-weight: normal;
  }
  /* The days side by side where they fit (two on a phone), so the chosen day's times are in view under them. */
  .days {
    grid-template-columns: repeat(auto-fill, minmax(9.5rem, 1fr));
  }
  .slots {
    grid-template-columns: repeat(auto-fill, minmax(6rem, 1fr));
  }
  .slots button {
    align-items: center;
  }
  .nav,
  .weeks,
  .langs {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    margin: 1rem 0 0;
  }
  .langs {
    align-items: center;
    margin: 0 0 1rem;
  }
  .langs button {
    padding-block: 0.25rem;
  }
  /* Arrows drawn with two borders, pointing the way the text reads: right in Italian, left in Arabic. */
  .next::after,
  .back::before {
    content: '';
    display: inline-block;
    width: 0.5em;
    height: 0.5em;
    border: solid;
    border-width: 0 0.15em 0.15em 0;
    transform: rotate(-45deg);
    margin-inline: 0.25em;
    vertical-align: 0.05em;
  }
  .back::before,
  [dir='rtl'] .next::after {
    transform: rotate(135deg);
  }
  [dir='rtl'] .back::before {
    transform: rotate(-45deg);
  }
  .field {
    margin: 0 0 1.25rem;
  }
  .field.invalid {
    border-inline-start: 4px solid var(--_error);
    padding-inline-start: 0.75rem;
  }
  label {
    display: block;
    font-weight: 600;
  }
  .req {
    font-weight: normal;
  }
  .hint {
    margin: 0.125rem 0 0.25rem;
  }
  input:not([type='checkbox']),
  textarea {
    display: block;
    width: 100%;
    max-width: 32rem;
    margin-block-start: 0.25rem;
    padding: 0.5rem;
    min-height: 2.75rem;
    font: inherit;
    color: inherit;
    background: var(--_surface);
    border: 2px solid var(--_border);
    border-radius: var(--_radius);
  }
  textarea {
    min-height: 5.5rem;
    resize: vertical;
  }
  .invalid input,
  .invalid textarea {
    border: 3px solid var(--_error);
  }
  .check {
    display: flex;
    gap: 0.75rem;
    align-items: flex-start;
  }
  .check input {
    flex: none;
    width: 1.5rem;
    height: 1.5rem;
    margin: 0.125rem 0 0;
    accent-color: var(--_accent);
  }
  .check label {
    font-weight: normal;
  }
  .err {
    color: var(--_error);
    font-weight: 600;
    margin: 0.25rem 0;
  }
  .alert,
  .summary,
  .notice {
    border: 3px solid var(--_error);
    border-radius: var(--_radius);
    padding: 0.75rem 1rem;
    margin: 0.75rem 0 1rem;
  }
  .notice {
    border-color: var(--_border);
  }
  .alert p,
  .summary ul {
    margin: 0 0 0.5rem;
  }
  .summary a {
    color: var(--_error);
    font-weight: 600;
  }
  dl {
    margin: 0.75rem 0;
  }
  dt {
    font-weight: 600;
  }
  dd {
    margin: 0 0 0.75rem;
  }
  .ref {
    font-size: 1.5em;
    letter-spacing: 0.08em;
  }
  .vh {
    position: absolute;
    width: 1px;
    height: 1px;
    margin: -1px;
    padding: 0;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
    border: 0;
  }
  @media (prefers-reduced-motion: no-preference) {
    button {
      transition:
        background-color 0.15s,
        border-color 0.15s;
    }
  }
`;
