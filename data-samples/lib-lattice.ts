/**
 * The geometric backbone of the samples: one warped, jittered lattice of shared vertices.
 * Every management unit is a rectangle of lattice cells in index space, so its ring is the
 * chain of lattice vertices along the rectangle's border: neighbours share edges vertex for
 * vertex and children tile their parent exactly. Roads run on the same lattice refined ×2.
 */
import { hash01, rngFor, type Rng } from './lib-random';

/** Metres per degree of latitude on the mean-radius sphere (the one turf uses). */
const EARTH_RADIUS = 6371008.8;
const METRES_PER_DEG_LAT = (EARTH_RADIUS * Math.PI) / 180;

export interface BandSpec {
  /** Length of the band along the axis, metres. */
  length: number;
  /** Urban core as fractions of the band, or null for an all-rural band. */
  core: [number, number] | null;
  /** Lattice spacing in the core: at its centre and at its edges, metres. */
  coreSpacing: [number, number];
  /** Lattice spacing outside the core, metres. */
  ruralSpacing: number;
}

export interface Axis {
  /** Line positions in metres from the origin, length = cells + 1. */
  pos: Float64Array;
  /** Per band: first and last line index (the band's cells are [start, end)). */
  bandStart: number[];
  bandEnd: number[];
  /** Per band: core line indices [coreStart, coreEnd), or null. */
  core: ([number, number] | null)[];
  /** Per cell: the band it belongs to. */
  cellBand: Int32Array;
  /** Per cell: 1 when inside its band's core. */
  cellCore: Uint8Array;
}

/** Positions of the lines in [a, b] following a spacing function, rescaled to end exactly at b. */
function segmentLines(rng: Rng, a: number, b: number, spacing: (t: number) => number): number[] {
  const steps: number[] = [];
  let t = a;
  while (t < b) {
    const s = spacing(t) * (0.85 + 0.3 * rng());
    steps.push(s);
    t += s;
  }
  // Drop the last step when it overshoots by more than half, then stretch the rest to fit.
  if (steps.length > 1 && t - b > steps[steps.length - 1] / 2) steps.pop();
  const sum = steps.reduce((x, y) => x + y, 0);
  const out: number[] = [];
  let acc = a;
  for (const s of steps) {
    acc += (s * (b - a)) / sum;
    out.push(acc);
  }
  out[out.length - 1] = b;
  return out;
}

export function buildAxis(seed: number, name: string, bands: readonly BandSpec[]): Axis {
  const rng = rngFor(seed, `axis-${name}`);
  const lines: number[] = [0];
  const bandStart: number[] = [];
  const bandEnd: number[] = [];
  const core: ([number, number] | null)[] = [];
  let origin = 0;
  for (const band of bands) {
    bandStart.push(lines.length - 1);
    const end = origin + band.length;
    if (band.core) {
      const c0 = origin + band.core[0] * band.length;
      const c1 = origin + band.core[1] * band.length;
      const mid = (c0 + c1) / 2;
      const half = (c1 - c0) / 2;
      const [centre, edge] = band.coreSpacing;
      lines.push(...segmentLines(rng, origin, c0, () => band.ruralSpacing));
      const coreFirst = lines.length - 1;
      lines.push(...segmentLines(rng, c0, c1, (t) => centre + (edge - centre) * Math.min(1, Math.abs(t - mid) / half)));
      const coreLast = lines.length - 1;
      lines.push(...segmentLines(rng, c1, end, () => band.ruralSpacing));
      core.push([coreFirst, coreLast]);
    } else {
      lines.push(...segmentLines(rng, origin, end, () => band.ruralSpacing));
      core.push(null);
    }
    bandEnd.push(lines.length - 1);
    origin = end;
  }
  const cells = lines.length - 1;
  const cellBand = new Int32Array(cells);
  const cellCore = new Uint8Array(cells);
  bands.forEach((_, b) => {
    for (let i = bandStart[b]; i < bandEnd[b]; i++) {
      cellBand[i] = b;
      const c = core[b];
      cellCore[i] = c && i >= c[0] && i < c[1] ? 1 : 0;
    }
  });
  return { pos: Float64Array.from(lines), bandStart, bandEnd, core, cellBand, cellCore };
}

/** Index-space rectangle of cells: columns [c0, c1), rows [r0, r1). */
export type Rect = readonly [c0: number, r0: number, c1: number, r1: number];

export const round6 = (v: number) => Math.round(v * 1e6) / 1e6;

export class Lattice {
  readonly nc: number;
  readonly nr: number;
  /** Rounded WGS-84 coordinates of each vertex, index r * (nc + 1) + c. */
  readonly lon: Float64Array;
  readonly lat: Float64Array;
  readonly metresPerDegLon: number;

  constructor(
    readonly cols: Axis,
    readonly rows: Axis,
    readonly origin: readonly [lon: number, lat: number],
    seed: number,
  ) {
    this.nc = cols.pos.length - 1;
    this.nr = rows.pos.length - 1;
    const height = rows.pos[this.nr];
    const midLat = origin[1] + height / 2 / METRES_PER_DEG_LAT;
    this.metresPerDegLon = METRES_PER_DEG_LAT * Math.cos((midLat * Math.PI) / 180);
    const n = (this.nc + 1) * (this.nr + 1);
    this.lon = new Float64Array(n);
    this.lat = new Float64Array(n);
    const rng = rngFor(seed, 'warp');
    const phase = Array.from({ length: 4 }, () => rng() * 2 * Math.PI);
    const wave = Array.from({ length: 4 }, () => 5000 + rng() * 4000);
    const amp = 110;
    const X = cols.pos;
    const Y = rows.pos;
    for (let r = 0; r <= this.nr; r++) {
      for (let c = 0; c <= this.nc; c++) {
        const x = X[c];
        const y = Y[r];
        // Smooth large-scale warp (derivative well below 1, so cells never fold) ...
        let dx = amp * Math.sin((2 * Math.PI * y) / wave[0] + phase[0]) + 0.5 * amp * Math.sin((2 * Math.PI * (x + 0.6 * y)) / wave[1] + phase[1]);
        let dy = amp * Math.sin((2 * Math.PI * x) / wave[2] + phase[2]) + 0.5 * amp * Math.sin((2 * Math.PI * (0.7 * x - y)) / wave[3] + phase[3]);
        // ... plus per-vertex jitter bounded by the nearest spacing either way, so every cell stays convex.
        const sx = Math.min(c > 0 ? X[c] - X[c - 1] : Infinity, c < this.nc ? X[c + 1] - X[c] : Infinity);
        const sy = Math.min(r > 0 ? Y[r] - Y[r - 1] : Infinity, r < this.nr ? Y[r + 1] - Y[r] : Infinity);
        const s = Math.min(sx, sy);
        dx += 0.24 * (hash01(seed, c, r, 1) - 0.5) * s;
        dy += 0.24 * (hash01(seed, c, r, 2) - 0.5) * s;
        const i = r * (this.nc + 1) + c;
        this.lon[i] = round6(origin[0] + (x + dx) / this.metresPerDegLon);
        this.lat[i] = round6(origin[1] + (y + dy) / METRES_PER_DEG_LAT);
      }
    }
  }

  vertex(c: number, r: number): number {
    return r * (this.nc + 1) + c;
  }

  /** Point at fractional index (u, v): bilinear inside the cell that contains it, rounded to 6 decimals. */
  position(u: number, v: number): [number, number] {
    const c = Math.min(this.nc - 1, Math.max(0, Math.floor(u)));
    const r = Math.min(this.nr - 1, Math.max(0, Math.floor(v)));
    const fu = u - c;
    const fv = v - r;
    const i00 = this.vertex(c, r);
    const i10 = i00 + 1;
    const i01 = i00 + this.nc + 1;
    const i11 = i01 + 1;
    const w00 = (1 - fu) * (1 - fv);
    const w10 = fu * (1 - fv);
    const w01 = (1 - fu) * fv;
    const w11 = fu * fv;
    return [
      round6(this.lon[i00] * w00 + this.lon[i10] * w10 + this.lon[i01] * w01 + this.lon[i11] * w11),
      round6(this.lat[i00] * w00 + this.lat[i10] * w10 + this.lat[i01] * w01 + this.lat[i11] * w11),
    ];
  }

  /** Counter-clockwise closed ring (RFC 7946) along the border of a cell rectangle. */
  ring(rect: Rect): [number, number][] {
    const [c0, r0, c1, r1] = rect;
    const out: [number, number][] = [];
    const push = (c: number, r: number) => {
      const i = this.vertex(c, r);
      out.push([this.lon[i], this.lat[i]]);
    };
    for (let c = c0; c < c1; c++) push(c, r0); // south edge, west → east
    for (let r = r0; r < r1; r++) push(c1, r); // east edge, south → north
    for (let c = c1; c > c0; c--) push(c, r1); // north edge, east → west
    for (let r = r1; r > r0; r--) push(c0, r); // west edge, north → south
    out.push(out[0]);
    return out;
  }

  /** Local planar metres (east, north) of a WGS-84 point relative to the origin: for distances at street scale. */
  toMetres(lon: number, lat: number): [number, number] {
    return [(lon - this.origin[0]) * this.metresPerDegLon, (lat - this.origin[1]) * METRES_PER_DEG_LAT];
  }

  /** Lattice column spacing (metres) of the cell containing fractional column u; same for rows. */
  colSpacing(u: number): number {
    const c = Math.min(this.nc - 1, Math.max(0, Math.floor(u)));
    return this.cols.pos[c + 1] - this.cols.pos[c];
  }

  rowSpacing(v: number): number {
    const r = Math.min(this.nr - 1, Math.max(0, Math.floor(v)));
    return this.rows.pos[r + 1] - this.rows.pos[r];
  }

  /** Moves a fractional index point by (dx, dy) metres, clamped to `bounds`. */
  offset(u: number, v: number, dx: number, dy: number, bounds: Rect): [number, number] {
    const nu = u + dx / this.colSpacing(u);
    const nv = v + dy / this.rowSpacing(v);
    const eps = 0.02;
    return [Math.min(bounds[2] - eps, Math.max(bounds[0] + eps, nu)), Math.min(bounds[3] - eps, Math.max(bounds[1] + eps, nv))];
  }
}

