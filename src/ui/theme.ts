/**
 * Shared styles. Colours are CSS custom properties set on the page
 * (index.html) for light and dark schemes; custom properties inherit into
 * every shadow root, so components only name them.
 */
import { css } from 'lit';

/** Panels, buttons, form controls and small text, for every component. */
export const shared = css`
  :host { color: var(--fg); }
  *, *::before, *::after { box-sizing: border-box; }
  h2 { font-size: 1.05rem; margin: 0 0 0.35rem; }
  h3 { font-size: 0.95rem; margin: 0.75rem 0 0.25rem; }
  p { margin: 0.25rem 0; }
  .hint { color: var(--muted); font-size: 0.85rem; }
  button, select, input { font: inherit; color: inherit; }
  button {
    background: var(--button-bg); border: 1px solid var(--border); border-radius: 6px;
    padding: 0.3rem 0.75rem; cursor: pointer; min-height: 2rem;
  }
  button.primary { background: var(--accent); border-color: var(--accent); color: var(--on-accent); font-weight: 600; }
  button:disabled { opacity: 0.45; cursor: not-allowed; }
  button:focus-visible, select:focus-visible, input:focus-visible, [tabindex]:focus-visible, a:focus-visible {
    outline: 3px solid var(--focus); outline-offset: 2px;
  }
  select, input[type='number'], input[type='text'] {
    background: var(--input-bg); border: 1px solid var(--border); border-radius: 6px; padding: 0.25rem 0.4rem; min-height: 2rem;
  }
  .visually-hidden {
    position: absolute !important; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden;
    clip: rect(0 0 0 0); white-space: nowrap; border: 0;
  }
  .tabular { font-variant-numeric: tabular-nums; }
  .empty { color: var(--muted); font-style: italic; margin: 1rem 0; }
`;
