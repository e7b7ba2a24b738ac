import { IssueCollector, describeValue, isFiniteNumber, isRecord } from '../../core/validation';
import type { CategoryRule, Confidence, LocalizedLabel, ProfileInput, StandardCategory, StandardLevel, StandardProfile } from './types';
import gb50180 from './standards/gb50180-2018.json';

/** Built-in standards as versioned data, keyed by id. */
export const profiles: Readonly<Record<string, StandardProfile>> = Object.freeze({
  'gb50180-2018': gb50180 as StandardProfile,
});

export const DEFAULT_PROFILE_ID = 'gb50180-2018';

/** Largest service radius or level distance a profile may set, metres (a 15-minute walk is ~1 km). */
export const MAX_RADIUS = 100_000;

/** The built-in profile with this id (own entries only: "constructor" or "__proto__" are no profile). */
export function builtInProfile(id: unknown): StandardProfile | null {
  return typeof id === 'string' && Object.hasOwn(profiles, id) ? profiles[id]! : null;
}

/** Ids of the built-in profiles. */
export const PROFILE_IDS: readonly string[] = Object.keys(profiles);

const RULES: readonly CategoryRule[] = ['one-per-street'];
const CONFIDENCES: readonly Confidence[] = ['high', 'medium', 'low'];

/**
 * Turns a profile id or custom JSON into a checked profile. Bad rows (negative or non-numeric
 * radius, unknown level, unknown rule, missing key) are reported and skipped; the rest is used.
 * An unknown id falls back to GB 50180-2018 with an error issue.
 */
export function resolveProfile(input: ProfileInput | undefined, issues = new IssueCollector(), path = 'options.profile'): StandardProfile {
  try {
    return readProfile(input, issues, path);
  } catch {
    // A profile that throws when read (a getter, a revoked proxy): the default, never a throw.
    issues.error(path, `the profile could not be read: using ${DEFAULT_PROFILE_ID}`);
    return profiles[DEFAULT_PROFILE_ID]!;
  }
}

function readProfile(input: ProfileInput | undefined, issues: IssueCollector, path: string): StandardProfile {
  if (input === undefined || input === null) return profiles[DEFAULT_PROFILE_ID]!;
  if (typeof input === 'string') {
    const found = builtInProfile(input);
    if (found) return found;
    issues.error(path, `unknown profile ${describeValue(input)}: using ${DEFAULT_PROFILE_ID}`);
    return profiles[DEFAULT_PROFILE_ID]!;
  }
  if (!isRecord(input)) {
    issues.error(path, `profile must be an id or an object, got ${describeValue(input)}: using ${DEFAULT_PROFILE_ID}`);
    return profiles[DEFAULT_PROFILE_ID]!;
  }
  let base: StandardProfile | null = null;
  if (input.extends !== undefined) {
    base = builtInProfile(input.extends);
    if (!base) issues.error(`${path}.extends`, `unknown base profile ${describeValue(input.extends)}: rows must be complete`);
  }

  const levels = resolveLevels(input.levels, base, issues, `${path}.levels`);
  const levelMinutes = new Set(levels.map((l) => l.minutes));
  const rows = new Map<string, StandardCategory>();
  for (const row of base?.categories ?? []) if (levelMinutes.has(row.level)) rows.set(row.key, row);

  const given = input.categories;
  if (given !== undefined && !Array.isArray(given)) issues.error(`${path}.categories`, `must be an array, got ${describeValue(given)}`);
  (Array.isArray(given) ? given : []).forEach((raw: unknown, index) => {
    const rowPath = `${path}.categories[${index}]`;
    const row = resolveRow(raw, rows, levelMinutes, issues, rowPath);
    if (row) rows.set(row.key, row);
  });

  return {
    id: typeof input.id === 'string' && input.id ? input.id : base ? `${base.id}-custom` : 'custom',
    version: typeof input.version === 'string' ? input.version : (base?.version ?? '1'),
    source: typeof input.source === 'string' ? input.source : base ? `custom, based on ${base.id}` : 'custom',
    levels,
    categories: [...rows.values()],
  };
}

function resolveLevels(raw: unknown, base: StandardProfile | null, issues: IssueCollector, path: string): StandardLevel[] {
  const byMinutes = new Map<number, StandardLevel>();
  for (const level of base?.levels ?? []) byMinutes.set(level.minutes, level);
  if (!Array.isArray(raw)) {
    const missing = raw === undefined || raw === null;
    if (byMinutes.size === 0) {
      // Documented fallback: a profile without levels (and no `extends`) is read against GB 50180's
      // levels — its rows' `level` are then 5 / 10 / 15 minutes with 300 / 500 / 1000 m — and says so.
      const fallback = profiles[DEFAULT_PROFILE_ID]!.levels;
      const using = `using the levels of ${DEFAULT_PROFILE_ID} (${fallback.map((l) => `${l.minutes} min ${l.distance} m`).join(', ')})`;
      if (missing) issues.warn(path, `missing (and no "extends"): ${using}`);
      else issues.error(path, `must be an array, got ${describeValue(raw)}: ${using}`);
      for (const level of fallback) byMinutes.set(level.minutes, level);
    } else if (!missing) issues.error(path, `must be an array, got ${describeValue(raw)}: using the levels of ${base!.id}`);
    return [...byMinutes.values()].sort((a, b) => a.minutes - b.minutes);
  }
  raw.forEach((level: unknown, index) => {
    const levelPath = `${path}[${index}]`;
    if (!isRecord(level) || !isFiniteNumber(level.minutes) || level.minutes <= 0) {
      issues.error(`${levelPath}.minutes`, `must be a positive number, got ${describeValue(isRecord(level) ? level.minutes : level)}`);
      return;
    }
    const previous = byMinutes.get(level.minutes);
    const distance = level.distance ?? previous?.distance;
    if (!isFiniteNumber(distance) || distance <= 0 || distance > MAX_RADIUS) {
      issues.error(`${levelPath}.distance`, `must be a positive number of metres up to ${MAX_RADIUS}, got ${describeValue(distance)}`);
      return;
    }
    const population = Array.isArray(level.population) && level.population.length === 2 && level.population.every(isFiniteNumber)
      ? (level.population as [number, number])
      : previous?.population;
    byMinutes.set(level.minutes, {
      minutes: level.minutes,
      distance,
      ...(population ? { population } : {}),
      ...(previous?.label || isLabel(level.label) ? { label: isLabel(level.label) ? level.label : previous!.label! } : {}),
    });
  });
  return [...byMinutes.values()].sort((a, b) => a.minutes - b.minutes);
}

function resolveRow(
  raw: unknown,
  rows: Map<string, StandardCategory>,
  levels: Set<number>,
  issues: IssueCollector,
  path: string,
): StandardCategory | null {
  if (!isRecord(raw)) {
    issues.error(path, `row must be an object, got ${describeValue(raw)}: skipped`);
    return null;
  }
  if (typeof raw.key !== 'string' || raw.key === '') {
    issues.error(`${path}.key`, `must be a non-empty string, got ${describeValue(raw.key)}: row skipped`);
    return null;
  }
  const previous = rows.get(raw.key);
  const level = raw.level ?? previous?.level;
  if (!isFiniteNumber(level) || !levels.has(level)) {
    issues.error(`${path}.level`, `unknown level ${describeValue(level)} (levels: ${[...levels].join(', ')}): row skipped`);
    return null;
  }
  const rule = raw.rule !== undefined ? raw.rule : (previous?.rule ?? null);
  if (rule !== null && !RULES.includes(rule as CategoryRule)) {
    issues.error(`${path}.rule`, `unknown rule ${describeValue(rule)} (known: ${RULES.join(', ')}): row skipped`);
    return null;
  }
  // A row that sets a radius drops an inherited rule, and the other way round.
  const radius = raw.radius !== undefined ? raw.radius : raw.rule !== undefined ? null : (previous?.radius ?? null);
  const effectiveRule = raw.radius !== undefined && raw.rule === undefined ? null : (rule as CategoryRule | null);
  if (effectiveRule === null) {
    if (!isFiniteNumber(radius) || radius < 0) {
      issues.error(`${path}.radius`, `must be a non-negative number of metres, got ${describeValue(radius)}: row skipped`);
      return null;
    }
    if (radius > MAX_RADIUS) {
      // Distances are searched up to the largest limit: 1e308 would make every search unbounded.
      issues.error(`${path}.radius`, `${radius} m is beyond any walking or cycling limit (at most ${MAX_RADIUS} m): row skipped`);
      return null;
    }
  } else if (radius !== null) {
    issues.error(`${path}.radius`, `a rule row (${effectiveRule}) has no radius, got ${describeValue(radius)}: row skipped`);
    return null;
  }
  const required = raw.required ?? previous?.required ?? true;
  if (typeof required !== 'boolean') {
    issues.error(`${path}.required`, `must be true or false, got ${describeValue(required)}: row skipped`);
    return null;
  }
  let confidence = (raw.confidence ?? previous?.confidence ?? 'medium') as Confidence;
  if (!CONFIDENCES.includes(confidence)) {
    issues.warn(`${path}.confidence`, `unknown confidence ${describeValue(confidence)}: using "low"`);
    confidence = 'low';
  }
  const label = isLabel(raw.label) ? raw.label : (previous?.label ?? { 'zh-CN': raw.key, en: raw.key });
  const note = typeof raw.note === 'string' ? raw.note : previous ? previous.note : '';
  return {
    key: raw.key,
    label,
    level,
    radius: effectiveRule === null ? (radius as number) : null,
    rule: effectiveRule,
    required,
    confidence,
    note,
  };
}

function isLabel(value: unknown): value is LocalizedLabel {
  return isRecord(value) && typeof value['zh-CN'] === 'string' && typeof value.en === 'string';
}

/** Metres per minute: walking 1.2 m/s, cycling 15 km/h. */
export const DEFAULT_SPEEDS = { walk: 72, bike: 250 } as const;
