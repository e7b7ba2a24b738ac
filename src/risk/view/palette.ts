/** The colours the risk layer draws with, read from its CSS tokens (a page restyles levels with `--city-risk-*`). */
import { toRgba, type Rgba } from '../../core/color';
import type { Theme } from '../../core/theme';
import { RISK_COLORS_RGBA } from '../model/colors';
import { RISK_LEVELS, type RiskLevel } from '../model/level';

export type RiskPalette = Readonly<Record<RiskLevel, Rgba>>;

export interface RiskColors {
  /** Fill per level. */
  palette: RiskPalette;
  /** Symbol outline: the map's background in the dark theme, else white. */
  lineColor: Rgba;
  /** Hover highlight: the accent, translucent. */
  highlightColor: Rgba;
}

/** `color` as RGBA, or null when it is empty or not a colour. */
function cssColor(value: string, alpha?: number): Rgba | null {
  if (!value) return null;
  try {
    return toRgba(value, alpha);
  } catch {
    return null;
  }
}

/** The colours in effect on `host` (its computed `--city-risk-*`, `--city-bg`, `--city-accent`). */
export function readRiskColors(host: Element, theme: Theme): RiskColors {
  const style = getComputedStyle(host);
  const token = (name: string) => style.getPropertyValue(name).trim();
  const palette = Object.fromEntries(RISK_LEVELS.map((level) => [level, cssColor(token(`--city-risk-${level}`)) ?? RISK_COLORS_RGBA[level]])) as Record<RiskLevel, Rgba>;
  const background = theme === 'dark' ? cssColor(token('--city-bg'), 230) : null;
  return {
    palette,
    lineColor: background ?? [255, 255, 255, 230],
    highlightColor: cssColor(token('--city-accent'), 110) ?? [31, 111, 235, 110],
  };
}

/** The colours before any CSS is read: the default level colours, white outlines, the default accent. */
export const DEFAULT_RISK_COLORS: RiskColors = { palette: RISK_COLORS_RGBA, lineColor: [255, 255, 255, 230], highlightColor: [31, 111, 235, 110] };

/** True when two colour sets are the same colours (so the GPU buffers can stay). */
export function sameColors(a: RiskColors, b: RiskColors): boolean {
  const same = (x: readonly number[], y: readonly number[]) => x.join() === y.join();
  return RISK_LEVELS.every((level) => same(a.palette[level], b.palette[level])) && same(a.lineColor, b.lineColor) && same(a.highlightColor, b.highlightColor);
}
