import { css } from 'lit';

/** Styles of the workbench's panel section (inside `<city-life-circle>`'s shadow root). */
export const workbenchStyles = css`
  .workbench .plan-bar,
  .workbench .edit-tools {
    display: grid;
    gap: 4px;
    margin-bottom: 8px;
  }
  .workbench .buttons button[aria-pressed='true'] {
    background: var(--city-accent);
    border-color: var(--city-accent);
    color: var(--city-on-accent, #fff);
  }
  .workbench h4 {
    margin: 4px 0;
    font-size: 0.95em;
  }
  .selected-facility {
    display: grid;
    gap: 4px;
    padding: 6px 8px;
    border: 1px solid var(--city-border);
    border-radius: var(--city-radius);
    overflow-wrap: anywhere;
  }
  .compare-table {
    width: 100%;
    border-collapse: collapse;
    font-size: 0.9em;
    font-variant-numeric: tabular-nums;
  }
  .compare-table th,
  .compare-table td {
    padding: 2px 4px;
    text-align: right;
    border-bottom: 1px solid color-mix(in srgb, var(--city-border) 60%, transparent);
  }
  .compare-table th[scope='row'],
  .compare-table thead th:first-child {
    text-align: left;
    font-weight: normal;
  }
  .compare-table .gain {
    color: var(--city-life-met, #1b7a34);
    font-weight: 600;
  }
  .compare-table .loss {
    color: var(--city-life-unmet, #c62828);
    font-weight: 600;
  }
  .workbench .check {
    display: flex;
    gap: 6px;
    align-items: center;
    margin: 4px 0;
    font-size: 0.9em;
  }
  .file-button {
    display: inline-flex;
    align-items: center;
    border: 1px solid var(--city-border);
    background: var(--city-surface);
    border-radius: var(--city-radius);
    padding: 4px 10px;
    cursor: pointer;
  }
  .file-button:focus-within {
    outline: 2px solid var(--city-accent);
    outline-offset: 1px;
  }
  .accept-sites {
    align-items: center;
    margin-top: 4px;
  }
`;
