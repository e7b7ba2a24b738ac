/**
 * The risk layer's colours: the four level colours (the defaults of the `--city-risk-*` CSS
 * tokens), the heat ramp and the hex count ramp, and the count legend's classes.
 */
import { toRgba, type Rgba } from '../../core/color';
import { RISK_LEVELS, type RiskLevel } from './level';

/** 重大 red, 较大 orange, 一般 yellow, 低 blue — the same values as the `--city-risk-*` CSS tokens. */
export const RISK_COLORS: Readonly<Record<RiskLevel, string>> = {
  major: '#e02020',
  considerable: '#f28c28',
  general: '#f2c500',
  low: '#2f7fd8',
};

export const RISK_COLORS_RGBA: Readonly<Record<RiskLevel, Rgba>> = Object.fromEntries(
  RISK_LEVELS.map((level) => [level, toRgba(RISK_COLORS[level])]),
) as Record<RiskLevel, Rgba>;

/** Heat: low density blue through yellow to dark red. */
export const HEAT_RAMP: readonly string[] = ['#9cc9f5', '#2f7fd8', '#f2c500', '#f28c28', '#e02020', '#8f0d0d'];
/** Hexagons coloured by count: pale to dark red. */
export const HEX_COUNT_RAMP: readonly string[] = ['#fde8c8', '#f9c27e', '#f28c28', '#e0561f', '#b81d1d'];

/** The classes of the hex count legend over `[lo, hi]`: whole counts per ramp colour, the last open (`≥ a`). */
export function hexCountClasses([lo, hi]: readonly [number, number]): { from: number; to: number | null; color: string }[] {
  const n = HEX_COUNT_RAMP.length;
  const step = (hi - lo) / n;
  return HEX_COUNT_RAMP.map((color, i) => {
    const from = Math.ceil(lo + step * i);
    return { from, to: i === n - 1 ? null : Math.max(from, Math.ceil(lo + step * (i + 1)) - 1), color };
  });
}
