import { css } from 'lit';

/** Styles of the side panel (inside `<city-life-circle>`'s shadow root). */
export const panelStyles = css`
  .panel {
    height: 100%;
    overflow: auto;
    background: var(--city-surface);
    color: var(--city-fg);
    border-left: 1px solid var(--city-border);
    padding: 12px 14px 16px;
    font-size: 0.93em;
    line-height: 1.4;
    overscroll-behavior: contain;
  }
  /* The shared error panel floats over a map; here it sits in the panel's flow. */
  .panel .city-error {
    position: relative;
    left: auto;
    right: auto;
    bottom: auto;
    max-height: 220px;
    margin: 10px 0 0;
    font-size: 0.88em;
  }
  .panel .city-error ul {
    padding-left: 16px;
  }
  .panel h2 {
    margin: 0;
    font-size: 1.15em;
  }
  .panel h3 {
    margin: 0 0 6px;
    font-size: 1em;
  }
  .method {
    margin: 4px 0 8px;
    font-size: 0.9em;
    color: var(--city-muted);
  }
  .method[data-method='straight-line'] {
    color: var(--city-warning);
    font-weight: 600;
  }
  .summary {
    display: grid;
    grid-template-columns: repeat(2, minmax(0, 1fr));
    gap: 6px 10px;
    margin: 0;
  }
  .summary div {
    background: color-mix(in srgb, var(--city-accent) 7%, transparent);
    border-radius: var(--city-radius);
    padding: 4px 8px;
  }
  .summary dt {
    font-size: 0.82em;
    color: var(--city-muted);
  }
  .summary dd {
    margin: 0;
    font-size: 1.15em;
    font-weight: 600;
    font-variant-numeric: tabular-nums;
  }
  .controls {
    display: flex;
    flex-wrap: wrap;
    gap: 8px 12px;
    margin: 12px 0 4px;
  }
  fieldset.segmented {
    border: none;
    padding: 0;
    margin: 0;
    display: flex;
    flex-wrap: wrap;
    align-items: center;
  }
  fieldset.segmented legend {
    float: left;
    padding: 0 8px 0 0;
    font-size: 0.85em;
    color: var(--city-muted);
  }
  .segmented label {
    position: relative;
  }
  .segmented input {
    position: absolute;
    opacity: 0;
    inset: 0;
    margin: 0;
    cursor: pointer;
  }
  .segmented span {
    display: inline-block;
    padding: 3px 10px;
    border: 1px solid var(--city-border);
    margin-left: -1px;
    background: var(--city-surface);
    color: var(--city-fg);
    font-size: 0.9em;
  }
  .segmented label:first-of-type span {
    border-radius: var(--city-radius) 0 0 var(--city-radius);
  }
  .segmented label:last-of-type span {
    border-radius: 0 var(--city-radius) var(--city-radius) 0;
  }
  .segmented input:checked + span {
    background: var(--city-accent);
    border-color: var(--city-accent);
    color: var(--city-on-accent, #fff);
    font-weight: 600;
  }
  .segmented input:focus-visible + span {
    outline: 2px solid var(--city-focus);
    outline-offset: 2px;
  }
  .section {
    margin-top: 14px;
    padding-top: 10px;
    border-top: 1px solid var(--city-border);
  }
  .muted {
    color: var(--city-muted);
    margin: 2px 0 6px;
  }
  .small {
    font-size: 0.86em;
  }
  .warning {
    color: var(--city-warning);
    margin: 4px 0;
    font-weight: 600;
  }
  table.coverage {
    width: 100%;
    border-collapse: collapse;
  }
  .coverage thead th {
    font-size: 0.8em;
    font-weight: 400;
    color: var(--city-muted);
    text-align: left;
    padding: 0 4px 2px;
  }
  .coverage td,
  .coverage tbody th {
    padding: 3px 4px;
    vertical-align: middle;
    border-top: 1px solid color-mix(in srgb, var(--city-border) 60%, transparent);
    text-align: left;
    font-weight: 400;
  }
  .coverage .toggle {
    width: 22px;
    padding-left: 0;
  }
  .coverage input[type='checkbox'] {
    margin: 0;
    width: 15px;
    height: 15px;
    accent-color: var(--city-accent);
    cursor: pointer;
  }
  .coverage tr.off .category,
  .coverage tr.off .share {
    opacity: 0.55;
  }
  .category .swatch {
    display: inline-block;
    width: 10px;
    height: 10px;
    margin-right: 4px;
    vertical-align: baseline;
  }
  .category .swatch circle {
    stroke: rgba(0, 0, 0, 0.25);
    stroke-width: 1;
  }
  .category .flag,
  .outcomes .flag {
    color: var(--city-muted);
    font-size: 0.85em;
    margin-left: 2px;
  }
  .category .limit {
    display: block;
    font-size: 0.8em;
    color: var(--city-muted);
  }
  .share {
    white-space: nowrap;
    width: 1%;
  }
  .share .bar {
    display: block;
  }
  .share .bar .track {
    fill: color-mix(in srgb, var(--city-muted) 22%, transparent);
  }
  .share .value {
    display: block;
    font-size: 0.8em;
    font-variant-numeric: tabular-nums;
  }
  .coverage th.unit,
  .scope-unit {
    color: var(--city-accent);
  }
  .scope-unit {
    margin: 0 0 4px;
    font-size: 0.86em;
  }
  .detail {
    border-top: 2px solid var(--city-accent);
  }
  .detail-head {
    display: flex;
    align-items: flex-start;
    justify-content: space-between;
    gap: 8px;
  }
  .detail-head h3 {
    overflow-wrap: anywhere;
  }
  button {
    font: inherit;
    color: inherit;
    cursor: pointer;
  }
  .close {
    border: none;
    background: none;
    font-size: 1.3em;
    line-height: 1;
    padding: 0 6px;
    border-radius: 4px;
  }
  .outcomes {
    list-style: none;
    margin: 6px 0 0;
    padding: 0;
  }
  .outcomes li {
    display: grid;
    grid-template-columns: 18px minmax(0, 1fr) auto;
    gap: 4px;
    align-items: baseline;
    padding: 3px 0;
    border-top: 1px solid color-mix(in srgb, var(--city-border) 60%, transparent);
  }
  .outcomes li .visually-hidden {
    grid-column: 1;
  }
  .mark {
    font-weight: 700;
    text-align: center;
  }
  .mark.met {
    color: var(--city-life-met, #2e7d32);
  }
  .mark.unmet {
    color: var(--city-life-unmet, #c62828);
  }
  :host([theme='dark']) .mark.met {
    color: var(--city-life-met, #7ee08a);
  }
  :host([theme='dark']) .mark.unmet {
    color: var(--city-life-unmet, #ff8a80);
  }
  .outcomes .nearest {
    display: block;
    font-size: 0.8em;
    color: var(--city-muted);
    overflow-wrap: anywhere;
  }
  .outcomes .value {
    text-align: right;
    font-variant-numeric: tabular-nums;
    white-space: nowrap;
  }
  .outcomes .limit {
    display: block;
    font-size: 0.8em;
    color: var(--city-muted);
  }
  .field {
    display: flex;
    flex-direction: column;
    gap: 2px;
    font-size: 0.85em;
    color: var(--city-muted);
    margin-bottom: 6px;
  }
  .field select,
  .field input {
    font: inherit;
    font-size: 1.05em;
    color: var(--city-fg);
    background: var(--city-surface);
    border: 1px solid var(--city-border);
    border-radius: 4px;
    padding: 3px 4px;
    min-width: 0;
  }
  .gaps,
  .sites {
    list-style: none;
    margin: 0;
    padding: 0;
  }
  .gap {
    display: grid;
    grid-template-columns: minmax(0, 1fr) auto;
    width: 100%;
    text-align: left;
    background: none;
    border: none;
    border-top: 1px solid color-mix(in srgb, var(--city-border) 60%, transparent);
    padding: 4px 4px;
    border-radius: 0;
  }
  .gap:hover,
  .gap[aria-pressed='true'] {
    background: color-mix(in srgb, var(--city-accent) 12%, transparent);
  }
  .gap-name {
    font-weight: 600;
    overflow-wrap: anywhere;
  }
  .gap-people {
    font-variant-numeric: tabular-nums;
    color: var(--city-muted);
  }
  .gap-detail {
    grid-column: 1 / -1;
    font-size: 0.82em;
    color: var(--city-muted);
  }
  .link {
    margin-top: 4px;
    border: none;
    background: none;
    color: var(--city-accent);
    padding: 2px 0;
    text-decoration: underline;
  }
  .suggest-form {
    display: grid;
    grid-template-columns: minmax(0, 1fr) 72px;
    gap: 0 8px;
    align-items: end;
  }
  .buttons {
    display: flex;
    flex-wrap: wrap;
    gap: 6px;
    grid-column: 1 / -1;
  }
  .buttons button {
    border: 1px solid var(--city-border);
    background: var(--city-surface);
    border-radius: var(--city-radius);
    padding: 4px 10px;
  }
  .buttons button.primary {
    background: var(--city-accent);
    border-color: var(--city-accent);
    color: var(--city-on-accent, #fff);
    font-weight: 600;
  }
  .buttons button:disabled {
    opacity: 0.5;
    cursor: default;
  }
  .sites li {
    display: flex;
    gap: 8px;
    align-items: baseline;
    padding: 3px 0;
    font-size: 0.9em;
  }
  .sites .rank {
    flex: none;
    display: inline-grid;
    place-items: center;
    width: 20px;
    height: 20px;
    border-radius: 50%;
    background: var(--city-life-site, #8e24aa);
    color: #fff;
    font-weight: 700;
    font-size: 0.85em;
  }
  :host([theme='dark']) .sites .rank {
    background: var(--city-life-site, #ff40a0);
  }
  .export {
    margin-top: 2px;
  }
`;
