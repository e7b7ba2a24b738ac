/** Styles of `<city-closure-funnel>` (colours are the documented `--city-funnel-*` properties). */
import { css, unsafeCSS } from 'lit';

const dark = css`
  --city-funnel-block: #3fb6ff;
  --city-funnel-block-end: #2a7fd4;
  --city-funnel-on-block: #07111f;
  --city-funnel-overdue: #ff8a3d;
  --city-funnel-rework: #ffb347;
  --city-funnel-good: #4cd97b;
  --city-funnel-bad: #ff6b6b;
`;

/** A card's least width and the gap between cards, in em (the card rows below are worked out from them). */
const CARD_MIN_EM = 7.6;
const CARD_GAP_EM = 0.5;
const rowWidth = (columns: number) => (columns * (CARD_MIN_EM + CARD_GAP_EM) - CARD_GAP_EM).toFixed(2);

/**
 * For 4–10 cards: at the widths where n cards need two rows (⌈n / 2⌉ to n − 1 fit), ⌈n / 2⌉ columns,
 * so the rows are as long as each other. Constant text built from numbers, not from data.
 */
const evenCardRows = unsafeCSS(
  Array.from({ length: 7 }, (_, i) => {
    const count = i + 4;
    const columns = Math.ceil(count / 2);
    return `@container (${rowWidth(columns)}em <= width < ${rowWidth(count)}em) { [part='cards'][data-count='${count}'] { grid-template-columns: repeat(${columns}, 1fr); } }`;
  }).join('\n'),
);

/**
 * Notes on the rules below (here, not in the CSS: its text ships to the page as written):
 * - `.scope-chips`: what the surrounding <city-scope> limits the count to, as removable chips.
 * - `[part='cards']`: rows of equal columns (eight bulletin rates wrap rather than clip their figures).
 *   Cards that do not fit one row wrap into rows as long as each other (4 + 4, not 7 + 1), by
 *   container queries on the frame's width (`evenCardRows`). Fewer than half fit, or more than ten
 *   cards: as many columns as fit.
 * - `.card-formula` (结案数 911 ÷ 应结案数 972): read by screen readers with the card, shown on hover
 *   or keyboard focus.
 */
export const funnelStyles = css`
  :host {
    --city-funnel-block: #0f4aa8;
    --city-funnel-block-end: #2f6fd6;
    --city-funnel-on-block: #fff;
    --city-funnel-overdue: #c2410c;
    --city-funnel-rework: #c2410c;
    --city-funnel-good: #1a7f37;
    --city-funnel-bad: #c62828;
    display: block;
    position: relative;
    height: 460px;
    min-height: 200px;
    background: var(--city-bg);
    border-radius: var(--city-radius);
    overflow: hidden;
  }
  :host([theme='dark']) { ${dark} }
  @media (prefers-color-scheme: dark) {
    :host(:not([theme])) { ${dark} }
  }
  .frame { display: flex; flex-direction: column; height: 100%; padding: 8px; gap: 6px; container-type: inline-size; }

  .scope-chips { display: flex; flex-wrap: wrap; gap: 6px; }
  [part='scope-chip'] {
    font: inherit; font-size: 0.85em; color: var(--city-fg); background: var(--city-surface);
    border: 1px solid var(--city-accent); border-radius: 999px; padding: 2px 10px; cursor: pointer;
  }
  [part='scope-chip']:hover { background: color-mix(in srgb, var(--city-accent) 12%, var(--city-surface)); }
  [part='cards'] {
    display: grid; grid-template-columns: repeat(auto-fit, minmax(${CARD_MIN_EM}em, 1fr)); gap: 6px ${CARD_GAP_EM}em;
    margin: 0; padding: 0; list-style: none;
  }
  ${evenCardRows}
  [part='card'] {
    min-width: 0;
    background: var(--city-surface);
    border: 1px solid var(--city-border);
    border-radius: var(--city-radius);
    padding: 6px 10px;
    line-height: 1.3;
  }
  :host([theme='dark']) [part='card'] { box-shadow: var(--city-shadow); }
  .card-name, .card-delta, .card-fraction { white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
  .card-name, .card-arrow, .card-fraction, .card-delta { color: var(--city-muted); }
  .card-name { font-size: 0.86em; }
  .card-value { font-size: 1.3em; font-weight: 600; }
  :host([theme='dark']) .card-value { color: var(--city-accent); font-size: 1.5em; }
  .card-arrow { font-size: 0.8em; margin-left: 4px; }
  .card-fraction, .card-delta { font-size: 0.8em; }
  .card-value, .card-fraction, .card-delta, .value, .rate, .drop-label, .arc-label, dd { font-variant-numeric: tabular-nums; }
  .card-delta[data-verdict='better'] { color: var(--city-funnel-good); }
  .card-delta[data-verdict='worse'] { color: var(--city-funnel-bad); }
  [part='card'] { position: relative; }
  [part='card']:focus-visible { outline: 2px solid var(--city-focus); outline-offset: 1px; }
  .card-formula { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
  [part='card']:hover .card-formula, [part='card']:focus .card-formula {
    top: calc(100% + 4px); left: 0; z-index: 11; width: max-content; max-width: 260px; height: auto; overflow: visible; clip-path: none;
    white-space: normal; padding: 4px 8px; font-size: 0.8em; color: var(--city-fg); background: var(--city-surface);
    border: 1px solid var(--city-border); border-radius: var(--city-radius); box-shadow: var(--city-shadow);
  }
  [part='card']:nth-last-child(-n + 3):nth-child(n + 3) .card-formula { left: auto; right: 0; }

  .chart-area { position: relative; flex: 1; min-height: 0; overflow: auto; }
  svg { display: block; font-size: 1em; overflow: visible; }
  svg text { dominant-baseline: central; fill: var(--city-fg); pointer-events: none; }
  .value { font-weight: 600; }
  .value.inside { fill: var(--city-funnel-on-block); }
  .rate, .drop-label, .arc-label { font-size: 0.86em; fill: var(--city-muted); }
  .arc-label { fill: var(--city-funnel-rework); }
  .flag { fill: var(--city-warning); }
  .connector { fill: var(--city-funnel-block-end); fill-opacity: 0.14; }
  .ribbon { fill: var(--city-muted); fill-opacity: 0.16; }
  .hit { fill: transparent; cursor: pointer; }
  g.stage:hover .hit { fill: color-mix(in srgb, var(--city-accent) 7%, transparent); }
  g.stage:focus { outline: none; }
  .focus-ring, rect.compare, path.rework { fill: none; }
  .focus-ring, rect.block, rect.overdue, rect.compare { pointer-events: none; }
  g.stage:focus-visible .focus-ring { stroke: var(--city-focus); stroke-width: 2; }
  g.stage.selected .focus-ring { stroke: var(--city-accent); stroke-width: 2; stroke-dasharray: 4 3; }
  rect.block { rx: 2px; }
  g.stage.empty rect.block { stroke: var(--city-muted); stroke-dasharray: 3 2; }
  g.stage.flagged rect.block { stroke: var(--city-warning); stroke-width: 2; stroke-dasharray: 5 3; }
  .overdue-base { fill: color-mix(in srgb, var(--city-funnel-overdue) 35%, transparent); }
  .overdue-stripe, .arrow-head { fill: var(--city-funnel-overdue); }
  .arrow-head { fill: var(--city-funnel-rework); }
  rect.compare { stroke: var(--city-fg); stroke-opacity: 0.75; stroke-width: 1.5; stroke-dasharray: 4 3; }
  path.rework { stroke: var(--city-funnel-rework); stroke-opacity: 0.85; }
  .empty-note { position: absolute; inset: 0; display: flex; align-items: center; justify-content: center; color: var(--city-muted); }

  [part='legend'] { display: flex; flex-wrap: wrap; gap: 4px 14px; font-size: 0.8em; color: var(--city-muted); margin: 0; padding: 0; list-style: none; }
  [part='legend'] li { display: inline-flex; align-items: center; gap: 5px; }
  .swatch { display: inline-block; width: 12px; height: 10px; border-radius: 2px; }
  .swatch.overdue {
    background: repeating-linear-gradient(45deg, var(--city-funnel-overdue) 0 2px, color-mix(in srgb, var(--city-funnel-overdue) 35%, transparent) 2px 4px);
  }
  .swatch.rework { height: 0; border-top: 3px solid var(--city-funnel-rework); border-radius: 0; }
  .swatch.compare { border: 1.5px dashed var(--city-fg); }
  .swatch.flag { width: auto; height: auto; color: var(--city-warning); }

  [part='tooltip'] {
    position: absolute;
    z-index: 10;
    max-width: min(340px, 90%);
    padding: 8px 10px;
    background: var(--city-surface);
    border: 1px solid var(--city-border);
    border-radius: var(--city-radius);
    box-shadow: var(--city-shadow);
    font-size: 0.86em;
    line-height: 1.45;
    pointer-events: none;
    overflow-wrap: anywhere;
  }
  [part='tooltip'] strong { display: block; margin-bottom: 2px; }
  [part='tooltip'] dl { display: grid; grid-template-columns: auto auto; gap: 0 12px; margin: 0; }
  [part='tooltip'] dd { margin: 0; text-align: right; }
  [part='tooltip'] p { margin: 4px 0 0; color: var(--city-muted); }
  [part='tooltip'] .notes { color: var(--city-warning); }
`;
