/**
 * Seeded randomness for the sample generator. Every part of the data draws from its own named
 * stream, so changing how one file is generated does not shift the numbers of another.
 */

export type Rng = () => number;

/** mulberry32: tiny, fast, good enough for synthetic data (period 2^32). Returns [0, 1). */
export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** 32-bit FNV-1a of a string, mixed with the seed. */
function hashString(seed: number, text: string): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** A PRNG stream named `stream`, derived from the base seed. */
export function rngFor(seed: number, stream: string): Rng {
  return mulberry32(hashString(seed, stream));
}

/** Stateless hash of integers to [0, 1): jitter that does not depend on evaluation order. */
export function hash01(seed: number, a: number, b: number, c = 0): number {
  let h = Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ a, 0xcc9e2d51) >>> 0;
  h = (h << 13) | (h >>> 19);
  h = Math.imul(h ^ b, 0x1b873593) >>> 0;
  h = (h << 15) | (h >>> 17);
  h = Math.imul(h ^ c, 0xe6546b64) >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35) >>> 0;
  h ^= h >>> 16;
  return (h >>> 0) / 4294967296;
}

/** Standard normal (Box–Muller). */
export function normal(rng: Rng): number {
  const u = 1 - rng();
  const v = rng();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** Log-normal with the given median and log-standard-deviation. */
export function lognormal(rng: Rng, median: number, sigma: number): number {
  return median * Math.exp(sigma * normal(rng));
}

/** Integer in [lo, hi] inclusive. */
export function randInt(rng: Rng, lo: number, hi: number): number {
  return lo + Math.floor(rng() * (hi - lo + 1));
}

export function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[Math.floor(rng() * items.length)];
}

/** Cumulative sums of weights, for `weightedIndex`. */
export function cumulative(weights: ArrayLike<number>): Float64Array {
  const out = new Float64Array(weights.length);
  let sum = 0;
  for (let i = 0; i < weights.length; i++) {
    sum += weights[i];
    out[i] = sum;
  }
  return out;
}

/** Index drawn with probability proportional to its weight (binary search on cumulative sums). */
export function weightedIndex(cum: Float64Array, rng: Rng): number {
  const target = rng() * cum[cum.length - 1];
  let lo = 0;
  let hi = cum.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cum[mid] > target) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

const TABLES = new WeakMap<object, { keys: string[]; cum: Float64Array }>();

/** Picks a key of a {key: weight} table (the table's keys and sums are cached: treat it as frozen). */
export function weightedKey<K extends string>(rng: Rng, table: Readonly<Record<K, number>>): K {
  let entry = TABLES.get(table);
  if (!entry) {
    const keys = Object.keys(table) as K[];
    entry = { keys, cum: cumulative(keys.map((k) => table[k])) };
    TABLES.set(table, entry);
  }
  return entry.keys[weightedIndex(entry.cum, rng)] as K;
}

export function shuffle<T>(rng: Rng, items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

/**
 * Splits `total` into integers proportional to `weights` (largest remainder), each within
 * [min[i], max[i]]. Throws when the bounds make it impossible.
 */
export function allocate(total: number, weights: readonly number[], min: number | readonly number[] = 0, max?: readonly number[]): number[] {
  const n = weights.length;
  const lo = (i: number) => (typeof min === 'number' ? min : min[i]);
  const hi = (i: number) => (max ? max[i] : Infinity);
  let minSum = 0;
  let maxSum = 0;
  for (let i = 0; i < n; i++) {
    minSum += lo(i);
    maxSum += hi(i);
  }
  if (total < minSum || total > maxSum) throw new Error(`allocate: ${total} outside [${minSum}, ${maxSum}]`);
  const out = new Array<number>(n);
  // Water-filling: scale so the clamped proportional shares sum to the total, then round.
  const weightSum = weights.reduce((a, b) => a + b, 0) || 1;
  let scaleLo = 0;
  let scaleHi = (total / weightSum) * 4 + 1;
  const clampedSum = (scale: number) => {
    let s = 0;
    for (let i = 0; i < n; i++) s += Math.min(hi(i), Math.max(lo(i), weights[i] * scale));
    return s;
  };
  while (clampedSum(scaleHi) < total) scaleHi *= 2;
  for (let iter = 0; iter < 100; iter++) {
    const mid = (scaleLo + scaleHi) / 2;
    if (clampedSum(mid) < total) scaleLo = mid;
    else scaleHi = mid;
  }
  const ideal = weights.map((w, i) => Math.min(hi(i), Math.max(lo(i), w * scaleHi)));
  let assigned = 0;
  for (let i = 0; i < n; i++) {
    out[i] = Math.max(lo(i), Math.min(hi(i), Math.floor(ideal[i])));
    assigned += out[i];
  }
  const order = ideal.map((_, i) => i).sort((a, b) => ideal[b] - Math.floor(ideal[b]) - (ideal[a] - Math.floor(ideal[a])) || a - b);
  for (let k = 0; assigned < total; k = (k + 1) % n) {
    const i = order[k];
    if (out[i] < hi(i)) {
      out[i]++;
      assigned++;
    }
  }
  for (let k = n - 1; assigned > total; k = (k - 1 + n) % n) {
    const i = order[k];
    if (out[i] > lo(i)) {
      out[i]--;
      assigned--;
    }
  }
  return out;
}
