/**
 * The four risk levels and their derivation from likelihood × severity (DOMAIN.md):
 * R = likelihood × severity, each an integer 1–5; R 1–3 low, 4–9 general, 10–16 considerable,
 * 20–25 major. Products 17–19 cannot occur with integer factors; the cut is written as
 * "above 16 is major" so that no product, possible or not, is ever classed below its band.
 */
/** The four levels, highest first (legend order). */
export const RISK_LEVELS = ['major', 'considerable', 'general', 'low'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

/** Rank used for ordering and for "highest level" aggregation: low 1 … major 4. */
export const LEVEL_RANK: Readonly<Record<RiskLevel, 1 | 2 | 3 | 4>> = { low: 1, general: 2, considerable: 3, major: 4 };

/** Level by rank (index 0 is "no level"). */
export const LEVEL_BY_RANK: readonly (RiskLevel | null)[] = [null, 'low', 'general', 'considerable', 'major'];

/** Upper bound (inclusive) of each band of R, lowest band first. */
export const SCORE_BANDS: readonly { level: RiskLevel; max: number }[] = [
  { level: 'low', max: 3 },
  { level: 'general', max: 9 },
  { level: 'considerable', max: 16 },
  { level: 'major', max: 25 },
];

/**
 * Names a backend may send besides the keys: zh-CN names and the colour names of the "four-colour"
 * map. A Map, not an object literal: a record's `level` of `__proto__` or `constructor` must not
 * find Object.prototype members.
 */
const LEVEL_ALIASES: ReadonlyMap<string, RiskLevel> = new Map<string, RiskLevel>([
  ['major', 'major'],
  ['considerable', 'considerable'],
  ['general', 'general'],
  ['low', 'low'],
  ['重大', 'major'],
  ['重大风险', 'major'],
  ['较大', 'considerable'],
  ['较大风险', 'considerable'],
  ['一般', 'general'],
  ['一般风险', 'general'],
  ['低', 'low'],
  ['低风险', 'low'],
  ['红', 'major'],
  ['红色', 'major'],
  ['橙', 'considerable'],
  ['橙色', 'considerable'],
  ['黄', 'general'],
  ['黄色', 'general'],
  ['蓝', 'low'],
  ['蓝色', 'low'],
  ['red', 'major'],
  ['orange', 'considerable'],
  ['yellow', 'general'],
  ['blue', 'low'],
]);

/** A level key from a level name (`major`, `Major`, `重大`, `红色`…), or null when it is not one. */
export function parseLevel(value: unknown): RiskLevel | null {
  if (typeof value !== 'string') return null;
  return LEVEL_ALIASES.get(value.trim().toLowerCase()) ?? null;
}

/** True for a likelihood or severity factor: an integer from 1 to 5. */
export function isRiskFactor(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 5;
}

/** The level of a risk score R (1–25). Null when R is not a finite number in 1–25. */
export function levelFromScore(score: number): RiskLevel | null {
  if (!Number.isFinite(score) || score < 1 || score > 25) return null;
  for (const band of SCORE_BANDS) if (score <= band.max) return band.level;
  return 'major';
}

/**
 * The risk level of a record: its `level` when that is a level name, else the band of
 * likelihood × severity (both integers 1–5), else null.
 */
export function riskLevel(input: { level?: unknown; likelihood?: unknown; severity?: unknown }): RiskLevel | null {
  const named = parseLevel(input?.level);
  if (named) return named;
  if (isRiskFactor(input?.likelihood) && isRiskFactor(input?.severity)) {
    return levelFromScore(input.likelihood * input.severity);
  }
  return null;
}

/** Default weight of a record without `weight`: its level rank (major 4 … low 1), so heat is level-weighted. */
export function defaultWeight(level: RiskLevel): number {
  return LEVEL_RANK[level];
}
