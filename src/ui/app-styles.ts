/** Layout of <successor-app>: three columns of panels on a wide screen, two on a narrower one, one on a phone. */
import { css } from 'lit';

export const appStyles = css`
  :host { display: block; max-width: 84rem; margin: 0 auto; padding: 0.75rem 1rem 2rem; }
  header h1 { font-size: 1.5rem; margin: 0.2rem 0 0.1rem; }
  .top { display: flex; flex-wrap: wrap; align-items: center; gap: 0.3rem 0.8rem; }
  .top .bench-link { margin-left: auto; }
  header p { margin: 0.1rem 0 0.4rem; max-width: 60rem; }
  details.how { margin: 0.2rem 0 0.6rem; max-width: 60rem; }
  details.how summary { cursor: pointer; color: var(--link); }
  details.how ol { margin: 0.3rem 0; padding-left: 1.3rem; }
  .panel { background: var(--panel); border: 1px solid var(--border); border-radius: 10px; padding: 0.75rem 0.9rem; min-width: 0; }
  .grid { display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 0.8rem; margin-top: 0.8rem; }
  .wide { grid-column: 1 / -1; }
  /* Small enough that chart, boundary and lineage share a 900-pixel-high screen. */
  learned-view { --boundary-size: 16rem; }
  /*
   * On a wide screen the first row is chart | what was learned | lineage, and the
   * lineage fits its whole tree in a box of this height: one screen at 1440×900.
   */
  @media (min-width: 75rem) {
    .grid { grid-template-columns: minmax(0, 1fr) 18.5rem minmax(0, 1.2fr); }
    .grid > .lineage { grid-column: auto; }
    .lineage { --lineage-fit-height: 17rem; }
  }
  .status-row { display: flex; flex-wrap: wrap; align-items: center; gap: 0.4rem 1rem; margin-top: 0.4rem; }
  .status { font-weight: 600; margin: 0; }
  .status.error { color: var(--bad); }
  progress { width: 12rem; max-width: 100%; accent-color: var(--accent); }
  .alert { color: var(--bad); font-weight: 600; }
  .caption { color: var(--muted); font-size: 0.85rem; margin: 0.2rem 0 0.4rem; }
  @media (max-width: 52rem) {
    :host { padding: 0.5rem 0.6rem 1.5rem; }
    .grid { grid-template-columns: minmax(0, 1fr); }
    header h1 { font-size: 1.25rem; }
  }
`;
