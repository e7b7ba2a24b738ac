/** `<city-map>`'s shadow styles: stage (live canvas or snapshot), overlays, corners, controls. */
import { css } from 'lit';

export const cityMapStyles = css`
  :host {
    display: block;
    position: relative;
    overflow: hidden;
    height: var(--city-map-height, 400px);
    background: var(--city-map-background, var(--city-bg));
    contain: layout paint;
    isolation: isolate;
  }
  :host(:fullscreen) {
    width: 100vw;
    height: 100vh;
  }
  .stage {
    position: absolute;
    inset: 0;
    z-index: 0;
  }
  .stage canvas {
    display: block;
    position: absolute;
    inset: 0;
    width: 100%;
    height: 100%;
    outline: none;
    touch-action: none;
  }
  .stage canvas:focus-visible {
    outline: 2px solid var(--city-focus);
    outline-offset: -3px;
  }
  .layers {
    position: absolute;
    inset: 0;
    z-index: 1;
    pointer-events: none;
  }
  .corner {
    position: absolute;
    z-index: 3;
    display: flex;
    flex-direction: column;
    gap: 8px;
    pointer-events: none;
    max-width: calc(50% - 16px);
  }
  .corner ::slotted(*) {
    pointer-events: auto;
  }
  .top-left {
    top: 12px;
    left: 12px;
  }
  .top-right {
    top: 12px;
    right: 12px;
    align-items: flex-end;
  }
  .bottom-left {
    bottom: 12px;
    left: 12px;
  }
  .bottom-right {
    bottom: 12px;
    right: 12px;
    align-items: flex-end;
  }
  .controls {
    pointer-events: auto;
    display: flex;
    flex-direction: column;
    background: var(--city-surface);
    border: 1px solid var(--city-border);
    border-radius: var(--city-radius);
    box-shadow: var(--city-shadow);
    overflow: hidden;
  }
  .controls button {
    width: 32px;
    height: 32px;
    display: grid;
    place-items: center;
    border: none;
    background: transparent;
    color: var(--city-fg);
    cursor: pointer;
    padding: 0;
  }
  .controls button + button {
    border-top: 1px solid var(--city-border);
  }
  .controls button:hover {
    background: color-mix(in srgb, var(--city-accent) 12%, transparent);
  }
  .controls svg {
    width: 16px;
    height: 16px;
    fill: none;
    stroke: currentColor;
    stroke-width: 2;
    stroke-linecap: round;
  }

`;
