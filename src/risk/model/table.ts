/**
 * Validation and columnar packing of risk records. One pass turns the backend's array of objects
 * into typed arrays that deck.gl takes as binary attributes (no per-record objects kept), with
 * one issue per bad field. Valid records are kept; a record is skipped only when it cannot be
 * placed or classified. Rows are ordered by level (low first) so major risks draw on top.
 */
import { crsTransform, isCrs, outOfChina, type Crs } from '../../core/crs';
import { IssueCollector, describeValue, isRecord, type ValidationIssue } from '../../core/validation';
import { LEVEL_BY_RANK, LEVEL_RANK, defaultWeight, isRiskFactor, levelFromScore, parseLevel, type RiskLevel } from './level';
import { parseIsoTime } from './time';
import { RISK_CATEGORIES } from './types';

/** Filter value of a record without a time: outside every time window, inside "no window". */
export const UNDATED = -1e30;

export interface RiskTable {
  /** Number of valid records (rows). */
  readonly length: number;
  /**
   * `[lon, lat, 0]` per row in the display CRS. Three components because deck.gl 9.4's
   * aggregation layers misread two-component binary positions.
   */
  readonly positions: Float64Array;
  /** Level rank per row: 1 low, 2 general, 3 considerable, 4 major. */
  readonly level: Uint8Array;
  /** Index into `categories` per row. */
  readonly category: Uint16Array;
  /** Category names: the national list first (fixed indices), then others in order of appearance. */
  readonly categories: readonly string[];
  /** Epoch ms per row; NaN when the record has no (usable) time. */
  readonly time: Float64Array;
  /**
   * Minutes since `timeOrigin` as float32 (the GPU filter value), `UNDATED` without a time.
   * CPU filtering compares these same float32 values so CPU and GPU always agree.
   */
  readonly timeOffset: Float32Array;
  /** Epoch ms that `timeOffset` counts from (local midnight of the earliest time), 0 if none. */
  readonly timeOrigin: number;
  /** `[min, max]` epoch ms of the dated rows, or null. */
  readonly timeExtent: readonly [number, number] | null;
  /** Weight per row (≥ 0). */
  readonly weight: Float32Array;
  /** Index of each row's record in the input array. */
  readonly source: Uint32Array;
  /** Id per row (as a string). */
  readonly ids: readonly string[];
  /** Index into `grids` per row; -1 when the record has no `grid` id (text). */
  readonly gridCode: Int32Array;
  /** The distinct `grid` ids of the records, in order of appearance (a scope matches units against these once). */
  readonly grids: readonly string[];
  /** The input records (originals, untouched), addressed by `source`. */
  readonly records: readonly unknown[];
  /** `[west, south, east, north]` of the positions, or null when empty. */
  readonly bounds: readonly [number, number, number, number] | null;
  /** Rows per level rank (index 1–4). */
  readonly levelCounts: readonly number[];
}

export interface PackOptions {
  /** CRS of the records' lon/lat (default `wgs84`). */
  crs?: Crs;
  /** CRS to draw in (the map's display CRS, default `wgs84`). */
  displayCrs?: Crs;
  /** How many issues to keep (all are counted). */
  issueLimit?: number;
}

export interface PackResult {
  table: RiskTable;
  issues: ValidationIssue[];
  /** Number of issues including those past the limit. */
  issueTotal: number;
}

const MINUTE = 60_000;
const FLOAT32_MAX = 3.4028234663852886e38;
/** Web Mercator's latitude limit (the map's projection). */
export const MAX_LATITUDE = 85.051129;
/** Category indices are 16-bit. */
const MAX_CATEGORIES = 0xffff;

/** `Array.isArray`, false for a revoked proxy (which makes it throw). */
function isArrayInput(input: unknown): input is readonly unknown[] {
  try {
    return Array.isArray(input);
  } catch {
    return false;
  }
}

/** Builds a RiskTable in slices so a caller can yield to the page between them (see `packRisksAsync`). */
export class RiskTableBuilder {
  readonly total: number;
  private next = 0;
  private count = 0;
  private readonly issues: IssueCollector;
  private readonly lon: Float64Array;
  private readonly lat: Float64Array;
  private readonly rank: Uint8Array;
  private readonly cat: Uint16Array;
  private readonly epoch: Float64Array;
  private readonly wt: Float32Array;
  private readonly weightGiven: Uint8Array;
  private readonly src: Uint32Array;
  private readonly idList: string[] = [];
  private readonly seenIds = new Map<string, number>();
  private readonly categoryIndex = new Map<string, number>();
  private readonly categoryNames: string[] = [...RISK_CATEGORIES];
  private readonly gridIndex = new Map<string, number>();
  private readonly gridNames: string[] = [];
  private readonly gridOf: Int32Array;
  private readonly transform: (lon: number, lat: number) => [number, number];
  private readonly records: readonly unknown[];

  constructor(input: unknown, options: PackOptions = {}) {
    this.issues = new IssueCollector(options.issueLimit ?? 1000);
    if (isArrayInput(input)) {
      this.records = input;
    } else {
      this.records = [];
      this.issues.error('', `Risk data must be an array of records, got ${describeValue(input)}`, 'wrong-type', {
        expected: 'array',
      });
    }
    this.total = this.records.length;
    const n = this.total;
    this.lon = new Float64Array(n);
    this.lat = new Float64Array(n);
    this.rank = new Uint8Array(n);
    this.cat = new Uint16Array(n);
    this.epoch = new Float64Array(n);
    this.wt = new Float32Array(n);
    this.weightGiven = new Uint8Array(n);
    this.src = new Uint32Array(n);
    this.gridOf = new Int32Array(n);
    RISK_CATEGORIES.forEach((name, i) => this.categoryIndex.set(name, i));
    const crs = (value: unknown): Crs => (isCrs(value) ? value : 'wgs84');
    this.transform = crsTransform(crs(options.crs), crs(options.displayCrs));
  }

  get processed(): number {
    return this.next;
  }

  /** Validates and packs records up to index `end` (exclusive). */
  run(end = this.total): void {
    const stop = Math.min(end, this.total);
    for (; this.next < stop; this.next++) {
      try {
        this.add(this.records[this.next], this.next);
      } catch {
        // A record that throws when read (a getter, a proxy): skipped, never the whole data set.
        this.issues.error(`[${this.next}]`, `Record ${this.next} could not be read`, 'wrong-type', { expected: 'object' });
      }
    }
  }

  private add(record: unknown, index: number): void {
    const issues = this.issues;
    const at = `[${index}]`;
    if (!isRecord(record)) {
      issues.error(at, `Record ${index} is not an object: ${describeValue(record)}`, 'wrong-type', { expected: 'object' });
      return;
    }

    // id: required, unique.
    const rawId = record.id;
    let id: string;
    if (typeof rawId === 'string' && rawId.trim() !== '') id = rawId;
    else if (typeof rawId === 'number' && Number.isFinite(rawId)) id = String(rawId);
    else {
      issues.error(`${at}.id`, `Record ${index} has no id`, rawId === undefined ? 'missing' : 'wrong-type', {
        value: describeValue(rawId),
        expected: 'string',
      });
      return;
    }
    const firstIndex = this.seenIds.get(id);
    if (firstIndex !== undefined) {
      issues.error(`${at}.id`, `Duplicate id ${describeValue(id)} (first at [${firstIndex}])`, 'duplicate-id', {
        value: describeValue(id),
      });
      return;
    }

    // Position: finite numbers. A swapped pair is swapped back (with a warning) when only the swap
    // is a valid position, or when the swap lands in China and the original does not.
    const lonValue = record.lon;
    const latValue = record.lat;
    let bad = false;
    for (const [field, value] of [
      ['lon', lonValue],
      ['lat', latValue],
    ] as const) {
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        issues.error(
          `${at}.${field}`,
          `Record ${describeValue(id)}: ${field} is not a number: ${describeValue(value)}`,
          value === undefined || value === null ? 'missing' : 'not-a-number',
          { value: describeValue(value) },
        );
        bad = true;
      }
    }
    if (bad) return;
    let lon = lonValue as number;
    let lat = latValue as number;
    // Latitudes past Web Mercator's edge cannot be drawn (deck.gl projects ±90° to infinity, which
    // blanks a whole hex layer): they are out of range like any other impossible position.
    const valid = (x: number, y: number) => Math.abs(x) <= 180 && Math.abs(y) <= MAX_LATITUDE;
    if (!valid(lon, lat) && !valid(lat, lon)) {
      issues.error(`${at}.${Math.abs(lon) > 180 ? 'lon' : 'lat'}`, `Record ${describeValue(id)}: position out of range (${lon}, ${lat})`, 'out-of-range', {
        value: `${lon}, ${lat}`,
        range: `lon −180…180, lat −${MAX_LATITUDE}…${MAX_LATITUDE}`,
      });
      return;
    }
    if (lon === 0 && lat === 0) {
      issues.error(`${at}.lon`, `Record ${describeValue(id)}: position 0, 0 is the placeholder of a missing position`, 'missing', { value: '0, 0' });
      return;
    }
    if (!valid(lon, lat) || (outOfChina(lon, lat) && valid(lat, lon) && !outOfChina(lat, lon))) {
      issues.warn(`${at}.lat`, `Record ${describeValue(id)}: lat/lon look swapped (${lon}, ${lat}); swapped back`, 'swapped-coordinates', {
        value: `${lon}, ${lat}`,
      });
      [lon, lat] = [lat, lon];
    }

    // Category: a non-empty string.
    const category = record.category;
    if (typeof category !== 'string' || category.trim() === '') {
      issues.error(`${at}.category`, `Record ${describeValue(id)} has no category`, category === undefined ? 'missing' : 'wrong-type', {
        value: describeValue(category),
        expected: 'string',
      });
      return;
    }

    // Level: a level name, else the band of likelihood × severity. Bad factors are reported even
    // when a level is named (as warnings then: the record is still classified).
    const given = (value: unknown) => value !== undefined && value !== null;
    const levelGiven = given(record.level);
    const named = levelGiven ? parseLevel(record.level) : null;
    const factorsGiven = given(record.likelihood) || given(record.severity);
    let factorsOk = factorsGiven;
    for (const field of ['likelihood', 'severity'] as const) {
      const value = record[field];
      if (!factorsGiven) break;
      if (!given(value)) {
        factorsOk = false;
        issues.add({
          path: `${at}.${field}`,
          message: `Record ${describeValue(id)}: ${field} is missing (the other factor is given)`,
          severity: named ? 'warning' : 'error',
          code: 'missing',
        });
      } else if (!isRiskFactor(value)) {
        factorsOk = false;
        issues.add({
          path: `${at}.${field}`,
          message: `Record ${describeValue(id)}: ${field} must be an integer 1–5, got ${describeValue(value)}`,
          severity: named ? 'warning' : 'error',
          code: typeof value === 'number' ? 'out-of-range' : 'not-a-number',
          params: { value: describeValue(value), range: '1–5' },
        });
      }
    }
    const derived = factorsOk ? levelFromScore((record.likelihood as number) * (record.severity as number)) : null;
    if (levelGiven && !named) {
      issues.add({
        path: `${at}.level`,
        message: `Record ${describeValue(id)}: unknown level ${describeValue(record.level)}`,
        severity: derived ? 'warning' : 'error',
        code: 'unknown-value',
        params: { value: describeValue(record.level) },
      });
    } else if (named && derived && derived !== named) {
      issues.warn(`${at}.level`, `Record ${describeValue(id)}: level ${named} differs from likelihood × severity (${derived}); the given level is used`, 'level-mismatch', {
        value: named,
        derived,
      });
    }
    const level: RiskLevel | null = named ?? derived;
    if (!level) {
      if (!levelGiven && !factorsGiven) {
        issues.error(`${at}.level`, `Record ${describeValue(id)} has neither a level nor likelihood and severity`, 'missing');
      }
      return;
    }

    // Optional fields: a bad one is dropped with a warning, the record stays.
    let weight = defaultWeight(level);
    let weightGiven = 0;
    if (record.weight !== undefined && record.weight !== null) {
      const w = record.weight;
      // Up to float32's largest: the GPU holds weights as float32 (1e308 would be Infinity there).
      if (typeof w === 'number' && w >= 0 && w <= FLOAT32_MAX) {
        weight = w;
        weightGiven = 1;
      } else {
        issues.warn(`${at}.weight`, `Record ${describeValue(id)}: weight must be a number 0–3.4e38, got ${describeValue(w)}; the level's default is used`, typeof w === 'number' && !Number.isNaN(w) ? 'out-of-range' : 'not-a-number', {
          value: describeValue(w),
          range: '0–3.4e38',
        });
      }
    }
    let epoch = NaN;
    if (record.time !== undefined && record.time !== null) {
      epoch = parseIsoTime(record.time);
      if (Number.isNaN(epoch)) {
        issues.warn(`${at}.time`, `Record ${describeValue(id)}: unparsable time ${describeValue(record.time)}; treated as undated`, 'unparsable-time', {
          value: describeValue(record.time),
        });
      }
    }
    if (record.name !== undefined && typeof record.name !== 'string') {
      issues.warn(`${at}.name`, `Record ${describeValue(id)}: name is not text`, 'wrong-type', { expected: 'string' });
    }
    const grid = record.grid;
    if (grid !== undefined && typeof grid !== 'string') {
      issues.warn(`${at}.grid`, `Record ${describeValue(id)}: grid is not an id string`, 'wrong-type', { expected: 'string' });
    }

    let categoryIndex = this.categoryIndex.get(category);
    if (categoryIndex === undefined && this.categoryNames.length > MAX_CATEGORIES) {
      issues.error(`${at}.category`, `Record ${describeValue(id)}: more than ${MAX_CATEGORIES + 1} categories; skipped`, 'out-of-range', { value: describeValue(category) });
      return;
    }
    if (categoryIndex === undefined) {
      categoryIndex = this.categoryNames.length;
      this.categoryNames.push(category);
      this.categoryIndex.set(category, categoryIndex);
    }
    const [dx, dy] = this.transform(lon, lat);
    const row = this.count++;
    this.seenIds.set(id, index);
    this.idList.push(id);
    this.lon[row] = dx;
    this.lat[row] = dy;
    this.rank[row] = LEVEL_RANK[level];
    this.cat[row] = categoryIndex;
    this.epoch[row] = epoch;
    this.wt[row] = weight;
    this.weightGiven[row] = weightGiven;
    this.src[row] = index;
    this.gridOf[row] = typeof grid === 'string' ? this.gridCodeOf(grid) : -1;
  }

  private gridCodeOf(grid: string): number {
    let code = this.gridIndex.get(grid);
    if (code === undefined) {
      code = this.gridNames.length;
      this.gridNames.push(grid);
      this.gridIndex.set(grid, code);
    }
    return code;
  }

  /** Finishes the table: level ordering, time offsets, bounds. */
  finish(): PackResult {
    this.run();
    const n = this.count;
    // Counting sort by level rank, stable in input order: low first, major drawn last (on top).
    const levelCounts = [0, 0, 0, 0, 0];
    for (let i = 0; i < n; i++) levelCounts[this.rank[i]]++;
    const start = [0, 0, levelCounts[1], levelCounts[1] + levelCounts[2], levelCounts[1] + levelCounts[2] + levelCounts[3]];
    const order = new Uint32Array(n);
    for (let i = 0; i < n; i++) order[start[this.rank[i]]++] = i;

    let minTime = Infinity;
    let maxTime = -Infinity;
    for (let i = 0; i < n; i++) {
      const t = this.epoch[i];
      if (t < minTime) minTime = t;
      if (t > maxTime) maxTime = t;
    }
    const dated = minTime <= maxTime;
    const origin = dated ? startOfDay(minTime) : 0;

    const positions = new Float64Array(n * 3);
    const level = new Uint8Array(n);
    const category = new Uint16Array(n);
    const time = new Float64Array(n);
    const timeOffset = new Float32Array(n);
    const weight = new Float32Array(n);
    const source = new Uint32Array(n);
    const ids = new Array<string>(n);
    const gridCode = new Int32Array(n);
    let west = Infinity;
    let south = Infinity;
    let east = -Infinity;
    let north = -Infinity;
    for (let r = 0; r < n; r++) {
      const i = order[r];
      const x = this.lon[i];
      const y = this.lat[i];
      positions[3 * r] = x;
      positions[3 * r + 1] = y;
      if (x < west) west = x;
      if (x > east) east = x;
      if (y < south) south = y;
      if (y > north) north = y;
      level[r] = this.rank[i];
      category[r] = this.cat[i];
      const t = this.epoch[i];
      time[r] = t;
      timeOffset[r] = Number.isNaN(t) ? UNDATED : (t - origin) / MINUTE;
      weight[r] = this.wt[i];
      source[r] = this.src[i];
      ids[r] = this.idList[i];
      gridCode[r] = this.gridOf[i];
    }
    const table: RiskTable = {
      length: n,
      positions,
      level,
      category,
      categories: this.categoryNames,
      time,
      timeOffset,
      timeOrigin: origin,
      timeExtent: dated ? [minTime, maxTime] : null,
      weight,
      source,
      ids,
      gridCode,
      grids: this.gridNames,
      records: this.records,
      bounds: n ? [west, south, east, north] : null,
      levelCounts,
    };
    return { table, issues: this.issues.issues, issueTotal: this.issues.total };
  }
}

function startOfDay(epoch: number): number {
  const d = new Date(epoch);
  d.setHours(0, 0, 0, 0);
  return d.getTime();
}

/** Validates and packs risk records in one call. */
export function packRisks(input: unknown, options: PackOptions = {}): PackResult {
  return new RiskTableBuilder(input, options).finish();
}

/**
 * Like `packRisks`, in slices of `chunk` records with a yield to the page between slices, so a
 * 1M-record load keeps the page responsive and can be cancelled.
 */
export async function packRisksAsync(
  input: unknown,
  options: PackOptions = {},
  control: { signal?: AbortSignal; chunk?: number; onProgress?: (done: number, total: number) => void } = {},
): Promise<PackResult> {
  const builder = new RiskTableBuilder(input, options);
  const chunk = control.chunk ?? 100_000;
  while (builder.processed < builder.total) {
    builder.run(builder.processed + chunk);
    control.onProgress?.(builder.processed, builder.total);
    if (builder.processed < builder.total) {
      await new Promise((resolve) => setTimeout(resolve, 0));
      if (control.signal?.aborted) throw new DOMException('Packing was cancelled', 'AbortError');
    }
  }
  return builder.finish();
}

/** The level key of a row. */
export function rowLevel(table: RiskTable, row: number): RiskLevel {
  return LEVEL_BY_RANK[table.level[row]] as RiskLevel;
}

/** The original input record of a row. */
export function rowRecord(table: RiskTable, row: number): Record<string, unknown> {
  return table.records[table.source[row]] as Record<string, unknown>;
}

/** Row of an id, or -1 (linear; for occasional look-ups such as `select(id)`). */
export function rowOfId(table: RiskTable, id: string): number {
  return table.ids.indexOf(id);
}

/**
 * Backend text for display: at most `max` characters plus "…" (a 10 MB name must not be laid out
 * in a tooltip), never splitting a surrogate pair.
 */
export function clipText(text: string, max = 200): string {
  if (text.length <= max) return text;
  const code = text.charCodeAt(max - 1);
  return `${text.slice(0, code >= 0xd800 && code <= 0xdbff ? max - 1 : max)}…`;
}
