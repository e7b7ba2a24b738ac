/**
 * One policy for attribute values in every element: a value the element does not understand is
 * reported as a warning naming the attribute (never thrown, never silent) and the element falls
 * back to the default; a removed attribute (null) simply returns to the default.
 */
import { describeValue, type ValidationIssue } from './validation';

/** The warning for an attribute value outside what the element accepts. */
export function attributeIssue(attribute: string, value: unknown, expected: string): ValidationIssue {
  const shown = describeValue(value, 80);
  return {
    path: attribute,
    message: `${attribute}: unknown value ${shown} (expected ${expected})`,
    severity: 'warning',
    code: 'unknown-value',
    params: { value: shown, expected },
  };
}

/** The attribute a property reflects by the project's naming (`colorDomain` → `color-domain`). */
export const attributeName = (property: string): string => property.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/**
 * Runs `reader` on `value`. A value that throws when read (a getter, a proxy, a revoked proxy) is
 * reported as one warning naming the attribute and read as unset: the default.
 */
export function readGuarded<T>(reader: AttributeReader<T>, issues: ValidationIssue[], value: unknown, attribute: string): T {
  const mark = issues.length;
  try {
    return reader(issues, value);
  } catch {
    issues.length = mark;
    issues.push({ ...attributeIssue(attribute, value, 'a readable value'), message: `${attribute}: the value could not be read; the default is used` });
    return reader(issues, undefined);
  }
}

/** True when an attribute is absent: removed (null), never set (undefined) or empty. */
export const isUnset = (value: unknown): value is null | undefined | '' => value === null || value === undefined || value === '';

/**
 * The effective value of a one-of-a-list attribute: `fallback` when unset (no warning) or unknown
 * (a warning is pushed to `issues`). Membership uses the list, so `__proto__` is just unknown.
 */
export function checkChoice<T extends string>(
  issues: ValidationIssue[],
  attribute: string,
  value: unknown,
  allowed: readonly T[],
  fallback: T,
): T {
  if (isUnset(value)) return fallback;
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  issues.push(attributeIssue(attribute, value, allowed.join(' | ')));
  return fallback;
}

/**
 * Reads one property's value (attribute text or a script's value): returns the value to use, or
 * the default, and pushes a warning naming the attribute when the value is not usable.
 */
export type AttributeReader<T = unknown> = (issues: ValidationIssue[], value: unknown) => T;

/** The properties an element checks: property name → its reader. A null-prototype record. */
export type AttributeReaders = Readonly<Record<string, AttributeReader>>;

/** Builds an `AttributeReaders` record (null prototype: a property named `__proto__` is just a name). */
export function attributeReaders(...sources: AttributeReaders[]): AttributeReaders {
  return Object.assign(Object.create(null) as Record<string, AttributeReader>, ...sources);
}

/**
 * The current warnings of an element's checked properties: re-checks only the properties that
 * changed, keeps the others' warnings, and says whether the set of warnings changed.
 */
export class AttributeChecks {
  private readonly byProperty = new Map<string, ValidationIssue[]>();

  constructor(private readonly readers: AttributeReaders) {}

  /** Re-checks `names` on `host`; true when any warning appeared, changed or went away. */
  recheck(host: object, names: Iterable<PropertyKey>): boolean {
    let changed = false;
    for (const name of names) {
      if (typeof name !== 'string' || !Object.hasOwn(this.readers, name)) continue;
      const issues: ValidationIssue[] = [];
      readGuarded(this.readers[name], issues, (host as Record<string, unknown>)[name], attributeName(name));
      const before = this.byProperty.get(name) ?? [];
      if (before.length !== issues.length || before.some((issue, i) => issue.message !== issues[i].message)) changed = true;
      if (issues.length) this.byProperty.set(name, issues);
      else this.byProperty.delete(name);
    }
    return changed;
  }

  /** Every current warning, in the order the readers are declared. */
  get issues(): ValidationIssue[] {
    return Object.keys(this.readers).flatMap((name) => this.byProperty.get(name) ?? []);
  }
}

/** `theme`: `light` | `dark`; anything else is reported, and the element follows the OS preference as if unset. */
export function readTheme(issues: ValidationIssue[], value: unknown): 'light' | 'dark' | undefined {
  if (isUnset(value)) return undefined;
  if (value === 'light' || value === 'dark') return value;
  issues.push(attributeIssue('theme', value, 'light | dark'));
  return undefined;
}
