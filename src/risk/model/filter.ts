/**
 * Category / level / time-window filtering. One compiled filter drives both the GPU (deck.gl
 * DataFilterExtension uniforms: nothing is re-uploaded when it changes) and the CPU mirror used
 * for counts, picking lists and roll-ups, so both always agree on which records are visible.
 */
import { describeValue, isRecord, type IssueCollector } from '../../core/validation';
import { LEVEL_RANK, RISK_LEVELS, parseLevel, type RiskLevel } from './level';
import { UNDATED, rowRecord, type RiskTable } from './table';
import { startOfLocalDay, toEpoch } from './time';
import type { RiskRowColumns, RiskUnitFilter } from './units';

export interface RiskFilter {
  /** Window start, epoch ms, inclusive (null: open). */
  from?: number | null;
  /** Window end, epoch ms, exclusive (null: open). */
  to?: number | null;
  /** Categories to show (null: all). */
  categories?: readonly string[] | null;
  /** Levels to show (null: all). */
  levels?: readonly RiskLevel[] | null;
  /** The records of a scope's unit (null: all); see model/units. */
  unit?: RiskUnitFilter | null;
}

/** deck.gl's category filter holds 64 values per channel; categories past that share the last key. */
export const MAX_CATEGORY_KEYS = 64;

export interface CompiledFilter {
  /** Inclusive float32 bounds on `timeOffset` (the GPU `filterRange`). */
  readonly range: readonly [number, number];
  /** Whether a time window is active (undated records are then hidden). */
  readonly windowed: boolean;
  /** Per category index: shown? */
  readonly categoryOn: Uint8Array;
  /** Per level rank (1–4): shown? */
  readonly levelOn: Uint8Array;
  /** Per row unit keys (the second GPU filter value), null: no unit filter. */
  readonly unitKeys: Float32Array | null;
  /** Inclusive bounds on `unitKeys` (the second GPU `filterRange`); open without a unit filter. */
  readonly unitRange: readonly [number, number];
  /** The rows inside the unit filter when it knows them (counts walk only these), else null. */
  readonly unitRows: Uint32Array | null;
  /** True when the unit filter hides nothing (none, or a scope's "everything"). */
  readonly unitEverything: boolean;
  /** The counted columns of `unitRows`, in their order, when the unit filter has them, else null. */
  readonly unitRowColumns: RiskRowColumns | null;
  /** The unit's records per level rank (total at 0) when the unit filter knows them, else null. */
  readonly unitLevelCounts: readonly number[] | null;
  /** GPU category keys shown, per channel: `[categoryKeys, levelRanks]` (DataFilterExtension `filterCategories`). */
  readonly gpuCategories: [number[], number[]];
  /** True when nothing is filtered out. */
  readonly isAll: boolean;
}

const MINUTE = 60_000;
const FLOAT32_MAX = 3.4028234663852886e38;

/** The largest float32 strictly below the float32 nearest to `value`: turns an inclusive bound exclusive. */
export function float32Below(value: number): number {
  const f = Math.fround(value);
  const buffer = new Float32Array([f]);
  const bits = new Int32Array(buffer.buffer);
  if (f === 0) return -1.401298464324817e-45;
  bits[0] += f > 0 ? -1 : 1;
  return buffer[0];
}

/** GPU category key of a category index. */
export function categoryKey(index: number): number {
  return Math.min(index, MAX_CATEGORY_KEYS - 1);
}

/** A window bound: a finite epoch, else null (open). */
const bound = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);

/** Never throws: a field of the wrong type filters nothing (see `readFilter` for one that reports). */
export function compileFilter(table: RiskTable, filter: RiskFilter = {}): CompiledFilter {
  const from = bound(filter?.from);
  const to = bound(filter?.to);
  const categories = Array.isArray(filter?.categories) ? filter.categories : null;
  const levels = Array.isArray(filter?.levels) ? filter.levels : null;
  const windowed = from !== null || to !== null;
  const unit = filter?.unit;
  const unitKeys = unit?.keys instanceof Float32Array && unit.keys.length === table.length ? unit.keys : null;
  const unitRows = unitKeys && unit?.rows instanceof Uint32Array ? unit.rows : null;
  const lo = from === null ? -FLOAT32_MAX : Math.fround((from - table.timeOrigin) / MINUTE);
  const hi = to === null ? FLOAT32_MAX : float32Below((to - table.timeOrigin) / MINUTE);
  // Undated rows carry UNDATED: below any window start, inside the open range.
  const range: [number, number] = windowed ? [Math.max(lo, UNDATED / 2), hi] : [-FLOAT32_MAX, FLOAT32_MAX];

  const categoryOn = new Uint8Array(table.categories.length);
  const wantedCategories = categories ? new Set(categories) : null;
  table.categories.forEach((name, i) => {
    categoryOn[i] = !wantedCategories || wantedCategories.has(name) ? 1 : 0;
  });
  const levelOn = new Uint8Array(5);
  for (const level of Object.keys(LEVEL_RANK) as RiskLevel[]) {
    levelOn[LEVEL_RANK[level]] = !levels || levels.includes(level) ? 1 : 0;
  }
  const keys = new Set<number>();
  categoryOn.forEach((on, i) => {
    if (on) keys.add(categoryKey(i));
  });
  const ranks = [1, 2, 3, 4].filter((r) => levelOn[r]);
  return {
    range,
    windowed,
    categoryOn,
    levelOn,
    unitKeys,
    unitRange: unitKeys ? [unit!.range[0], unit!.range[1]] : [-FLOAT32_MAX, FLOAT32_MAX],
    unitRows,
    unitEverything: !unitKeys || unit?.everything === true,
    unitRowColumns: unitRows && unit?.rowColumns?.timeOffset.length === unitRows.length ? unit.rowColumns : null,
    unitLevelCounts: unitKeys && Array.isArray(unit?.levelCounts) && unit.levelCounts.length === 5 ? unit.levelCounts : null,
    gpuCategories: [[...keys].sort((a, b) => a - b), ranks],
    isAll: !windowed && !wantedCategories && !levels && !unitKeys,
  };
}

/** Whether row `row` lies in the unit filter's interval (always, without one). */
function inUnit(compiled: CompiledFilter, row: number): boolean {
  const keys = compiled.unitKeys;
  return keys === null || (keys[row] >= compiled.unitRange[0] && keys[row] <= compiled.unitRange[1]);
}

/** Whether row `row` passes the filter (same float32 comparison as the GPU). */
export function rowVisible(table: RiskTable, compiled: CompiledFilter, row: number): boolean {
  const t = table.timeOffset[row];
  return (
    t >= compiled.range[0] &&
    t <= compiled.range[1] &&
    compiled.levelOn[table.level[row]] === 1 &&
    compiled.categoryOn[table.category[row]] === 1 &&
    inUnit(compiled, row)
  );
}

/** Rows passing the filter, ascending. */
export function visibleRows(table: RiskTable, compiled: CompiledFilter): Uint32Array {
  const out = new Uint32Array(table.length);
  let n = 0;
  for (let row = 0; row < table.length; row++) if (rowVisible(table, compiled, row)) out[n++] = row;
  return out.slice(0, n);
}

/** Visible rows per level rank (index 1–4; index 0 is the total). */
export function countVisibleByLevel(table: RiskTable, compiled: CompiledFilter): number[] {
  const counts = [0, 0, 0, 0, 0];
  const { timeOffset, level, category } = table;
  const [lo, hi] = compiled.range;
  const { levelOn, categoryOn, unitRows, unitRowColumns, unitLevelCounts } = compiled;
  if (unitLevelCounts && !compiled.windowed && !categoryOn.includes(0)) {
    // Only the unit and the levels filter: the unit's counts per level, no walk.
    for (let rank = 1; rank <= 4; rank++) counts[rank] = levelOn[rank] === 1 ? unitLevelCounts[rank] : 0;
  } else if (unitRowColumns) {
    // The unit's own copy of the columns, in its rows' order: read in sequence.
    const { timeOffset: times, level: ranks, category: categories } = unitRowColumns;
    for (let i = 0; i < times.length; i++) {
      const t = times[i];
      const rank = ranks[i];
      if (t >= lo && t <= hi && levelOn[rank] === 1 && categoryOn[categories[i]] === 1) counts[rank]++;
    }
  } else if (unitRows) {
    // Only the unit's rows: each already lies in it.
    for (let i = 0; i < unitRows.length; i++) {
      const row: number = unitRows[i];
      const t = timeOffset[row];
      const rank = level[row];
      if (t >= lo && t <= hi && levelOn[rank] === 1 && categoryOn[category[row]] === 1) counts[rank]++;
    }
  } else {
    const unitKeys = compiled.unitEverything ? null : compiled.unitKeys;
    const [unitLo, unitHi] = compiled.unitRange;
    for (let row = 0; row < table.length; row++) {
      const t = timeOffset[row];
      const rank = level[row];
      if (t >= lo && t <= hi && levelOn[rank] === 1 && categoryOn[category[row]] === 1 && (unitKeys === null || (unitKeys[row] >= unitLo && unitKeys[row] <= unitHi))) counts[rank]++;
    }
  }
  counts[0] = counts[1] + counts[2] + counts[3] + counts[4];
  return counts;
}

/**
 * Records per local day over `days` days from `start` (local midnight), for the time slider's
 * histogram. Honours the category, level and unit filter, ignores the time window.
 */
export function dailyCounts(table: RiskTable, compiled: CompiledFilter, start: number, days: number): Uint32Array {
  const counts = new Uint32Array(Math.max(0, days));
  // Local day boundaries (DST-safe): compare against each day's start.
  const bounds = new Float64Array(days + 1);
  for (let d = 0; d <= days; d++) {
    const date = new Date(start);
    date.setDate(date.getDate() + d);
    bounds[d] = date.getTime();
  }
  const { time, level, category } = table;
  const { unitRows } = compiled;
  const n = unitRows ? unitRows.length : table.length;
  // Only the unit's rows when the unit filter knows them.
  for (let i = 0; i < n; i++) {
    const row = unitRows ? unitRows[i] : i;
    const t = time[row];
    if (!(t >= bounds[0] && t < bounds[days])) continue;
    if (compiled.levelOn[level[row]] !== 1 || compiled.categoryOn[category[row]] !== 1 || (!unitRows && !inUnit(compiled, row))) continue;
    let d = Math.floor((t - bounds[0]) / 86_400_000);
    while (d > 0 && bounds[d] > t) d--;
    while (d < days - 1 && bounds[d + 1] <= t) d++;
    counts[d]++;
  }
  return counts;
}

/**
 * The time slider's histogram: records per local day from the earliest record's day to two months
 * past the latest (room for windows reaching past the data), under the category, level and unit filter
 * (never the time window); null when no record has a time.
 */
export function timeHistogram(table: RiskTable, filter: RiskFilter): Uint32Array | null {
  const extent = table.timeExtent;
  if (!extent) return null;
  const start = startOfLocalDay(extent[0]);
  const days = Math.ceil((extent[1] - start) / 86_400_000) + 62;
  return dailyCounts(table, compileFilter(table, { ...filter, from: null, to: null }), start, days);
}

/**
 * A time window with its ends in order: a reversed one (`from` after `to`) is swapped, since the
 * user meant the span between the two times (an empty map would read as "no risks").
 */
export function orderWindow(from: number | null, to: number | null): { from: number | null; to: number | null; reversed: boolean } {
  return from !== null && to !== null && from > to ? { from: to, to: from, reversed: true } : { from, to, reversed: false };
}

/**
 * A `RiskFilter` from untrusted input (e.g. `rollUpRisks` options): times as ISO strings, Dates or
 * epoch ms; a field that cannot be read is reported under `path` and filters nothing.
 */
export function readFilter(value: unknown, path: string, issues: IssueCollector): RiskFilter {
  if (value === undefined || value === null) return {};
  if (!isRecord(value)) {
    issues.warn(path, `${path}: not a filter object (${describeValue(value)}); nothing is filtered`, 'wrong-type', { expected: 'object' });
    return {};
  }
  const time = (field: 'from' | 'to'): number | null => {
    const raw = value[field];
    if (raw === undefined || raw === null) return null;
    const epoch = toEpoch(raw);
    if (Number.isNaN(epoch)) issues.warn(`${path}.${field}`, `${path}.${field}: unparsable time ${describeValue(raw)}; left open`, 'unparsable-time', { value: describeValue(raw) });
    return Number.isNaN(epoch) ? null : epoch;
  };
  const window = orderWindow(time('from'), time('to'));
  if (window.reversed) issues.warn(`${path}.from`, `${path}: from is after to; the window is swapped`, 'out-of-range', { value: `${window.to}, ${window.from}` });
  const list = <T>(field: 'categories' | 'levels', read: (item: unknown) => T | null, expected: string): T[] | null => {
    const raw = value[field];
    if (raw === undefined || raw === null) return null;
    if (!Array.isArray(raw)) {
      issues.warn(`${path}.${field}`, `${path}.${field}: not a list (${describeValue(raw)}); not filtered by it`, 'wrong-type', { expected: 'array' });
      return null;
    }
    const out: T[] = [];
    raw.forEach((item, i) => {
      const parsed = read(item);
      if (parsed === null) issues.warn(`${path}.${field}[${i}]`, `${path}.${field}[${i}]: unknown value ${describeValue(item)}`, 'unknown-value', { value: describeValue(item), expected });
      else out.push(parsed);
    });
    return out.length || raw.length === 0 ? out : null;
  };
  return {
    from: window.from,
    to: window.to,
    categories: list('categories', (item) => (typeof item === 'string' ? item : null), 'a category name'),
    levels: list('levels', parseLevel, RISK_LEVELS.join(' | ')),
  };
}

/** The records shown by `compiled`, as given (in draw order: low first). */
export function shownRecords(table: RiskTable, compiled: CompiledFilter): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (let row = 0; row < table.length; row++) if (rowVisible(table, compiled, row)) out.push(rowRecord(table, row));
  return out;
}

/** Counts of a layer's records: input, valid, shown (`shown`: total at 0, per level rank 1–4) and the time span. */
export function riskStats(table: RiskTable | null, shown: readonly number[]): RiskLayerStats {
  const extent = table?.timeExtent;
  return {
    total: table?.records.length ?? 0,
    valid: table?.length ?? 0,
    shown: shown[0],
    byLevel: Object.fromEntries(RISK_LEVELS.map((level) => [level, shown[LEVEL_RANK[level]]])) as Record<RiskLevel, number>,
    timeSpan: extent ? [new Date(extent[0]).toISOString(), new Date(extent[1]).toISOString()] : null,
  };
}

export interface RiskLayerStats {
  /** Records in the input. */
  total: number;
  /** Records that passed validation. */
  valid: number;
  /** Records passing the current filters (categories, levels, time window, the scope's unit). */
  shown: number;
  /** Shown records per level. */
  byLevel: Record<RiskLevel, number>;
  /** `[earliest, latest]` record time (ISO 8601), or null when no record has a time. */
  timeSpan: [string, string] | null;
}

/** What a filter shows of a table: the compiled filter, shown records per level rank (total at 0) and the slider's histogram. */
export interface RiskShown {
  table: RiskTable;
  filter: RiskFilter;
  compiled: CompiledFilter;
  counts: number[];
  /** Null when no record has a time, or when it was not asked for (the slider is hidden). */
  histogram: Uint32Array | null;
  withHistogram: boolean;
}

const sameList = (a: readonly unknown[] | null | undefined, b: readonly unknown[] | null | undefined) => (a ?? []).join('\u0000') === (b ?? []).join('\u0000');
const sameUnit = (a: RiskUnitFilter | null | undefined, b: RiskUnitFilter | null | undefined) =>
  a?.keys === b?.keys && a?.range[0] === b?.range[0] && a?.range[1] === b?.range[1];

/**
 * Counts and histograms of the whole table (no unit, or a scope's "everything") per filter, kept
 * per table: clearing a scope's unit reuses them instead of walking every row again.
 */
const wholeTable = new WeakMap<RiskTable, Map<string, number[] | Uint32Array | null>>();
const WHOLE_TABLE_ENTRIES = 16;

function wholeTableResult<T extends number[] | Uint32Array | null>(table: RiskTable, key: string, compute: () => T): T {
  let cache = wholeTable.get(table);
  if (!cache) wholeTable.set(table, (cache = new Map()));
  if (cache.has(key)) return cache.get(key) as T;
  const value = compute();
  if (cache.size >= WHOLE_TABLE_ENTRIES) cache.delete(cache.keys().next().value!);
  cache.set(key, value);
  return value;
}

const onKey = (compiled: CompiledFilter) => `${compiled.categoryOn.join('')}|${compiled.levelOn.join('')}`;

/**
 * `filter` applied to `table`. The histogram (which ignores the time window) is computed only when
 * `options.histogram` asks for it (default: yes), and kept from `previous` when only the window
 * moved. Results over the whole table are cached per table and filter.
 */
export function showRisks(table: RiskTable, filter: RiskFilter, previous: RiskShown | null, options: { histogram?: boolean } = {}): RiskShown {
  const compiled = compileFilter(table, filter);
  const withHistogram = options.histogram ?? true;
  const whole = compiled.unitEverything;
  const counts = whole ? wholeTableResult(table, `counts|${compiled.range.join(',')}|${onKey(compiled)}`, () => countVisibleByLevel(table, compiled)).slice() : countVisibleByLevel(table, compiled);
  const keepHistogram =
    previous &&
    previous.withHistogram === withHistogram &&
    previous.table === table &&
    sameList(previous.filter.categories, filter.categories) &&
    sameList(previous.filter.levels, filter.levels) &&
    sameUnit(previous.filter.unit, filter.unit);
  let histogram: Uint32Array | null = null;
  if (keepHistogram) histogram = previous.histogram;
  else if (withHistogram) histogram = whole ? wholeTableResult(table, `histogram|${onKey(compiled)}`, () => timeHistogram(table, filter)) : timeHistogram(table, filter);
  return { table, filter, compiled, counts, histogram, withHistogram };
}
