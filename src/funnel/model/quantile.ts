/**
 * Exact quantiles of `values[0..length)` (R-7 definition, as `d3.quantile`: linear interpolation
 * between order statistics), for ascending `ps`. Many values: a radix pass narrows each order
 * statistic to one bucket (`radixQuantiles`); few, or any value below +0 or not finite: a
 * Floyd–Rivest selection specialised for Float64Array (no comparator calls), partially
 * reordering `values` in place. Either is O(n), not a full sort, which matters at a million
 * durations per stage.
 */
export function quantilesInPlace(values: Float64Array, length: number, ps: readonly number[]): Array<number | null> {
  if (length === 0) return ps.map(() => null);
  if (length >= RADIX_MIN) {
    const found = radixQuantiles(values, length, ps);
    if (found) return found;
  }
  let left = 0;
  return ps.map((p) => {
    const h = (length - 1) * p;
    const i0 = Math.floor(h);
    if (i0 >= left) {
      select(values, i0, left, length - 1);
      left = i0;
    }
    const v0 = values[i0];
    if (h === i0) return v0;
    let v1 = Infinity;
    for (let i = i0 + 1; i < length; i++) if (values[i] < v1) v1 = values[i];
    return v0 + (v1 - v0) * (h - i0);
  });
}

/** From this many values on, `radixQuantiles` (below, selection over every value: ~2× slower on a million). */
const RADIX_MIN = 8192;
const BUCKETS = 1 << 16;
/** Bucket 0x7ff0 on: ±Infinity and NaN (and 0x8000 on: the sign bit): left to `select`. */
const FIRST_NON_FINITE = 0x7ff0;
const bucketCounts = new Int32Array(BUCKETS);
const bucketSlots = new Int8Array(BUCKETS).fill(-1);
/** Index of a double's high 32 bits among its two 32-bit words. */
const HIGH_WORD = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;

/**
 * The same quantiles as the selection below, from one counting pass over the values' top 16 bits
 * (sign, exponent, 4 mantissa bits: for finite values ≥ +0 the bits sort as the numbers do), then a
 * selection among the values of the bucket that holds each wanted order statistic. Null when a
 * value is negative, −0, infinite or NaN (the caller then selects over every value).
 */
function radixQuantiles(values: Float64Array, length: number, ps: readonly number[]): Array<number | null> | null {
  const words = new Uint32Array(values.buffer, values.byteOffset, length * 2);
  const counts = bucketCounts;
  counts.fill(0);
  for (let i = HIGH_WORD, end = length * 2; i < end; i += 2) counts[words[i] >>> 16]++;
  for (let b = FIRST_NON_FINITE; b < BUCKETS; b++) if (counts[b] !== 0) return null;
  // Order statistics wanted (rank i0 of each p, and i0 + 1 when it interpolates), by bucket.
  const ranks: number[] = [];
  for (const p of ps) {
    const h = (length - 1) * p;
    const i0 = Math.floor(h);
    ranks.push(i0);
    if (h !== i0) ranks.push(i0 + 1);
  }
  // Each wanted bucket's values, gathered in one more pass: slot of a bucket in `gathered`, or -1.
  const slotOf = bucketSlots;
  const gathered: Float64Array[] = [];
  const starts: number[] = [];
  const where = ranks.map((rank) => {
    let b = 0;
    let before = 0;
    while (before + counts[b] <= rank) before += counts[b++];
    if (slotOf[b] < 0) {
      slotOf[b] = gathered.length;
      gathered.push(new Float64Array(counts[b]));
      starts.push(b);
    }
    return { slot: slotOf[b], local: rank - before };
  });
  const filled = new Int32Array(gathered.length);
  for (let i = 0; i < length; i++) {
    const slot = slotOf[words[2 * i + HIGH_WORD] >>> 16];
    if (slot >= 0) gathered[slot][filled[slot]++] = values[i];
  }
  for (const b of starts) slotOf[b] = -1;
  const valueAt = (j: number): number => {
    const { slot, local } = where[j];
    const bucket = gathered[slot];
    select(bucket, local, 0, bucket.length - 1);
    return bucket[local];
  };
  let j = 0;
  return ps.map((p) => {
    const h = (length - 1) * p;
    const i0 = Math.floor(h);
    const v0 = valueAt(j++);
    if (h === i0) return v0;
    const v1 = valueAt(j++);
    return v0 + (v1 - v0) * (h - i0);
  });
}

/** Rearranges `a[left..right]` so that a[k] is the value it would have sorted, smaller ones before it. */
export function select(a: Float64Array, k: number, left: number, right: number): void {
  while (right > left) {
    if (right - left > 600) {
      // Floyd–Rivest: first narrow [left, right] around k by selecting within a sample.
      const n = right - left + 1;
      const m = k - left + 1;
      const z = Math.log(n);
      const s = 0.5 * Math.exp((2 * z) / 3);
      const sd = 0.5 * Math.sqrt((z * s * (n - s)) / n) * (m - n / 2 < 0 ? -1 : 1);
      const newLeft = Math.max(left, Math.floor(k - (m * s) / n + sd));
      const newRight = Math.min(right, Math.floor(k + ((n - m) * s) / n + sd));
      select(a, k, newLeft, newRight);
    }
    const t = a[k];
    let i = left;
    let j = right;
    swap(a, left, k);
    if (a[right] > t) swap(a, left, right);
    while (i < j) {
      swap(a, i, j);
      i++;
      j--;
      while (a[i] < t) i++;
      while (a[j] > t) j--;
    }
    if (a[left] === t) swap(a, left, j);
    else {
      j++;
      swap(a, j, right);
    }
    if (j <= k) left = j + 1;
    if (k <= j) right = j - 1;
  }
}

function swap(a: Float64Array, i: number, j: number): void {
  const t = a[i];
  a[i] = a[j];
  a[j] = t;
}
