/**
 * Theme tokens as CSS custom properties. Light by default, `theme="dark"` for big-screen
 * briefings, and the OS preference when no theme is set. System fonts only (offline): the
 * stack names the CJK fonts of Windows, macOS and Linux so zh-CN text never falls back to boxes.
 */
import { css, unsafeCSS } from 'lit';

export const FONT_STACK =
  "system-ui, -apple-system, 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Source Han Sans SC', 'WenQuanYi Micro Hei', 'Droid Sans Fallback', sans-serif";

export type Theme = 'light' | 'dark';

const light = css`
  --city-bg: #f7f8fa;
  --city-surface: #ffffff;
  --city-fg: #1d2330;
  --city-muted: #5b6475;
  --city-border: #d5d9e0;
  --city-accent: #1f6feb;
  --city-focus: #1f6feb;
  --city-no-data: #c9ccd2;
  --city-shadow: 0 1px 4px rgba(0, 0, 0, 0.16);
`;

const dark = css`
  --city-bg: #07111f;
  --city-surface: rgba(10, 27, 51, 0.92);
  --city-fg: #e6f0ff;
  --city-muted: #93a7c3;
  --city-border: #23466e;
  --city-accent: #3fb6ff;
  --city-focus: #7fd4ff;
  --city-no-data: #3a4658;
  --city-shadow: 0 0 12px rgba(63, 182, 255, 0.25);
`;

/** An element's own `theme` attribute: the preset's tokens, whatever it inherits. */
const explicitThemes = css`
  :host([theme='dark']) {
    ${dark}
    --city-font-size: 16px;
  }
  :host([theme='light']) {
    ${light}
  }
`;

/**
 * Theme styles for an element that lives inside another CityKit element (a layer inside
 * `<city-map>`): unless its own `theme` is set, it inherits the tokens of its host — the map's
 * theme and any `--city-*` the page set on the map.
 */
const nestedThemeTokens = css`
  :host {
    font-family: var(--city-font-family);
    font-size: var(--city-font-size);
    color: var(--city-fg);
    box-sizing: border-box;
  }
`;

const rootThemeStyles = css`
  :host {
    ${light}
    --city-font-family: ${unsafeCSS(FONT_STACK)};
    --city-font-size: 14px;
    --city-radius: 6px;
    --city-risk-major: #e02020;
    --city-risk-considerable: #f28c28;
    --city-risk-general: #f2c500;
    --city-risk-low: #2f7fd8;
    --city-danger: #c62828;
    --city-warning: #a15c00;
    font-family: var(--city-font-family);
    font-size: var(--city-font-size);
    color: var(--city-fg);
    box-sizing: border-box;
  }
  /* Unset or unknown (reported by the attribute policy): follow the OS. */
  @media (prefers-color-scheme: dark) {
    :host(:not([theme='light']):not([theme='dark'])) {
      ${dark}
    }
  }
`;

/** Rules every element's shadow root shares (box sizing, focus ring, visually hidden text). */
const sharedRules = css`
  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }
  :focus-visible {
    outline: 2px solid var(--city-focus);
    outline-offset: 2px;
  }
  .visually-hidden {
    position: absolute !important;
    width: 1px;
    height: 1px;
    margin: -1px;
    padding: 0;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
    border: 0;
  }
`;

/** Host styles of a top-level element: include first in its `static styles`. */
export const themeStyles = [rootThemeStyles, explicitThemes, sharedRules];

/** Host styles of a nested element (a layer inside `<city-map>`): see `nestedThemeTokens`. */
export const nestedThemeStyles = [nestedThemeTokens, explicitThemes, sharedRules];

/**
 * The effective theme of an element: its `theme` attribute, else (a nested element) that of the
 * closest CityKit host it sits in (`inherit`), else the OS preference.
 */
export function effectiveTheme(element: Element, inherit?: Element | null): Theme {
  const attr = element.getAttribute('theme');
  if (attr === 'dark' || attr === 'light') return attr;
  if (inherit) return effectiveTheme(inherit);
  return prefersDark()?.matches ? 'dark' : 'light';
}

let darkQuery: MediaQueryList | null | undefined;
/** The page's dark-scheme query, made once (each `matchMedia` call builds a new list: ~1 ms on a busy page). */
function prefersDark(): MediaQueryList | null {
  if (darkQuery === undefined) darkQuery = typeof matchMedia === 'function' ? matchMedia('(prefers-color-scheme: dark)') : null;
  return darkQuery;
}
