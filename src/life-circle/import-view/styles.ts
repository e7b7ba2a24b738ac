import { css } from 'lit';

/** The drop zone and the mapping step, over `<city-life-circle>`'s map. */
export const importStyles = css`
  .drop-zone {
    position: absolute;
    inset: 24px;
    display: flex;
    flex-direction: column;
    align-items: center;
    justify-content: center;
    gap: 6px;
    text-align: center;
    padding: 16px;
    border: 2px dashed var(--city-border);
    border-radius: var(--city-radius);
    color: var(--city-muted);
    background: color-mix(in srgb, var(--city-surface) 70%, transparent);
    pointer-events: none;
  }
  /* The hint while there is no data leaves the map's zoom controls (top right) clear. */
  .drop-zone:not(.dragging) {
    right: 56px;
  }
  .drop-zone p {
    margin: 0;
    max-width: 40ch;
  }
  .drop-zone button {
    pointer-events: auto;
  }
  .drop-zone.dragging {
    border-color: var(--city-accent);
    color: var(--city-fg);
    background: color-mix(in srgb, var(--city-accent) 14%, var(--city-surface));
    font-weight: 600;
  }
  .import-button {
    border: 1px solid var(--city-accent);
    background: var(--city-surface);
    color: var(--city-accent);
    border-radius: var(--city-radius);
    padding: 4px 12px;
    font: inherit;
    cursor: pointer;
  }
  .import-pick {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 4px 8px;
    margin: 8px 0 4px;
  }
  .import-step {
    position: absolute;
    inset: 8px;
    overflow: auto;
    background: var(--city-surface);
    color: var(--city-fg);
    border: 1px solid var(--city-border);
    border-radius: var(--city-radius);
    box-shadow: var(--city-shadow);
    padding: 12px 14px;
    font-size: 0.9em;
    overscroll-behavior: contain;
  }
  .import-step h3 {
    margin: 0 0 2px;
    font-size: 1.05em;
  }
  .import-step h3:focus {
    outline: none;
  }
  .import-source {
    border: 1px solid var(--city-border);
    border-radius: var(--city-radius);
    margin: 10px 0;
    padding: 8px 10px;
    min-width: 0;
  }
  .import-head {
    display: flex;
    justify-content: space-between;
    align-items: flex-start;
    gap: 8px;
  }
  .import-head h4 {
    margin: 0;
    font-size: 1em;
    overflow-wrap: anywhere;
  }
  .import-grid {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(140px, 1fr));
    gap: 0 10px;
  }
  .import-grid .field .value {
    color: var(--city-fg);
  }
  .crs-hint {
    margin: 0 0 6px;
  }
  .import-step .muted {
    color: var(--city-muted);
  }
  .import-step .small {
    font-size: 0.85em;
  }
  .preview {
    overflow: auto;
    max-height: 120px;
    border: 1px solid color-mix(in srgb, var(--city-border) 60%, transparent);
    border-radius: 4px;
  }
  .preview table {
    border-collapse: collapse;
    font-size: 0.82em;
    white-space: nowrap;
  }
  .preview th,
  .preview td {
    padding: 2px 6px;
    text-align: left;
    border-bottom: 1px solid color-mix(in srgb, var(--city-border) 50%, transparent);
  }
  .import-step .buttons {
    position: sticky;
    bottom: -12px;
    padding: 8px 0 0;
    background: var(--city-surface);
  }
`;
