/**
 * Colours of the life-circle map: residences by score (share of required categories met, fixed
 * classes so a colour means the same thing at every level and zoom) and facilities by category.
 */
import { createColorScale, toRgba, type Rgba } from '../../core/color';
import type { Theme } from '../../core/theme';

/** Class breaks of the score: < 25 %, 25–50 %, 50–75 %, 75–< 100 %, 100 %. */
export const SCORE_THRESHOLDS: readonly number[] = [0.25, 0.5, 0.75, 1];
/** Red → green, dark enough to read against both themes' backgrounds. */
export const SCORE_COLORS: readonly string[] = ['#c62828', '#ef6c00', '#f2b705', '#7cb342', '#2e7d32'];
export const NO_SCORE_COLOR: Readonly<Record<Theme, string>> = { light: '#9aa1ad', dark: '#5d6b80' };

const scoreScale = createColorScale({ type: 'threshold', thresholds: SCORE_THRESHOLDS, palette: SCORE_COLORS });

/** Score class index (0 = worst … 4 = every required category met), -1 for no score. */
export function scoreClass(score: number | null | undefined): number {
  return scoreScale.classOf(score);
}

/** CSS colour of a score (the theme's "no score" grey for null). */
export function scoreColor(score: number | null | undefined, theme: Theme = 'light'): string {
  return scoreScale.color(score) ?? NO_SCORE_COLOR[theme];
}

export function scoreRgba(score: number | null | undefined, theme: Theme = 'light'): Rgba {
  return scoreScale.rgba(score) ?? toRgba(NO_SCORE_COLOR[theme]);
}

/** Per-residence RGBA bytes (4 per row) for a column of scores (NaN = no score). */
export function scoreColorColumn(scores: ArrayLike<number>, theme: Theme = 'light'): Uint8Array {
  const out = new Uint8Array(scores.length * 4);
  const none = toRgba(NO_SCORE_COLOR[theme]);
  const classes = scoreScale.classes.map((c) => c.rgba);
  for (let i = 0; i < scores.length; i++) {
    const k = scoreScale.classOf(scores[i]);
    out.set(k < 0 ? none : classes[k]!, i * 4);
  }
  return out;
}

/** Legend rows of the score classes, best first, as `[lowerBound, upperBound)` shares. */
export function scoreLegendClasses(): { from: number; to: number; color: string }[] {
  const bounds = [0, ...SCORE_THRESHOLDS];
  return SCORE_COLORS.map((color, i) => ({ from: bounds[i]!, to: i + 1 < bounds.length ? bounds[i + 1]! : 1, color })).reverse();
}

/**
 * Twenty distinguishable colours: Tableau 10, then a darker set. A level of GB 50180-2018 has at
 * most eight categories, so the colours within one level never repeat.
 */
export const CATEGORY_PALETTE: readonly string[] = [
  '#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac',
  '#1b9e77', '#d95f02', '#7570b3', '#e7298a', '#66a61e', '#e6ab02', '#a6761d', '#17becf', '#8c564b', '#393b79',
];

/**
 * Colour of every category of a profile: by its position within its own level, so a category
 * keeps its colour whatever level is shown and categories of one level never share a colour.
 */
export function categoryColors(categories: readonly { key: string; level: number }[]): Map<string, string> {
  const seen = new Map<number, number>();
  const colors = new Map<string, string>();
  for (const category of categories) {
    const index = seen.get(category.level) ?? 0;
    seen.set(category.level, index + 1);
    colors.set(category.key, CATEGORY_PALETTE[index % CATEGORY_PALETTE.length]!);
  }
  return colors;
}
