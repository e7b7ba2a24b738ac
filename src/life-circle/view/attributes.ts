/**
 * The attributes of `<city-life-circle>` under the one attribute policy (core/attributes): its
 * readers, run by the base element, report a value the element does not understand as a warning
 * naming the attribute, and the default is used; an unset or removed attribute is the default,
 * silently. The properties keep what the page gave (so the page sees its own value); the element
 * works with the effective values returned here.
 */
import { attributeIssue, checkChoice, isUnset, type AttributeReader } from '../../core/attributes';
import { CRS_NAMES, type Crs } from '../../core/crs';
import type { ValidationIssue } from '../../core/validation';
import { DEFAULT_PROFILE_ID, PROFILE_IDS } from '../engine/standards';
import type { LevelMinutes, ProfileInput, TravelMode } from '../engine/types';
import { LEVELS, MODES } from './input';

export const DEFAULT_LEVEL: LevelMinutes = 15;
export const DEFAULT_SITE_COUNT = 3;
export const MAX_SITE_COUNT = 20;

/** The attribute values as the element's properties hold them (anything a page may set). */
export interface AttributeValues {
  level?: unknown;
  mode?: unknown;
  crs?: unknown;
  mapCrs?: unknown;
  profile?: unknown;
  siteCount?: unknown;
}

export type CheckedProperty = keyof AttributeValues;

export interface EffectiveAttributes {
  level: LevelMinutes;
  mode: TravelMode;
  crs: Crs;
  mapCrs: Crs;
  /** What the engine gets: a built-in id, a parsed or given custom profile, or undefined (default). */
  profile: ProfileInput | undefined;
  siteCount: number;
}

const levelNames = LEVELS.map(String);

const readLevel = (issues: ValidationIssue[], value: unknown): LevelMinutes =>
  Number(checkChoice(issues, 'level', isUnset(value) ? value : String(value), levelNames, String(DEFAULT_LEVEL))) as LevelMinutes;

function readSiteCount(issues: ValidationIssue[], value: unknown): number {
  if (isUnset(value)) return DEFAULT_SITE_COUNT;
  if (typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= MAX_SITE_COUNT) return value;
  issues.push(attributeIssue('site-count', value, `a whole number from 1 to ${MAX_SITE_COUNT}`));
  return DEFAULT_SITE_COUNT;
}

/** The element's readers (property → reader), in the order their warnings are listed. */
export const lifeCircleAttributeReaders = {
  level: readLevel,
  mode: (issues: ValidationIssue[], value: unknown): TravelMode => checkChoice(issues, 'mode', value, MODES, 'walk'),
  crs: (issues: ValidationIssue[], value: unknown): Crs => checkChoice(issues, 'crs', value, CRS_NAMES, 'wgs84'),
  mapCrs: (issues: ValidationIssue[], value: unknown): Crs => checkChoice(issues, 'map-crs', value, CRS_NAMES, 'wgs84'),
  profile: readProfile,
  siteCount: readSiteCount,
} satisfies Record<CheckedProperty, AttributeReader>;

export const CHECKED_PROPERTIES = Object.keys(lifeCircleAttributeReaders) as CheckedProperty[];

/** Effective values and the warnings for every attribute at once. */
export function checkAttributes(values: AttributeValues): { value: EffectiveAttributes; issues: ValidationIssue[] } {
  const issues: ValidationIssue[] = [];
  const read = lifeCircleAttributeReaders;
  const value = {
    level: read.level(issues, values.level),
    mode: read.mode(issues, values.mode),
    crs: read.crs(issues, values.crs),
    mapCrs: read.mapCrs(issues, values.mapCrs),
    profile: read.profile(issues, values.profile),
    siteCount: read.siteCount(issues, values.siteCount),
  };
  return { value, issues };
}

/**
 * `profile`: as an attribute, a built-in id or inline JSON; as a property, also an object (the
 * engine validates its rows and reports them under `options.profile`).
 */
function readProfile(issues: ValidationIssue[], value: unknown): ProfileInput | undefined {
  if (isUnset(value)) return undefined;
  if (typeof value !== 'string') {
    if (typeof value === 'object' && !Array.isArray(value)) return value as ProfileInput;
    issues.push(attributeIssue('profile', value, `${PROFILE_IDS.join(' | ')} or a profile object / JSON`));
    return undefined;
  }
  const text = value.trim();
  if (text.startsWith('{')) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as ProfileInput;
    } catch {
      // reported below
    }
    issues.push(attributeIssue('profile', value, 'valid profile JSON (an object)'));
    return undefined;
  }
  const id = checkChoice(issues, 'profile', text, PROFILE_IDS, DEFAULT_PROFILE_ID);
  return id === DEFAULT_PROFILE_ID ? undefined : id;
}

/** The number of sites a suggestion ranks for a value from the panel or a call (clamped). */
export function clampSiteCount(k: unknown, fallback: number): number {
  return typeof k === 'number' && Number.isFinite(k) ? Math.min(MAX_SITE_COUNT, Math.max(1, Math.floor(k))) : fallback;
}
