import type { Position } from 'geojson';

// d3-contour's marching squares, `contours().size([nx, ny]).smooth(true).contour(values, threshold)`
// (d3-contour 4.0), with its working state kept in typed arrays reused from call to call. d3 gives
// every crossing two fresh point arrays and a fragment object and keys fragments in sparse arrays:
// over 300 megacity clicks, 98 scavenges (135 ms) against 4 (2 ms) with this port. It walks the
// squares in d3's order, stitches, smooths, sorts exteriors from holes and nests holes with the
// very same arithmetic, so the rings come out vertex for vertex as d3's (the bench checks every
// click against d3-contour itself); only the returned positions are allocated. Plain loops over
// plain arrays: the optimised code then stays put from click to click (no deoptimisation).

// Per marching-squares case, its lines as [start x, start y, end x, end y] in half cells (d3's table ×2).
const CASES: readonly (readonly number[])[] = [
  [],
  [2, 3, 1, 2],
  [3, 2, 2, 3],
  [3, 2, 1, 2],
  [2, 1, 3, 2],
  [2, 3, 1, 2, 2, 1, 3, 2],
  [2, 1, 2, 3],
  [2, 1, 1, 2],
  [1, 2, 2, 1],
  [2, 3, 2, 1],
  [1, 2, 2, 1, 3, 2, 2, 3],
  [3, 2, 2, 1],
  [1, 2, 3, 2],
  [2, 3, 3, 2],
  [1, 2, 2, 3],
  [],
];

/** Reusable state for `contour`: one per caller that contours again and again (not shared across threads). */
export class ContourWorkspace {
  // Open fragment (1-based; 0: none) starting / ending at a point, by the point's slot (below).
  private byStart = new Int32Array(0);
  private byEnd = new Int32Array(0);
  // Fragments: chains of point nodes, with their end points' slots.
  private head = new Int32Array(256);
  private tail = new Int32Array(256);
  private startSlot = new Int32Array(256);
  private endSlot = new Int32Array(256);
  private fragmentCount = 0;
  private openCount = 0;
  // Point nodes: d3's point index (x and y in half cells: 2x + 2(nx + 1)·2y) and the next node of
  // its fragment (-1: last).
  private nodePoint = new Int32Array(4096);
  private nodeNext = new Int32Array(4096);
  private nodeCount = 0;
  // Closed rings, smoothed, in grid coordinates: x, y pairs; each ring's first pair and length.
  private ringXY = new Float64Array(8192);
  private ringFirst: number[] = [];
  private ringLength: number[] = [];
  private xyCount = 0;

  /**
   * The region where `values` (row-major, nx × ny) ≥ `threshold`, as d3-contour draws it: polygons
   * of rings in grid coordinates, each turned into a position by `toPosition`.
   */
  contour(values: Float64Array, nx: number, ny: number, threshold: number, toPosition: (x: number, y: number) => Position): Position[][][] {
    // An open fragment ends on the edges of the square row being walked: its bottom, sides or top,
    // three half-cell heights in a row. So a point's slot is its x with its height modulo 4: a few
    // rows of keys (d3 keys every point of the grid; a Map would allocate).
    const width = 2 * (nx + 1);
    if (this.byStart.length < 4 * width) {
      this.byStart = new Int32Array(4 * width);
      this.byEnd = new Int32Array(4 * width);
    }
    this.fragmentCount = 0;
    this.openCount = 0;
    this.nodeCount = 0;
    this.xyCount = 0;
    this.ringFirst.length = 0;
    this.ringLength.length = 0;
    const exteriors: number[] = [];
    const holes: number[] = [];
    const closeRing = (fragment: number): void => {
      const ring = this.smoothRing(fragment, values, nx, ny, threshold);
      if (this.ringArea(ring) > 0) exteriors.push(ring);
      else holes.push(ring);
    };
    const at = (k: number): boolean => values[k]! >= threshold;
    const square = (code: number, x: number, y: number): void => {
      const lines = CASES[code]!;
      for (let l = 0; l < lines.length; l += 4) {
        const startX = lines[l]! + 2 * x;
        const startY = lines[l + 1]! + 2 * y;
        const endX = lines[l + 2]! + 2 * x;
        const endY = lines[l + 3]! + 2 * y;
        this.stitch(startX + width * startY, startX + width * (startY & 3), endX + width * endY, endX + width * (endY & 3), closeRing);
      }
    };
    // d3's walk: a virtual row and column of "below" around the grid, so every ring closes.
    let t0: number;
    let t1 = +at(0);
    let t2: number;
    let t3: number;
    let x = -1;
    let y = -1;
    square(t1 << 1, x, y);
    while (++x < nx - 1) {
      t0 = t1;
      t1 = +at(x + 1);
      square(t0 | (t1 << 1), x, y);
    }
    square(t1, x, y);
    while (++y < ny - 1) {
      x = -1;
      t1 = +at(y * nx + nx);
      t2 = +at(y * nx);
      square((t1 << 1) | (t2 << 2), x, y);
      // The grid's inner squares, most of them all in or all out (cases 0 and 15: no line).
      const row = y * nx;
      while (++x < nx - 1) {
        t0 = t1;
        t1 = values[row + nx + x + 1]! >= threshold ? 1 : 0;
        t3 = t2;
        t2 = values[row + x + 1]! >= threshold ? 1 : 0;
        const code = t0 | (t1 << 1) | (t2 << 2) | (t3 << 3);
        if (code !== 0 && code !== 15) square(code, x, y);
      }
      square(t1 | (t2 << 3), x, y);
    }
    x = -1;
    t2 = +at(y * nx);
    square(t2 << 2, x, y);
    while (++x < nx - 1) {
      t3 = t2;
      t2 = +at(y * nx + x + 1);
      square((t2 << 2) | (t3 << 3), x, y);
    }
    square(t2 << 3, x, y);
    // Every fragment closes on this padded grid; were one left open, its keys must not outlive the call.
    if (this.openCount !== 0) {
      this.byStart.fill(0);
      this.byEnd.fill(0);
    }

    // Each hole goes to the first exterior that does not have it outside (d3's order and test).
    const holesOf: number[][] = [];
    for (let e = 0; e < exteriors.length; e++) holesOf.push([]);
    for (let h = 0; h < holes.length; h++) {
      for (let e = 0; e < exteriors.length; e++) {
        if (this.ringContainsRing(exteriors[e]!, holes[h]!) !== -1) {
          holesOf[e]!.push(holes[h]!);
          break;
        }
      }
    }
    const polygons: Position[][][] = [];
    for (let e = 0; e < exteriors.length; e++) {
      const rings = [this.positions(exteriors[e]!, toPosition)];
      for (const hole of holesOf[e]!) rings.push(this.positions(hole, toPosition));
      polygons.push(rings);
    }
    return polygons;
  }

  private positions(ring: number, toPosition: (x: number, y: number) => Position): Position[] {
    const xy = this.ringXY;
    const first = this.ringFirst[ring]!;
    const positions: Position[] = [];
    for (let p = 0; p < this.ringLength[ring]!; p++) positions.push(toPosition(xy[2 * (first + p)]!, xy[2 * (first + p) + 1]!));
    return positions;
  }

  /** d3's stitch: the line start → end extends, joins or closes the fragments that end or start there. */
  private stitch(start: number, startSlot: number, end: number, endSlot: number, closeRing: (fragment: number) => void): void {
    const { byStart, byEnd } = this;
    let f = byEnd[startSlot]!;
    if (f !== 0) {
      const g = byStart[endSlot]!;
      if (g !== 0) {
        byEnd[this.endSlot[f]!] = 0;
        byStart[this.startSlot[g]!] = 0;
        if (f === g) {
          this.append(f, end);
          this.openCount--;
          closeRing(f);
        } else {
          // f then g, kept under f's number.
          this.nodeNext[this.tail[f]!] = this.head[g]!;
          this.tail[f] = this.tail[g]!;
          this.endSlot[f] = this.endSlot[g]!;
          byStart[this.startSlot[f]!] = f;
          byEnd[this.endSlot[f]!] = f;
          this.openCount--;
        }
      } else {
        byEnd[this.endSlot[f]!] = 0;
        this.append(f, end);
        this.endSlot[f] = endSlot;
        byEnd[endSlot] = f;
      }
    } else if ((f = byStart[endSlot]!) !== 0) {
      // (d3 also tries a join here, but nothing ends at `start`: that was the first branch.)
      byStart[this.startSlot[f]!] = 0;
      const node = this.newNode(start);
      this.nodeNext[node] = this.head[f]!;
      this.head[f] = node;
      this.startSlot[f] = startSlot;
      byStart[startSlot] = f;
    } else {
      f = this.newFragment();
      const first = this.newNode(start);
      const last = this.newNode(end);
      this.nodeNext[first] = last;
      this.head[f] = first;
      this.tail[f] = last;
      this.startSlot[f] = startSlot;
      this.endSlot[f] = endSlot;
      byStart[startSlot] = f;
      byEnd[endSlot] = f;
      this.openCount++;
    }
  }

  private append(fragment: number, point: number): void {
    const node = this.newNode(point);
    this.nodeNext[this.tail[fragment]!] = node;
    this.tail[fragment] = node;
  }

  private newNode(point: number): number {
    if (this.nodeCount === this.nodePoint.length) {
      this.nodePoint = grown(this.nodePoint);
      this.nodeNext = grown(this.nodeNext);
    }
    const node = this.nodeCount++;
    this.nodePoint[node] = point;
    this.nodeNext[node] = -1;
    return node;
  }

  private newFragment(): number {
    const fragment = ++this.fragmentCount;
    if (fragment === this.head.length) {
      this.head = grown(this.head);
      this.tail = grown(this.tail);
      this.startSlot = grown(this.startSlot);
      this.endSlot = grown(this.endSlot);
    }
    return fragment;
  }

  /** Copies a closed fragment's points into the ring buffer, smoothed as d3's smoothLinear does; returns the ring's number. */
  private smoothRing(fragment: number, values: Float64Array, nx: number, ny: number, threshold: number): number {
    const width = 2 * (nx + 1);
    const first = this.xyCount;
    for (let node = this.head[fragment]!; node !== -1; node = this.nodeNext[node]!) {
      const point = this.nodePoint[node]!;
      const x = (point % width) / 2;
      const y = Math.floor(point / width) / 2;
      const xt = x | 0;
      const yt = y | 0;
      const v1 = valid(values[yt * nx + xt]);
      let sx = x;
      let sy = y;
      if (x > 0 && x < nx && xt === x) sx = smooth1(x, valid(values[yt * nx + xt - 1]), v1, threshold);
      if (y > 0 && y < ny && yt === y) sy = smooth1(y, valid(values[(yt - 1) * nx + xt]), v1, threshold);
      if (2 * this.xyCount + 2 > this.ringXY.length) {
        const bigger = new Float64Array(this.ringXY.length * 2);
        bigger.set(this.ringXY);
        this.ringXY = bigger;
      }
      this.ringXY[2 * this.xyCount] = sx;
      this.ringXY[2 * this.xyCount + 1] = sy;
      this.xyCount++;
    }
    this.ringFirst.push(first);
    this.ringLength.push(this.xyCount - first);
    return this.ringFirst.length - 1;
  }

  /** d3's area: twice the signed area, positive for its exteriors. */
  private ringArea(ring: number): number {
    const xy = this.ringXY;
    const first = this.ringFirst[ring]!;
    const n = this.ringLength[ring]!;
    const at = (i: number, c: number) => xy[2 * (first + i) + c]!;
    let area = at(n - 1, 1) * at(0, 0) - at(n - 1, 0) * at(0, 1);
    for (let i = 1; i < n; i++) area += at(i - 1, 1) * at(i, 0) - at(i - 1, 0) * at(i, 1);
    return area;
  }

  /** d3's contains: the first of the hole's points found inside (1) or outside (-1) the ring; 0 if all lie on it. */
  private ringContainsRing(ring: number, hole: number): number {
    const xy = this.ringXY;
    const first = this.ringFirst[hole]!;
    for (let p = 0; p < this.ringLength[hole]!; p++) {
      const c = this.ringContainsPoint(ring, xy[2 * (first + p)]!, xy[2 * (first + p) + 1]!);
      if (c) return c;
    }
    return 0;
  }

  private ringContainsPoint(ring: number, x: number, y: number): number {
    const xy = this.ringXY;
    const first = this.ringFirst[ring]!;
    const n = this.ringLength[ring]!;
    let contains = -1;
    for (let i = 0, j = n - 1; i < n; j = i++) {
      const xi = xy[2 * (first + i)]!;
      const yi = xy[2 * (first + i) + 1]!;
      const xj = xy[2 * (first + j)]!;
      const yj = xy[2 * (first + j) + 1]!;
      if (segmentContains(xi, yi, xj, yj, x, y)) return 0;
      if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) contains = -contains;
    }
    return contains;
  }
}

/** d3's segmentContains: c on the segment a–b (collinear, and between them along x, or y for a vertical one). */
function segmentContains(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): boolean {
  if ((bx - ax) * (cy - ay) !== (cx - ax) * (by - ay)) return false;
  return ax === bx ? within(ay, cy, by) : within(ax, cx, bx);
}

function within(p: number, q: number, r: number): boolean {
  return (p <= q && q <= r) || (r <= q && q <= p);
}

function valid(v: number | undefined): number {
  return v === undefined || Number.isNaN(v) ? -Infinity : v;
}

function smooth1(x: number, v0: number, v1: number, value: number): number {
  const a = value - v0;
  const b = v1 - v0;
  const d = Number.isFinite(a) || Number.isFinite(b) ? a / b : Math.sign(a) / Math.sign(b);
  return Number.isNaN(d) ? x : x + d - 0.5;
}

function grown(array: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const bigger = new Int32Array(array.length * 2);
  bigger.set(array);
  return bigger;
}
