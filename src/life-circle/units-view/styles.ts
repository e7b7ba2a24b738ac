import { css } from 'lit';

/** Styles of the coverage-by-unit section (inside `<city-life-circle>`'s shadow root). */
export const unitsStyles = css`
  .units-source {
    margin: 0 0 6px;
  }
  .units-level {
    margin-bottom: 6px;
  }
  /* Many categories make a wide table: it scrolls sideways inside the panel, the unit column stays. */
  .units-scroll {
    overflow-x: auto;
    max-width: 100%;
  }
  .units-table {
    border-collapse: collapse;
    font-size: 0.9em;
    font-variant-numeric: tabular-nums;
    white-space: nowrap;
  }
  .units-table th,
  .units-table td {
    padding: 3px 6px;
    border-bottom: 1px solid var(--city-border);
    text-align: right;
  }
  .units-table th[scope='row'],
  .units-table thead th:first-child {
    text-align: left;
    position: sticky;
    left: 0;
    background: var(--city-surface);
  }
  .units-table button {
    font: inherit;
    color: inherit;
    background: none;
    border: 0;
    padding: 2px 0;
    cursor: pointer;
    text-align: inherit;
  }
  .units-table button:focus-visible {
    outline: 2px solid var(--city-accent);
    outline-offset: 1px;
  }
  .units-table .sort {
    font-weight: 600;
  }
  .units-table .sort-mark {
    display: inline-block;
    min-width: 1em;
    font-size: 0.8em;
  }
  .units-table .unit-name {
    max-width: 12em;
    overflow: hidden;
    text-overflow: ellipsis;
    text-decoration: underline dotted;
  }
  .units-table tr.selected th,
  .units-table tr.selected td {
    background: color-mix(in srgb, var(--city-accent) 16%, var(--city-surface));
  }
  .units-table tr.selected .unit-name {
    font-weight: 700;
  }
`;
