import type { RiskLevel } from './level';

/** A risk record as a backend sends it (the "Risks" data contract). */
export interface RiskRecord {
  id: string | number;
  lon: number;
  lat: number;
  category: string;
  level?: RiskLevel;
  /** 1–5 (integer); with `severity` gives the level when `level` is absent. */
  likelihood?: number;
  /** 1–5 (integer). */
  severity?: number;
  /** ≥ 0; heat weight and point size. Default: the level rank (major 4, considerable 3, general 2, low 1). */
  weight?: number;
  /** ISO 8601 date or date-time. */
  time?: string;
  name?: string;
  /** Id of the grid unit the record belongs to. */
  grid?: string;
}

/** The national urban-safety categories, in a fixed order (their index is stable across data sets). */
export const RISK_CATEGORIES = [
  'gas',
  'bridge',
  'water-supply',
  'drainage',
  'heating',
  'utility-tunnel',
  'crowded-place',
  'high-rise-fire',
  'hazardous-chemicals',
  'construction-site',
  'flood',
  'landslide',
  'earthquake',
  'septic-tank',
] as const;
export type RiskCategory = (typeof RISK_CATEGORIES)[number];
