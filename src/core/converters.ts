/**
 * Attribute converters shared by every element. A converter only turns attribute text into the
 * property's shape; it never judges. Text it cannot convert is kept as written, so the element's
 * attribute readers (core/attributes) can report it by name and value and fall back to the
 * default. Absent (removed) attributes become `undefined` or `null`, never a guess.
 */
import type { ComplexAttributeConverter } from 'lit';

/** ASCII or full-width commas: a list typed on a Chinese keyboard reads the same. */
const LIST_SEPARATOR = /[,，]/;

/** `"gas, bridge，fire"` → `['gas', 'bridge', 'fire']`: items trimmed, empty ones dropped; null when nothing is left. */
export function parseList(text: string | null | undefined): string[] | null {
  if (typeof text !== 'string') return null;
  const items = text
    .split(LIST_SEPARATOR)
    .map((item) => item.trim())
    .filter(Boolean);
  return items.length ? items : null;
}

/** A comma list attribute ↔ `string[]`; absent or empty → null. */
export const listConverter: ComplexAttributeConverter<readonly string[] | null> = {
  fromAttribute: (text) => parseList(text),
  toAttribute: (value) => (value && value.length ? value.join(',') : null),
};

/** The number attribute text spells, or NaN. Blank text is not zero. */
export function parseNumber(text: string): number {
  return text.trim() === '' ? Number.NaN : Number(text);
}

/** A number attribute: the number when the text is one, else the text as written; absent → undefined. */
export const numberConverter: ComplexAttributeConverter<number | string | undefined> = {
  fromAttribute: (text) => {
    if (text === null) return undefined;
    const value = parseNumber(text);
    return Number.isFinite(value) ? value : text;
  },
  toAttribute: (value) => (value === undefined || value === null ? null : String(value)),
};

/** `"lon,lat"` → `[lon, lat]` when both are finite numbers, else the text as written; absent → undefined. */
export const lonLatConverter: ComplexAttributeConverter<[number, number] | string | undefined> = {
  fromAttribute: (text) => {
    if (text === null) return undefined;
    const parts = text.split(LIST_SEPARATOR).map(parseNumber);
    return parts.length === 2 && parts.every(Number.isFinite) ? [parts[0], parts[1]] : text;
  },
  toAttribute: (value) => (Array.isArray(value) ? value.join(',') : (value ?? null)),
};
