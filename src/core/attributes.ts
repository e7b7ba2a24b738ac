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
