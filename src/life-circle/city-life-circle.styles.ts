import { css } from 'lit';

/** `<city-life-circle>`: the map beside the side panel (stacked on a narrow element), and its warning colours. */
export const lifeCircleStyles = css`
  :host {
    display: block;
    position: relative;
    height: var(--city-life-circle-height, 600px);
    min-height: 320px;
    background: var(--city-bg);
    --city-life-warning: var(--city-warning);
    --city-on-accent: #ffffff;
  }
  :host([theme='dark']) {
    --city-life-warning: #ffc266;
    --city-on-accent: #07111f;
  }
  @media (prefers-color-scheme: dark) {
    :host(:not([theme])) {
      --city-life-warning: #ffc266;
      --city-on-accent: #07111f;
    }
  }
  :host([hidden]) {
    display: none;
  }
  .frame {
    position: absolute;
    inset: 0;
    container-type: size;
  }
  .layout {
    position: absolute;
    inset: 0;
    display: grid;
    grid-template-columns: minmax(0, 1fr) var(--city-life-circle-panel-width, clamp(280px, 36%, 380px));
    grid-template-rows: minmax(0, 1fr);
  }
  .map-area {
    position: relative;
    min-width: 0;
    min-height: 0;
  }
  city-map {
    height: 100%;
  }
  .warning {
    color: var(--city-life-warning);
  }
  .method[data-method='straight-line'] {
    color: var(--city-life-warning);
  }
  @container (max-width: 640px) {
    .layout {
      grid-template-columns: minmax(0, 1fr);
      grid-template-rows: minmax(200px, 1fr) minmax(0, 1fr);
    }
    .panel {
      border-left: none;
      border-top: 1px solid var(--city-border);
    }
  }
`;
