/** Styles of `<city-grid-layer>`: its overlays' CSS and the deck.gl colours per theme. */
import { css } from 'lit';
import { FONT_STACK, type Theme } from '../core/theme';
import type { GridLayerStyle } from './view/grid-layer';

export const gridLayerStyles = css`
  .breadcrumb {
    position: absolute;
    top: calc(12px + var(--city-map-inset-top-left, 0px) + var(--city-stack-top-left, 0px));
    left: calc(12px + var(--city-stack-top-left-x, 0px));
    z-index: 5;
    max-width: calc(100% - 80px);
    pointer-events: auto;
    background: var(--city-surface);
    border: 1px solid var(--city-border);
    border-radius: var(--city-radius);
    box-shadow: var(--city-shadow);
    padding: 4px 6px;
    font-size: 0.9em;
  }
  .breadcrumb ol {
    list-style: none;
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    margin: 0;
    padding: 0;
  }
  .breadcrumb li {
    display: flex;
    align-items: center;
  }
  .breadcrumb li + li::before {
    content: '›';
    color: var(--city-muted);
    padding: 0 4px;
  }
  .breadcrumb button {
    font: inherit;
    color: var(--city-accent);
    background: none;
    border: none;
    border-radius: 4px;
    padding: 2px 4px;
    cursor: pointer;
  }
  .breadcrumb button:hover {
    text-decoration: underline;
  }
  .breadcrumb [aria-current] {
    font-weight: 600;
    padding: 2px 4px;
  }
  .legend {
    position: absolute;
    left: calc(12px + var(--city-stack-bottom-left-x, 0px));
    bottom: calc(12px + var(--city-map-inset-bottom-left, 0px) + var(--city-stack-bottom-left, 0px));
    z-index: 5;
  }
  .units {
    pointer-events: auto;
  }
`;

export const STYLES: Record<Theme, Omit<GridLayerStyle, 'fillOpacity'>> = {
  light: {
    lineColor: [255, 255, 255, 230],
    lineWidth: 1,
    hoverColor: [29, 35, 48, 255],
    selectedColor: [31, 111, 235, 255],
    focusColor: [29, 35, 48, 220],
    noDataColor: [120, 126, 138, 255],
    noDataBackground: [226, 228, 232, 255],
    labelOnLight: [29, 35, 48, 255],
    labelOnDark: [255, 255, 255, 255],
    labelSize: 12,
    fontFamily: FONT_STACK,
  },
  dark: {
    lineColor: [127, 212, 255, 110],
    lineWidth: 1,
    hoverColor: [255, 255, 255, 255],
    selectedColor: [63, 182, 255, 255],
    focusColor: [127, 212, 255, 230],
    noDataColor: [120, 140, 170, 255],
    noDataBackground: [40, 52, 70, 255],
    labelOnLight: [7, 17, 31, 255],
    labelOnDark: [240, 246, 255, 255],
    labelSize: 14,
    fontFamily: FONT_STACK,
  },
};
