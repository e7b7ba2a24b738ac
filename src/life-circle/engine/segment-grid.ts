/** Square metres a cell must lie beyond the best distance to be skipped: far above any rounding at city scale. */
const SKIP_MARGIN = 1e-6;

/**
 * Segments of a network in a uniform grid, packed as CSR (cell → segment ids): built by two
 * counting passes (no sort, no tree), about two segments per cell. Nearest-segment queries walk
 * rings of cells outward from the point and stop once no unseen cell can hold a closer segment,
 * so they are exact (true point-to-segment distance) with a plain typed loop per query.
 */
export class SegmentGrid {
  readonly x0: number;
  readonly y0: number;
  readonly cell: number;
  readonly nx: number;
  readonly ny: number;
  /** Segments of cell (ix, iy) are `ids[cellStart[iy * nx + ix] .. cellStart[iy * nx + ix + 1] - 1]`. */
  readonly cellStart: Int32Array;
  readonly ids: Int32Array;

  constructor(
    private readonly nodeX: Float64Array,
    private readonly nodeY: Float64Array,
    private readonly edgeFrom: Int32Array,
    private readonly edgeTo: Int32Array,
  ) {
    const edgeCount = edgeFrom.length;
    let minX = Infinity;
    let minY = Infinity;
    let maxX = -Infinity;
    let maxY = -Infinity;
    // Over all nodes: a node on no segment only widens the grid a little.
    for (let n = 0; n < nodeX.length; n++) {
      const x = nodeX[n]!;
      const y = nodeY[n]!;
      if (x < minX) minX = x;
      if (x > maxX) maxX = x;
      if (y < minY) minY = y;
      if (y > maxY) maxY = y;
    }
    const width = Math.max(maxX - minX, 1e-6);
    const height = Math.max(maxY - minY, 1e-6);
    // About two segments per cell, and never more cells along a side than that (a thin network).
    const cells = Math.max(1, edgeCount / 2);
    this.cell = Math.max(Math.sqrt((width * height) / cells), width / cells, height / cells, 1e-3);
    this.x0 = minX;
    this.y0 = minY;
    this.nx = Math.floor(width / this.cell) + 1;
    this.ny = Math.floor(height / this.cell) + 1;
    const cellStart = new Int32Array(this.nx * this.ny + 1);
    // Pass 1 counts the cells each segment's box covers (remembering the cell of a segment shorter
    // than a cell, most of them), pass 2 places the ids.
    const onlyCell = new Int32Array(edgeCount);
    for (let pass = 0; pass < 2; pass++) {
      const fill = pass === 1 ? cellStart.slice(0, -1) : null;
      const ids = pass === 1 ? new Int32Array(cellStart[cellStart.length - 1]!) : null;
      for (let e = 0; e < edgeCount; e++) {
        if (ids && onlyCell[e] !== -1) {
          ids[fill![onlyCell[e]!]!++] = e;
          continue;
        }
        const ax = nodeX[edgeFrom[e]!]!;
        const ay = nodeY[edgeFrom[e]!]!;
        const bx = nodeX[edgeTo[e]!]!;
        const by = nodeY[edgeTo[e]!]!;
        const ix0 = this.column(Math.min(ax, bx));
        const ix1 = this.column(Math.max(ax, bx));
        const iy0 = this.row(Math.min(ay, by));
        const iy1 = this.row(Math.max(ay, by));
        if (ix0 === ix1 && iy0 === iy1) {
          const c = iy0 * this.nx + ix0;
          onlyCell[e] = c;
          cellStart[c + 1]!++;
          continue;
        }
        if (!ids) onlyCell[e] = -1;
        for (let iy = iy0; iy <= iy1; iy++) {
          for (let ix = ix0; ix <= ix1; ix++) {
            const c = iy * this.nx + ix;
            if (ids) ids[fill![c]!++] = e;
            else cellStart[c + 1]!++;
          }
        }
      }
      if (ids) this.ids = ids;
      else for (let c = 0; c < this.nx * this.ny; c++) cellStart[c + 1]! += cellStart[c]!;
    }
    this.cellStart = cellStart;
    this.ids ??= new Int32Array(0);
  }

  /** The grid again from its fields after crossing threads (a structured clone drops the class, not the arrays). */
  static revive(fields: SegmentGrid): SegmentGrid {
    return Object.setPrototypeOf(fields, SegmentGrid.prototype) as SegmentGrid;
  }

  get bytes(): number {
    return this.cellStart.byteLength + this.ids.byteLength;
  }

  /** Indices of the points sorted by the grid cell they fall in (points outside: nearest cell). */
  order(x: Float64Array, y: Float64Array): Int32Array {
    const count = x.length;
    // Cell and index packed into one exact double (cells < 2^31, indices < 2^21), sorted as numbers.
    if (count > 2 ** 21) return Int32Array.from({ length: count }, (_, i) => i);
    const keys = new Float64Array(count);
    for (let i = 0; i < count; i++) {
      const cell = Number.isFinite(x[i]!) && Number.isFinite(y[i]!) ? this.row(y[i]!) * this.nx + this.column(x[i]!) : 0;
      keys[i] = cell * 2 ** 21 + i;
    }
    keys.sort();
    const order = new Int32Array(count);
    for (let i = 0; i < count; i++) order[i] = keys[i]! % 2 ** 21;
    return order;
  }

  private column(x: number): number {
    return Math.min(this.nx - 1, Math.max(0, Math.floor((x - this.x0) / this.cell)));
  }

  private row(y: number): number {
    return Math.min(this.ny - 1, Math.max(0, Math.floor((y - this.y0) / this.cell)));
  }

  /**
   * Nearest segment to (x, y) within `tolerance`, skipping segments that touch node `exclude`;
   * ties go to the lower segment id. `out` gets the segment (-1: none), the fraction along it
   * from `edgeFrom` and the squared distance.
   */
  nearest(x: number, y: number, tolerance: number, exclude: number, out: { edge: number; t: number; distanceSq: number }): void {
    const { nodeX, nodeY, edgeFrom, edgeTo, cellStart, ids, nx, ny, cell } = this;
    let bestEdge = -1;
    let bestT = 0;
    let bestSq = Infinity;
    // Cell of the point, unclamped (the point may lie outside the grid).
    const cx = Math.floor((x - this.x0) / cell);
    const cy = Math.floor((y - this.y0) / cell);
    // Ring r holds the cells at Chebyshev distance r from (cx, cy); any point in them is at least (r - 1) · cell away.
    const first = Math.max(0, -cx, cx - (nx - 1), -cy, cy - (ny - 1));
    const cover = Math.max(cx, nx - 1 - cx, cy, ny - 1 - cy);
    const last = Math.min(cover, Math.ceil(tolerance / cell) + 2);
    // Only cells meeting the box of the tolerance around the point can hold a segment in reach.
    const boxX0 = Math.max(0, Math.floor((x - tolerance - this.x0) / cell));
    const boxX1 = Math.min(nx - 1, Math.floor((x + tolerance - this.x0) / cell));
    const boxY0 = Math.max(0, Math.floor((y - tolerance - this.y0) / cell), cy - last);
    const boxY1 = Math.min(ny - 1, Math.floor((y + tolerance - this.y0) / cell), cy + last);
    for (let r = first; r <= last; r++) {
      const gap = (r - 1) * cell;
      if (gap > 0 && gap * gap > bestSq) break;
      if (gap > tolerance) break;
      const iy0 = Math.max(boxY0, cy - r);
      const iy1 = Math.min(boxY1, cy + r);
      for (let iy = iy0; iy <= iy1; iy++) {
        // The ring's top and bottom rows whole, the rows between only at its two sides.
        const step = iy === cy - r || iy === cy + r ? 1 : 2 * r;
        // Rows of the ring's cells away from the point (for skipping cells too far to hold a closer segment).
        const rowLow = this.y0 + iy * cell;
        const gapY = y < rowLow ? rowLow - y : y > rowLow + cell ? y - rowLow - cell : 0;
        for (let ix = cx - r; ix <= cx + r; ix += step) {
          if (ix < boxX0 || ix > boxX1) continue;
          // A segment is listed in every cell its box meets, so the cell holding its point nearest to
          // (x, y) is at most as far; farther cells are skipped (with a margin far above rounding).
          const columnLow = this.x0 + ix * cell;
          const gapX = x < columnLow ? columnLow - x : x > columnLow + cell ? x - columnLow - cell : 0;
          if (gapX * gapX + gapY * gapY > bestSq + SKIP_MARGIN) continue;
          const c = iy * nx + ix;
          for (let k = cellStart[c]!; k < cellStart[c + 1]!; k++) {
            const e = ids[k]!;
            const a = edgeFrom[e]!;
            const b = edgeTo[e]!;
            if (a === exclude || b === exclude) continue;
            const ax = nodeX[a]!;
            const ay = nodeY[a]!;
            const dx = nodeX[b]! - ax;
            const dy = nodeY[b]! - ay;
            const lengthSq = dx * dx + dy * dy;
            let t = lengthSq > 0 ? ((x - ax) * dx + (y - ay) * dy) / lengthSq : 0;
            t = t < 0 ? 0 : t > 1 ? 1 : t;
            const px = ax + t * dx - x;
            const py = ay + t * dy - y;
            const sq = px * px + py * py;
            if (sq < bestSq || (sq === bestSq && e < bestEdge)) {
              bestSq = sq;
              bestEdge = e;
              bestT = t;
            }
          }
        }
      }
    }
    out.edge = bestEdge;
    out.t = bestT;
    out.distanceSq = bestSq;
  }
}
