import { css } from 'lit';

/** The shell: header, navigation (a menu button on narrow screens), main area, live region. */
export const styles = css`
  :host {
    display: block;
    min-height: 100vh;
    background: var(--page);
  }
  .skip {
    position: absolute;
    left: 0.5rem;
    top: -4rem;
    z-index: 10;
    background: var(--surface);
    padding: 0.5rem 1rem;
    border: 2px solid var(--accent);
  }
  .skip:focus {
    top: 0.5rem;
  }
  header {
    background: #15324f;
    color: #fff;
    padding: 0.5rem 1rem;
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5rem 1rem;
  }
  header .desk {
    font-weight: 700;
    font-size: 1.1rem;
    margin: 0;
    flex: 1 1 12rem;
  }
  header .who {
    margin: 0;
    font-size: 0.95rem;
  }
  header button,
  header a.button {
    border-color: #fff;
    background: transparent;
    color: #fff;
    min-height: 2.5rem;
    padding: 0.25rem 0.7rem;
  }
  header :focus-visible {
    outline-color: #ffd27a;
  }
  .find {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.4rem;
    flex: 1 1 18rem;
    margin: 0;
  }
  .find label {
    font-size: 0.95rem;
  }
  .find-row {
    display: flex;
    gap: 0.4rem;
    flex: 1 1 14rem;
  }
  .find input {
    flex: 1 1 8rem;
    min-width: 0;
    min-height: 2.5rem;
    padding: 0.25rem 0.5rem;
    font: inherit;
    border: 2px solid #fff;
    border-radius: 4px;
  }
  .tools {
    display: flex;
    flex-wrap: wrap;
    gap: 0.4rem;
  }
  .menu-toggle {
    display: none;
  }
  nav {
    background: var(--surface);
    border-bottom: 1px solid var(--line);
  }
  nav ul {
    list-style: none;
    margin: 0 auto;
    padding: 0 0.5rem;
    display: flex;
    flex-wrap: wrap;
    max-width: 80rem;
  }
  nav a {
    display: flex;
    align-items: center;
    gap: 0.4rem;
    min-height: 2.75rem;
    padding: 0.35rem 0.7rem;
    color: var(--ink);
    text-decoration: none;
    border-bottom: 4px solid transparent;
  }
  nav a:hover {
    text-decoration: underline;
  }
  nav a[aria-current='page'] {
    border-bottom-color: var(--accent);
    font-weight: 700;
    color: var(--accent);
  }
  .badge {
    display: inline-block;
    min-width: 1.5rem;
    padding: 0 0.4rem;
    border-radius: 1rem;
    background: #8a1c1c;
    color: #fff;
    font-size: 0.85rem;
    font-weight: 700;
    text-align: center;
  }
  main {
    max-width: 80rem;
    margin: 0 auto;
    padding: 1rem;
  }
  main:focus {
    outline: none;
  }
  .checking {
    padding: 2rem 1rem;
  }
  @media (max-width: 48rem) {
    .menu-toggle {
      display: inline-flex;
    }
    nav[data-open='false'] {
      display: none;
    }
    nav ul {
      flex-direction: column;
      padding: 0.25rem 0;
    }
    nav a {
      border-bottom: none;
      border-left: 6px solid transparent;
      padding-left: 1rem;
    }
    nav a[aria-current='page'] {
      border-left-color: var(--accent);
    }
    main {
      padding: 0.75rem;
    }
  }
  /* Printing (the day list, or any page): the page's content only, on white. */
  @media print {
    :host {
      min-height: 0;
      background: none;
    }
    .skip,
    header,
    nav,
    admin-sms-alert {
      display: none;
    }
    main {
      max-width: none;
      padding: 0;
    }
  }
`;
