/**
 * `<city-map>`'s attributes under the one attribute policy (core/attributes): each reader takes
 * what the page wrote — attribute text or a property value — and returns the value to use, or
 * undefined when unset or unusable; an unusable value also pushes a warning naming the attribute.
 * A bad view value is ignored as if unset (the map keeps the view it would have without it), so
 * a typo never moves or blanks the map. Pure: no DOM.
 */
import { attributeIssue, checkChoice, isUnset, readGuarded } from '../core/attributes';
import { CRS_NAMES, type Crs } from '../core/crs';
import type { ValidationIssue } from '../core/validation';
import { MAX_ZOOM, MIN_ZOOM } from './view';

/** Web Mercator cannot centre beyond this latitude. */
const MAX_LATITUDE = 85.051129;
export const MAX_PITCH = 85;
const MAX_TEMPLATE_LENGTH = 2048;

/** A number from attribute text or a property; NaN for anything else. */
function toNumber(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string' || value.trim() === '') return Number.NaN;
  return Number(value);
}

function numberIn(issues: ValidationIssue[], attribute: string, value: unknown, min: number, max: number): number | undefined {
  if (isUnset(value)) return undefined;
  const n = toNumber(value);
  if (Number.isFinite(n) && n >= min && n <= max) return n;
  issues.push(attributeIssue(attribute, value, `a number from ${min} to ${max}`));
  return undefined;
}

/** `"lon,lat"` (or `[lon, lat]`) with lon in [-180, 180] and lat within Web Mercator's ±85.05°. */
export function readCenter(issues: ValidationIssue[], value: unknown): [number, number] | undefined {
  if (isUnset(value)) return undefined;
  const parts = typeof value === 'string' ? value.split(',') : Array.isArray(value) ? value : [];
  const [lon, lat] = parts.length === 2 ? parts.map(toNumber) : [Number.NaN, Number.NaN];
  if (Number.isFinite(lon) && Number.isFinite(lat) && Math.abs(lon) <= 180 && Math.abs(lat) <= MAX_LATITUDE) return [lon, lat];
  issues.push(attributeIssue('center', value, `"lon,lat" with lon in [-180, 180] and lat in [-${MAX_LATITUDE}, ${MAX_LATITUDE}]`));
  return undefined;
}

export const readZoom = (issues: ValidationIssue[], value: unknown, attribute = 'zoom') => numberIn(issues, attribute, value, MIN_ZOOM, MAX_ZOOM);
export const readPitch = (issues: ValidationIssue[], value: unknown) => numberIn(issues, 'pitch', value, 0, MAX_PITCH);
export const readBearing = (issues: ValidationIssue[], value: unknown) => numberIn(issues, 'bearing', value, -360, 360);

export function readCrs(issues: ValidationIssue[], value: unknown): Crs {
  return checkChoice(issues, 'crs', value, CRS_NAMES, 'wgs84');
}

/** A raster tile URL template: http(s) or relative, with `{z}`, `{x}` and `{y}`. */
export function readBasemap(issues: ValidationIssue[], value: unknown): string | undefined {
  if (isUnset(value)) return undefined;
  const template = typeof value === 'string' ? value.trim() : '';
  if (template && template.length <= MAX_TEMPLATE_LENGTH && ['{z}', '{x}', '{y}'].every((key) => template.includes(key)) && isHttpUrl(template)) {
    return template;
  }
  issues.push(attributeIssue('basemap', value, 'an http(s) tile URL template with {z}, {x} and {y}'));
  return undefined;
}

function isHttpUrl(template: string): boolean {
  try {
    const base = typeof location === 'undefined' ? 'http://localhost/' : location.href;
    return ['http:', 'https:'].includes(new URL(template, base).protocol);
  } catch {
    return false;
  }
}

/** Attribute name → reader, for every attribute the map checks. */
export const MAP_ATTRIBUTE_READERS: ReadonlyMap<string, (issues: ValidationIssue[], value: unknown) => unknown> = new Map<
  string,
  (issues: ValidationIssue[], value: unknown) => unknown
>([
  ['center', readCenter],
  ['zoom', (issues, value) => readZoom(issues, value)],
  ['pitch', readPitch],
  ['bearing', readBearing],
  ['min-zoom', (issues, value) => readZoom(issues, value, 'min-zoom')],
  ['max-zoom', (issues, value) => readZoom(issues, value, 'max-zoom')],
  ['crs', readCrs],
  ['basemap', readBasemap],
]);

/** Property name → attribute name, for the checked attributes whose names differ. */
export const ATTRIBUTE_OF: Readonly<Record<string, string>> = { minZoom: 'min-zoom', maxZoom: 'max-zoom' };

/**
 * The warnings of a map's attributes: one per attribute (its text checked when it changed) and
 * one per property a script set to an unusable value; an attribute's own warning wins.
 */
export class MapAttributeIssues {
  private readonly fromAttributes = new Map<string, ValidationIssue>();
  private readonly fromProperties = new Map<string, ValidationIssue>();
  private reported = '';

  /** Re-checks one attribute's text (null: removed); false when the map does not check that attribute. */
  attributeChanged(name: string, value: string | null): boolean {
    return this.check(this.fromAttributes, name, value);
  }

  /** Re-checks a property value set by script (or mirrored from the view). */
  propertyChanged(name: string, value: unknown): void {
    this.check(this.fromProperties, ATTRIBUTE_OF[name] ?? name, value);
  }

  /** All current warnings if they differ from the last ones returned, else null (nothing to report). */
  takeChanges(): ValidationIssue[] | null {
    const merged = new Map(this.fromProperties);
    for (const [name, issue] of this.fromAttributes) merged.set(name, issue);
    const issues = [...merged.values()];
    const key = issues.map((issue) => issue.message).join('\n');
    if (key === this.reported) return null;
    this.reported = key;
    return issues;
  }

  private check(into: Map<string, ValidationIssue>, name: string, value: unknown): boolean {
    const read = MAP_ATTRIBUTE_READERS.get(name);
    if (!read) return false;
    const issues: ValidationIssue[] = [];
    readGuarded(read, issues, value, name);
    if (issues.length) into.set(name, issues[0]);
    else into.delete(name);
    return true;
  }
}
