import KDBush from 'kdbush';

/**
 * Straight-line nearest neighbours in local metres over a KDBush index. kdbush answers range
 * queries; the nearest-point query walks its kd-tree arrays directly (near side first, far side
 * only while it can still beat the best), with no allocation per query.
 */
export class PointIndex {
  private readonly index: KDBush | null;
  // Traversal stack (left, right, axis) and the squared gap to the split line per entry; kd depth stays far below 64.
  private readonly stack = new Int32Array(3 * 128);
  private readonly gaps = new Float64Array(128);

  constructor(
    private readonly x: Float64Array,
    private readonly y: Float64Array,
    /** Which of the points to index (all when omitted); results are indices into x/y. */
    private readonly members: Int32Array | null = null,
  ) {
    const count = members ? members.length : x.length;
    if (count === 0) {
      this.index = null;
      return;
    }
    const index = new KDBush(count, 16);
    for (let i = 0; i < count; i++) {
      const p = members ? members[i]! : i;
      index.add(x[p]!, y[p]!);
    }
    this.index = index.finish();
  }

  /** Nearest point within `maxDistance` metres (inclusive): its index and distance, or -1 / Infinity. */
  nearest(px: number, py: number, maxDistance: number): { index: number; distance: number } {
    const found = this.nearestItem(px, py, maxDistance);
    if (found === -1) return { index: -1, distance: Infinity };
    const p = this.members ? this.members[found]! : found;
    return { index: p, distance: Math.hypot(this.x[p]! - px, this.y[p]! - py) };
  }

  private nearestItem(px: number, py: number, maxDistance: number): number {
    const index = this.index;
    if (!index) return -1;
    const ids = index.ids;
    const coords = index.coords;
    const nodeSize = index.nodeSize;
    const stack = this.stack;
    let best = maxDistance * maxDistance;
    let bestId = -1;
    const gaps = this.gaps;
    let top = 0;
    stack[0] = 0;
    stack[1] = ids.length - 1;
    stack[2] = 0;
    gaps[0] = 0;
    top = 1;
    while (top > 0) {
      top--;
      if (gaps[top]! > best) continue;
      const left = stack[3 * top]!;
      const right = stack[3 * top + 1]!;
      const axis = stack[3 * top + 2]!;
      const leaf = right - left <= nodeSize;
      const m = (left + right) >> 1;
      for (let i = leaf ? left : m; i <= (leaf ? right : m); i++) {
        const dx = coords[2 * i]! - px;
        const dy = coords[2 * i + 1]! - py;
        const d = dx * dx + dy * dy;
        // Ties go to the lower item so results do not depend on traversal order.
        if (d < best || (d === best && (bestId === -1 || ids[i]! < bestId))) {
          best = d;
          bestId = ids[i]!;
        }
      }
      if (leaf) continue;
      const diff = axis === 0 ? px - coords[2 * m]! : py - coords[2 * m + 1]!;
      const nextAxis = 1 - axis;
      // Far side first on the stack, so the near side is explored first.
      const farLeft = diff < 0 ? m + 1 : left;
      const farRight = diff < 0 ? right : m - 1;
      const nearLeft = diff < 0 ? left : m + 1;
      const nearRight = diff < 0 ? m - 1 : right;
      if (farLeft <= farRight) {
        stack[3 * top] = farLeft;
        stack[3 * top + 1] = farRight;
        stack[3 * top + 2] = nextAxis;
        gaps[top++] = diff * diff;
      }
      if (nearLeft <= nearRight) {
        stack[3 * top] = nearLeft;
        stack[3 * top + 1] = nearRight;
        stack[3 * top + 2] = nextAxis;
        gaps[top++] = 0;
      }
    }
    return bestId;
  }

  /** Indices of all points within `radius` metres. */
  within(px: number, py: number, radius: number): number[] {
    if (!this.index) return [];
    const found = this.index.within(px, py, radius);
    return this.members ? found.map((i) => this.members![i]!) : found;
  }
}
