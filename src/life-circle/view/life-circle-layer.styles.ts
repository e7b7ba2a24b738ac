import { css } from 'lit';

/** `<city-life-circle-layer>`: the score legend in the top-left corner (stacked below other layers' boxes there). */
export const lifeCircleLayerStyles = css`
  :host {
    container-type: size;
  }
  .legend {
    position: absolute;
    left: 12px;
    top: calc(12px + var(--city-stack-top-left, 0px));
    z-index: 5;
  }
  /* A small map (a dashboard cell) keeps most of its area for the data. */
  @container (max-width: 560px) {
    .legend {
      left: 8px;
      top: calc(8px + var(--city-stack-top-left, 0px));
    }
    .legend .city-legend {
      font-size: 0.72em;
      padding: 5px 7px;
      min-width: 0;
    }
    .legend .city-legend .count {
      display: none;
    }
    .legend .city-legend .swatch {
      width: 10px;
      height: 9px;
    }
  }
`;
