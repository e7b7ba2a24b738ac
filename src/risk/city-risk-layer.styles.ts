/**
 * `<city-risk-layer>` styles. Corner boxes (the legends, the time slider) add the space the map's
 * earlier layers take in their corner, `--city-stack-<corner>` from the top/bottom edge and
 * `--city-stack-<corner>-x` from the side (set by the map layer base).
 */
import { css, unsafeCSS } from 'lit';
import { legendStyles } from '../ui/legend';
import { tooltipStyles } from '../ui/tooltip';
import { MapLayerElement } from '../map/map-layer-element';
import { HEAT_RAMP } from './model/colors';

const cornerBoxes = css`
  .frame {
    position: absolute;
    inset: 0;
  }
  .legend-slot {
    position: absolute;
    right: calc(12px + var(--city-stack-bottom-right-x, 0px));
    bottom: calc(12px + var(--city-stack-bottom-right, 0px));
    z-index: 4;
    pointer-events: auto;
    display: flex;
    flex-direction: column;
    gap: 6px;
    align-items: stretch;
  }
  :host([legend-position='bottom-left']) .legend-slot {
    right: auto;
    left: calc(12px + var(--city-stack-bottom-left-x, 0px));
    bottom: calc(12px + var(--city-stack-bottom-left, 0px));
  }
  :host([legend-position='top-left']) .legend-slot {
    right: auto;
    left: 12px;
    bottom: auto;
    top: calc(12px + var(--city-stack-top-left, 0px));
  }
  :host([legend-position='top-right']) .legend-slot {
    bottom: auto;
    top: calc(56px + var(--city-stack-top-right, 0px));
  }
  city-time-slider[hidden] {
    display: none;
  }
  /* Bottom-left, clear of this layer's legend (bottom-right by default); beside or above earlier layers' boxes. */
  city-time-slider {
    position: absolute;
    left: var(--city-risk-slider-left, calc(12px + var(--city-stack-bottom-left-x, 0px)));
    bottom: calc(12px + var(--city-stack-bottom-left, 0px));
    right: var(--city-risk-slider-right, calc(12px + var(--city-risk-legend-width, 210px)));
    z-index: 4;
    pointer-events: auto;
  }
  :host([legend-position^='top']) city-time-slider,
  :host([hide-legend]) city-time-slider {
    right: var(--city-risk-slider-right, 12px);
  }
  /* The legend takes bottom-left: the slider runs from it to the bottom-right corner. */
  :host([legend-position='bottom-left']) city-time-slider {
    left: var(--city-risk-slider-left, calc(12px + var(--city-risk-legend-width, 210px)));
    right: var(--city-risk-slider-right, calc(12px + var(--city-stack-bottom-right-x, 0px)));
    bottom: calc(12px + var(--city-stack-bottom-right, 0px));
  }
`;

const legendParts = css`
  .heat-scale {
    margin-top: 6px;
  }
  .heat-scale .ramp {
    background: linear-gradient(to right, ${unsafeCSS(HEAT_RAMP.join(','))});
    height: 10px;
    border-radius: 2px;
    border: 1px solid rgba(0, 0, 0, 0.18);
  }
  .heat-scale .ends {
    display: flex;
    justify-content: space-between;
    color: var(--city-muted);
    font-size: 0.92em;
  }
  .shown {
    color: var(--city-muted);
    margin-top: 4px;
    font-variant-numeric: tabular-nums;
  }
`;

const spotList = css`
  .spot-list {
    position: absolute;
    z-index: 16;
    pointer-events: auto;
    max-width: 300px;
    max-height: 50%;
    overflow: auto;
    background: var(--city-surface);
    color: var(--city-fg);
    border: 1px solid var(--city-border);
    border-radius: var(--city-radius);
    box-shadow: var(--city-shadow);
    padding: 6px;
    font-size: 0.88em;
  }
  .spot-list h2 {
    font-size: 1em;
    margin: 2px 4px 6px;
    display: flex;
    justify-content: space-between;
    gap: 8px;
  }
  .spot-list ul {
    list-style: none;
    margin: 0;
    padding: 0;
  }
  .spot-list li button {
    display: flex;
    align-items: center;
    gap: 6px;
    width: 100%;
    text-align: start;
    font: inherit;
    color: inherit;
    background: transparent;
    border: none;
    border-radius: 4px;
    padding: 4px;
    cursor: pointer;
  }
  .spot-list li button:hover,
  .spot-list li button:focus-visible {
    background: color-mix(in srgb, var(--city-accent) 14%, transparent);
  }
  .spot-list .dot {
    flex: none;
    width: 10px;
    height: 10px;
    border-radius: 50%;
  }
  .spot-list .close {
    border: none;
    background: transparent;
    color: inherit;
    font-size: 16px;
    cursor: pointer;
    line-height: 1;
  }
`;

export const riskLayerStyles = [...MapLayerElement.styles, legendStyles, tooltipStyles, cornerBoxes, legendParts, spotList];
