import type { ValidationIssue } from '../../core/validation';

/** Life-circle level in minutes (GB 50180-2018: 5, 10, 15). */
export type LevelMinutes = 5 | 10 | 15;
export type TravelMode = 'walk' | 'bike';
export type DistanceMethod = 'network' | 'straight-line';
export type Confidence = 'high' | 'medium' | 'low';
/** Rule-based rows have no radius; `one-per-street` is the only rule the standard uses. */
export type CategoryRule = 'one-per-street';

export interface LocalizedLabel {
  'zh-CN': string;
  en: string;
}

export interface StandardLevel {
  minutes: number;
  /** Walking distance of the level, metres. */
  distance: number;
  /** When the standard gives a range (15 minutes: 800–1000 m). */
  distanceRange?: [number, number];
  /** Residents the level serves, [min, max]. */
  population?: [number, number];
  label?: LocalizedLabel;
}

export interface StandardCategory {
  key: string;
  label: LocalizedLabel;
  level: number;
  /** Service radius in metres (walking distance); null for rule-based rows. */
  radius: number | null;
  rule?: CategoryRule | null;
  /** ▲ required (true) or △ recommended (false). */
  required: boolean;
  /** `high` where the standard states the radius; `medium`/`low` where it is an interpretation. */
  confidence: Confidence;
  /** Clause reference / reasoning behind the row. */
  note: string;
}

export interface StandardProfile {
  id: string;
  version: string;
  source: string;
  levels: StandardLevel[];
  categories: StandardCategory[];
}

/**
 * A profile as given by a user (e.g. a city's own radii). With `extends`, rows are merged by
 * `key` over the named built-in profile, so `{extends: 'gb50180-2018', categories:
 * [{key: 'junior-middle-school', radius: 1500}]}` is enough.
 */
export interface CustomProfileInput {
  id?: string;
  version?: string;
  source?: string;
  extends?: string;
  levels?: Partial<StandardLevel>[];
  categories?: Partial<StandardCategory>[];
}

export type ProfileInput = string | CustomProfileInput | StandardProfile;

/** A GeoJSON-like FeatureCollection; validation decides what in it is usable. */
export interface FeatureCollectionLike {
  type?: string;
  features?: unknown[];
}

export interface LifeCircleInput {
  residences: unknown;
  facilities: unknown;
  roads?: unknown;
}

export interface TravelSpeeds {
  /** Metres per minute (default 72, i.e. 1.2 m/s). */
  walk?: number;
  /** Metres per minute (default 250, i.e. 15 km/h). */
  bike?: number;
}

export interface LifeCircleOptions {
  /** Built-in profile id (`gb50180-2018`, the default) or a custom profile. */
  profile?: ProfileInput;
  /** Which level's categories to analyse (not inclusive); `all` (the default) analyses every level. */
  level?: LevelMinutes | 'all';
  /** `walk` (default) or `bike`: bike keeps the minutes of each limit, so its metres grow by bike/walk speed. */
  mode?: TravelMode;
  /** `auto` (default): network when roads are given, else straight-line. */
  method?: 'auto' | DistanceMethod;
  speeds?: TravelSpeeds;
  /** Distances are searched up to this many metres (default: the largest limit analysed); farther → null. */
  maxDistance?: number;
  /** Points farther than this from any road are unreachable on the network (default 500 m). */
  snapTolerance?: number;
  /** Restrict the analysis to these category keys. */
  categories?: string[];
  /** How many issues to keep (all are counted). */
  issueLimit?: number;
}

/** One analysed category, with its limit for the chosen mode. */
export interface AnalysedCategory {
  key: string;
  label: LocalizedLabel;
  level: number;
  required: boolean;
  confidence: Confidence;
  note: string;
  /** Limit in metres for the chosen mode; null for rule-based rows. */
  limit: number | null;
  /** Limit in minutes for the chosen mode; null for rule-based rows. */
  minutes: number | null;
  rule: CategoryRule | null;
  /** How a rule row was evaluated: per street (residences carry `street`) or for the data set as a whole. */
  basis: 'distance' | 'street' | 'dataset';
  /** Whether the row counts in the per-residence score. */
  scored: boolean;
}

export interface CategoryOutcome {
  /** Metres to the nearest facility of the category (network or straight-line); null if none within `maxDistance`. */
  distance: number | null;
  /** Minutes at the mode's speed; null with distance. */
  minutes: number | null;
  /** Id of that facility. */
  facility: string | null;
  /** Within the category's limit (distance ≤ limit), or the rule is met. */
  within: boolean;
}

export interface ResidenceOutcome {
  /** Required categories met / required categories (null if the level has no scored required row). */
  score: number | null;
  met: number;
  required: number;
  population: number;
  /** Access leg from the residence to the road network, metres; null when it could not be snapped (or straight-line). */
  access: number | null;
  categories: Record<string, CategoryOutcome>;
}

export interface CategoryCoverage {
  /** Population within the limit (or meeting the rule). */
  population: number;
  /** population / total population (0 when there is none). */
  share: number;
  /** Residences within. */
  residences: number;
  required: boolean;
  limit: number | null;
}

export interface LifeCircleGap {
  residence: string;
  category: string;
  required: boolean;
  population: number;
  distance: number | null;
  limit: number | null;
}

export interface FacilityCatchment {
  category: string;
  /** Population of residences for which this is the nearest facility of its category within the limit. */
  population: number;
  residences: number;
}

export interface RuleOutcome {
  rule: CategoryRule;
  basis: 'street' | 'dataset';
  facilities: number;
  /** Street basis: streets with at least one facility / streets with residences. */
  streetsServed?: number;
  streets?: number;
  /** Street ids without a facility. */
  streetsMissing?: string[];
  present: boolean;
}

export interface LifeCircleSummary {
  residences: number;
  population: number;
  facilities: number;
  /** Residences farther than the snap tolerance from any road (network method). */
  unreachableResidences: number;
  /** Population-weighted mean score over residences that have one. */
  meanScore: number | null;
  /** Population whose every scored required category is met. */
  fullyServedPopulation: number;
  fullyServedShare: number;
}

export interface LocalProjectionInfo {
  type: 'equirectangular';
  lon0: number;
  lat0: number;
  /** Largest relative east–west scale error over the data's extent (e.g. 0.003 = 0.3%). */
  maxScaleError: number;
}

/**
 * Columnar core of a result: what a worker transfers (typed arrays, no per-cell objects).
 * Index `r * categories.length + c` addresses residence r, category c.
 */
export interface LifeCircleColumns {
  residenceIds: string[];
  categories: string[];
  facilityIds: string[];
  population: Float64Array;
  /** Metres; Infinity when none within maxDistance. */
  distance: Float64Array;
  /** Index into facilityIds; -1 for none. */
  facility: Int32Array;
  within: Uint8Array;
  /** NaN when the residence has no scored required row. */
  score: Float64Array;
  met: Int32Array;
  required: Int32Array;
  /** Metres; NaN when not snapped / straight-line. */
  access: Float64Array;
  /** Per facility: catchment population and residence count (categories outside the analysis: 0). */
  catchmentPopulation: Float64Array;
  catchmentResidences: Int32Array;
  /** Category key index of each facility, into `facilityCategoryKeys`. */
  facilityCategory: Int32Array;
  facilityCategoryKeys: string[];
}

export interface LifeCircleResult {
  method: DistanceMethod;
  profile: { id: string; version: string };
  level: LevelMinutes | 'all';
  mode: TravelMode;
  /** Metres per minute used for `minutes`. */
  speed: number;
  maxDistance: number;
  projection: LocalProjectionInfo;
  categories: AnalysedCategory[];
  residences: Record<string, ResidenceOutcome>;
  coverage: Record<string, CategoryCoverage>;
  gaps: LifeCircleGap[];
  catchments: Record<string, FacilityCatchment>;
  rules: Record<string, RuleOutcome>;
  summary: LifeCircleSummary;
  issues: ValidationIssue[];
  /** All issues found, including those past the kept limit. */
  issueCount: number;
  columns: LifeCircleColumns;
  timings: Record<string, number>;
}

export interface ProgressInfo {
  done: number;
  total: number;
  phase: string;
}

export interface RunHooks {
  signal?: AbortSignal;
  onProgress?: (progress: ProgressInfo) => void;
}
