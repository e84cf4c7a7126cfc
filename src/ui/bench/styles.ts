/** Styles of the Benchmark view. */
import { css } from 'lit';

export const benchStyles = css`
  :host { display: block; max-width: 72rem; margin: 0 auto; padding: 1rem; }
  h1 { font-size: 1.4rem; margin: 0 0 0.25rem; }
  h2 { font-size: 1.1rem; }
  fieldset { border: none; padding: 0; margin: 0 0 0.5rem; display: flex; flex-wrap: wrap; gap: 0.5rem 1.25rem; align-items: center; }
  .backends label { margin-left: 0.5rem; }
  .hint, .unit { opacity: 0.7; font-size: 0.9em; }
  ul.verdict { font-weight: 600; padding-left: 1.2em; }
  ul.verdict li.warn, p.warn { color: #b00020; }
  p.warn { font-weight: 600; }
  .buttons { display: flex; flex-wrap: wrap; gap: 0.4rem; align-items: center; }
  button, select, input[type=text] { font: inherit; padding: 0.3rem 0.7rem; }
  .file input { font-size: 0.85em; }
  .status { margin: 0.75rem 0; font-weight: 600; }
  .error { color: #b3261e; }
  table.results { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; margin: 0.5rem 0; font-size: 0.9em; }
  th, td { text-align: right; padding: 0.2rem 0.5rem; border-bottom: 1px solid color-mix(in srgb, currentColor 20%, transparent); vertical-align: top; }
  th:first-child, td:first-child { text-align: left; }
  tr.scored td:first-child { font-weight: 600; }
  tr.score td { font-size: 1.2em; font-weight: 700; }
  tr.device td, tr.verdict td { font-size: 0.85em; text-align: left; max-width: 18rem; }
  td.wrong, th.wrong { color: #b3261e; font-weight: 600; }
  td.unavailable, td.failed { opacity: 0.7; }
  .charts figure { margin: 1rem 0; overflow-x: auto; }
  h1 .back { font-size: 0.6em; font-weight: 400; margin-left: 0.75rem; }
  .glossary { margin-top: 2rem; }
  .glossary dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.3rem 1rem; }
  .glossary dt { font-weight: 600; }
  .glossary dd { margin: 0; }
  ul.loaded button { font-size: 0.8em; padding: 0.1rem 0.4rem; }
`;
