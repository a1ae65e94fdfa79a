import { css } from 'lit';

/**
 * How a page with tables prints (the day list, the reports): small black type, the on-screen controls
 * (`.screen-only`) left out, tables whole width with thin borders, headings repeated on each sheet, no row
 * cut in two. A page adds its own print rules after these.
 */
export const printSheet = css`
  @media print {
    :host {
      font-size: 9.5pt;
      line-height: 1.25;
      color: #000;
    }
    .screen-only {
      display: none !important;
    }
    h1 {
      font-size: 14pt;
      margin: 0 0 1mm;
    }
    .table-wrap {
      overflow: visible;
      margin: 0;
    }
    table {
      background: none;
    }
    thead {
      display: table-header-group;
    }
    tr {
      break-inside: avoid;
    }
    th,
    td {
      padding: 0.7mm 1.2mm;
      border: 0.5pt solid #555;
      background: none;
    }
    a {
      color: #000;
      text-decoration: none;
    }
  }
`;
