/**
 * Raw cases in typed columns: per record its validity, stage entry times and deadlines (epoch ms,
 * row after row), codes for the side flow, tier, rating and resolution, and the text fields as
 * given. A list's first count reads its records directly (compute.ts: no columns); from its
 * second count on its columns are kept (weakly, per array and stage list: see `KeptTables`), so a
 * new option, a filter or a scope unit counts again without reading a record.
 *
 * The reading rules are CaseReader's (validate.ts), exactly: every record is read by a quiet
 * CaseReader; one it reports something about is marked `REPORT`, and every scan reads it again
 * with its reporting reader, in order, so issues, their paths and their order are what a
 * record-by-record read gives. Columnar input (`ColumnarCases`) is read row by row, directly.
 *
 * A kept list is not read again: a list changed in place (a case edited, a case replaced without
 * a length change) must be passed as a new array to be read again.
 */
import { IssueCollector } from '../../core/validation';
import { MAX_TIME_MS, parseTimestampInto } from './time';
import type { ResolvedStage, Tier } from './types';
import { describe } from './text';
import { CaseReader, caseIdOf, pathKey, ratingCode, statusCode, WarningTally } from './validate';

/** The record is a valid case (it counts unless it repeats an id). */
export const VALID = 1;
/** The record has something to report: each scan reads it again with the reporting reader. */
export const REPORT = 2;

// Read per value: a CommonJS build reads an imported binding through a getter call.
const LATEST = MAX_TIME_MS;

const TIER_CODES: readonly (Tier | undefined)[] = [undefined, 'big', 'small', 'micro'];

/** The index of `tier` in TIER_CODES (-1: not a tier): a switch, as it runs once per case. */
function tierCode(tier: unknown): number {
  switch (tier) {
    case undefined:
      return 0;
    case 'big':
      return 1;
    case 'small':
      return 2;
    case 'micro':
      return 3;
    default:
      return -1;
  }
}

export class CaseColumns {
  /** VALID | REPORT per record. */
  readonly flags: Uint8Array;
  /** Entry time of record r at stage k in `times[r * size + k]`, NaN when not reached. */
  readonly times: Float64Array;
  /** Per stage, the deadline of each record (NaN when none); null while no record has one for it. */
  readonly dues: Array<Float64Array | null>;
  /** 0 none, else 1 + index in DROP_REASONS. */
  readonly status: Uint8Array;
  /** 0 none, else 1 + index in TIERS. */
  readonly tier: Uint8Array;
  /** -1 none, else index in RATINGS. */
  readonly rating: Int8Array;
  /** -1 unknown, 0 unresolved, 1 resolved. */
  readonly resolved: Int8Array;
  readonly reworks: Float64Array;
  /** The id a record counts under (see `caseIdOf`), for every record, valid or not. */
  readonly ids: Array<string | undefined>;
  readonly channel: Array<string | undefined>;
  readonly grid: Array<string | undefined>;
  readonly category: Array<string | undefined>;
  /** Stages for which some valid record carries a deadline. */
  readonly dueSeen: Uint8Array;
  /** Duplicate keepers of the whole list (see `duplicateKeepers`), once asked for. */
  private wholeKeepers: Int32Array | null | undefined;
  /** The pooled buffers behind the float columns, handed back when the table is dropped. */
  private readonly buffers: Float64Array[] = [];

  constructor(
    readonly length: number,
    readonly size: number,
  ) {
    this.flags = new Uint8Array(length);
    this.times = this.doubles(length * size).fill(NaN);
    this.dues = new Array<Float64Array | null>(size).fill(null);
    this.status = new Uint8Array(length);
    this.tier = new Uint8Array(length);
    this.rating = new Int8Array(length);
    this.resolved = new Int8Array(length);
    this.reworks = this.doubles(length).fill(0);
    this.ids = new Array<string | undefined>(length).fill(undefined);
    this.channel = new Array<string | undefined>(length).fill(undefined);
    this.grid = new Array<string | undefined>(length).fill(undefined);
    this.category = new Array<string | undefined>(length).fill(undefined);
    this.dueSeen = new Uint8Array(size);
  }

  /** The deadline column of stage k (made, all NaN, on first use). */
  dueColumn(k: number): Float64Array {
    return (this.dues[k] ??= this.doubles(this.length).fill(NaN));
  }

  /** `duplicateKeepers` of the whole list, computed once. */
  keepers(): Int32Array | null {
    if (this.wholeKeepers === undefined) this.wholeKeepers = duplicateKeepers(this, null);
    return this.wholeKeepers;
  }

  /**
   * `duplicateKeepers` of the records at `rows` (null: every row). Distinct rows of a list that
   * repeats no id repeat none either: a unit's cases are then not hashed again.
   */
  keepersOf(rows: Int32Array | null): Int32Array | null {
    if (rows === null) return this.keepers();
    let distinct = this.keepers() === null;
    for (let j = 1; distinct && j < rows.length; j++) distinct = rows[j] > rows[j - 1];
    return distinct ? null : duplicateKeepers(this, rows);
  }

  /** Scans reading the table now (a breakdown's key function may count another list meanwhile). */
  private readers = 0;
  private dropped = false;

  /** Runs `read` on the table; a table dropped meanwhile gives its buffers back only after it. */
  use<T>(read: () => T): T {
    this.readers++;
    try {
      return read();
    } finally {
      if (--this.readers === 0 && this.dropped) this.release();
    }
  }

  /** Hands the float columns back to the pool when the scan reading the table ends (a table not kept). */
  dropAfterUse(): CaseColumns {
    this.dropped = true;
    return this;
  }

  /** Hands the float columns back to the pool once no scan reads them; the table is not read after. */
  release(): void {
    this.dropped = true;
    if (this.readers > 0) return;
    // Only the last dropped table's buffers wait for reuse: enough for a list replaced by a new one.
    pool.length = 0;
    pool.push(...this.buffers);
    this.buffers.length = 0;
  }

  private doubles(length: number): Float64Array {
    // The smallest pooled buffer that fits, else a new one.
    let best = -1;
    for (let i = 0; i < pool.length; i++) if (pool[i].length >= length && (best < 0 || pool[i].length < pool[best].length)) best = i;
    const buffer = best >= 0 ? pool.splice(best, 1)[0] : new Float64Array(length);
    this.buffers.push(buffer);
    return buffer.length === length ? buffer : buffer.subarray(0, length);
  }
}

/**
 * Float buffers of the last dropped table, reused by the next ones: a dashboard that loads a new million
 * cases every few minutes would otherwise allocate ~100 MB of fresh buffers each time, and the
 * engine answers that with full collections of a heap that holds the million cases.
 */
const pool: Float64Array[] = [];

/** Reads every record of `cases` into columns. */
export function readColumns(cases: readonly unknown[], stages: readonly ResolvedStage[], offsetMs: number): CaseColumns {
  const table = new CaseColumns(cases.length, stages.length);
  const read = recordReader(table, stages, offsetMs);
  for (let r = 0; r < cases.length; r++) read(cases[r], r);
  return table;
}

/**
 * The fields of a record after its stages and deadlines, read into `row` by CaseReader's rules;
 * false when one has something to report.
 */
function readFields(row: CaseRow, id: unknown, side: unknown, loops: unknown, level: unknown, rated: unknown, done: unknown, from: unknown, place: unknown, kind: unknown): boolean {
  if (typeof id === 'string' && id !== '') row.ownId = id;
  else if (typeof id === 'number' && Number.isFinite(id)) row.ownId = String(id);
  else return false;
  const status = side == null ? 0 : statusCode(side) + 1;
  const tier = level == null ? 0 : tierCode(level);
  const rating = rated == null ? -1 : ratingCode(rated);
  if ((side != null && status === 0) || tier < 0 || (rated != null && rating < 0)) return false;
  if (loops != null && (typeof loops !== 'number' || !Number.isSafeInteger(loops) || loops < 0)) return false;
  row.status = status;
  row.reworks = loops == null ? 0 : (loops as number);
  row.tierCode = tier;
  row.rating = rating;
  if (done != null && typeof done !== 'boolean') return false;
  row.resolved = done == null ? -1 : done ? 1 : 0;
  if ((from != null && typeof from !== 'string') || (place != null && typeof place !== 'string') || (kind != null && typeof kind !== 'string')) return false;
  row.ownChannel = from == null ? undefined : from;
  row.ownGrid = place == null ? undefined : place;
  row.ownCategory = kind == null ? undefined : kind;
  return true;
}

/**
 * Raw records read straight into a `CaseRow` when they have nothing to report (the usual record):
 * stage and deadline keys matched in stage order, times parsed in place, fields checked by
 * CaseReader's rules. False as soon as anything is off (an unknown key, a bad value, times out of
 * order…): CaseReader then reads that record and reports it.
 */
export class RecordRows {
  private readonly keys: readonly string[];
  private readonly stageIndex: ReadonlyMap<string, number>;
  /** Held in a field: a CommonJS build reads an imported function through a getter, per value here. */
  private readonly parse = parseTimestampInto;

  constructor(
    stages: readonly ResolvedStage[],
    private readonly offsetMs: number,
  ) {
    this.keys = stages.map((s) => s.key);
    this.stageIndex = new Map(this.keys.map((key, k) => [key, k]));
  }

  read(raw: unknown, row: CaseRow): boolean {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return false;
    const record = raw as Record<string, unknown>;
    const stages = record.stages;
    if (typeof stages !== 'object' || stages === null || Array.isArray(stages) || !this.times(stages as Record<string, unknown>, row.times) || !row.placeStages()) return false;
    const due = record.due;
    if (due == null) clear(row.dues);
    else if (typeof due !== 'object' || Array.isArray(due) || !this.times(due as Record<string, unknown>, row.dues)) return false;
    return readFields(row, record.id, record.status, record.reworks, record.tier, record.rating, record.resolved, record.channel, record.grid, record.category);
  }

  /** The times of `group` ({stageKey: time}) into `out` (NaN: none); false for an unknown key or a bad time. */
  private times(group: Record<string, unknown>, out: Float64Array): boolean {
    const { keys, offsetMs } = this;
    const size = keys.length;
    clear(out);
    let k = 0;
    for (const key in group) {
      // Keys come in stage order, some skipped: identity comparisons before a hash look-up.
      while (k < size && keys[k] !== key) k++;
      if (k === size && (k = this.stageIndex.get(key) ?? -1) < 0) return false;
      const value = group[key];
      if (value != null && value !== '' && !this.parse(value, offsetMs, out, k)) return false;
      k++;
    }
    return true;
  }
}

/** Every time in `out` set to none: a loop, as `fill` is a call that costs more than these few stores, twice per case. */
function clear(out: Float64Array): void {
  for (let k = 0; k < out.length; k++) out[k] = NaN;
}

/**
 * Reads a record into row r: straight (`RecordRows`) when it has nothing to report, else with a
 * CaseReader that reports nothing here, marking it `REPORT` when it would report something (an
 * error or a warning): every scan reads it again with its reporting reader, in order, so issues,
 * their paths and their order are a read's.
 */
function recordReader(table: CaseColumns, stages: readonly ResolvedStage[], offsetMs: number): (raw: unknown, r: number) => void {
  const errors = new IssueCollector(0);
  const warnings = new WarningTally();
  const quiet = new CaseReader(stages, offsetMs, errors, warnings);
  const records = new RecordRows(stages, offsetMs);
  const row = new CaseRow(stages.length);
  const { size, flags, times, dueSeen } = table;
  return (raw, r) => {
    const base = r * size;
    let flag = VALID;
    if (records.read(raw, row)) table.ids[r] = row.ownId;
    else {
      const reported = errors.total + warnings.added;
      const id = (table.ids[r] = caseIdOf(raw));
      const valid = quiet.read(raw, r);
      flag = (valid ? VALID : 0) | (errors.total + warnings.added > reported ? REPORT : 0);
      if (!valid) {
        flags[r] = flag;
        for (let k = 0; k < size; k++) times[base + k] = NaN;
        return;
      }
      row.fromReader(quiet, id);
    }
    flags[r] = flag;
    for (let k = 0; k < size; k++) {
      times[base + k] = row.times[k];
      const due = row.dues[k];
      const column = table.dues[k];
      if (due === due) {
        table.dueColumn(k)[r] = due;
        dueSeen[k] = 1;
      } else if (column) column[r] = NaN;
    }
    table.status[r] = row.status;
    table.tier[r] = row.tierCode;
    table.rating[r] = row.rating;
    table.resolved[r] = row.resolved;
    table.reworks[r] = row.reworks;
    table.channel[r] = row.ownChannel;
    table.grid[r] = row.ownGrid;
    table.category[r] = row.ownCategory;
  };
}

/** The fields of columnar input after the times, by row, as `readFields` reads them; `bad[r]` 1: row r has one to report. */
interface CheckedFields {
  bad: Uint8Array;
  /** Every id as text (read only where `bad` is 0). */
  ids: ArrayLike<string>;
  status: Uint8Array;
  tier: Uint8Array;
  rating: Int8Array;
  resolved: Int8Array;
  reworks: Float64Array;
  channel: ArrayLike<string | null | undefined>;
  grid: ArrayLike<string | null | undefined>;
  category: ArrayLike<string | null | undefined>;
}

/** A column no row has a value in. */
const NO_TEXT: ArrayLike<undefined> = { length: 0 };

/** One column of columnar input: a plain array, or a typed array (where NaN means "no value"). */
type Column = ArrayLike<unknown>;

const isColumn = (value: unknown): value is Column => Array.isArray(value) || (ArrayBuffer.isView(value) && !(value instanceof DataView));
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

const ATTRIBUTES = ['id', 'tier', 'channel', 'grid', 'category', 'status', 'rating', 'resolved', 'reworks'] as const;
const COLUMN_KEYS: readonly string[] = ['stages', 'due', ...ATTRIBUTES];

/**
 * Columnar input (`{columns: {id, stages: {stageKey: times}, due?: {stageKey: times}, tier?, …}}`:
 * the record fields, one array per field, row i of each being case i), read row by row with the
 * records' rules. Times are epoch ms or ISO strings; in a typed array NaN means "none", as null or
 * '' do in a plain one. A row with something to report is read as the record it stands for, and
 * its issues name it `cases[i]`. Problems with the columns themselves (not a list, a length other
 * than the `id` column's, an unknown key) are errors or warnings under `columns…`.
 */
export class ColumnarCases {
  readonly length: number;
  /** Problems with the columns themselves (reported on every count). */
  readonly problems: Array<{ path: string; message: string; error: boolean }> = [];
  private readonly stageColumns: Array<Column | null>;
  private readonly dueColumns: Array<Column | null>;
  private readonly typedStage: boolean[];
  private readonly typedDue: boolean[];
  /** Per stage, its column when it is a Float64Array (read as numbers, no value boxed), else null. */
  private readonly floatStage: Array<Float64Array | null>;
  private readonly floatDue: Array<Float64Array | null>;
  private readonly attributes: Map<string, Column | null>;
  private readonly idColumn: Column | null;
  private readonly tierColumn: Column | null;
  private readonly channelColumn: Column | null;
  private readonly gridColumn: Column | null;
  private readonly categoryColumn: Column | null;
  private readonly statusColumn: Column | null;
  private readonly ratingColumn: Column | null;
  private readonly resolvedColumn: Column | null;
  private readonly reworksColumn: Column | null;
  private readonly reworksTyped: boolean;
  /** Held in a field: a CommonJS build reads an imported function through a getter, per value here. */
  private readonly parse = parseTimestampInto;

  constructor(
    columns: Record<string, unknown>,
    private readonly stages: readonly ResolvedStage[],
    private readonly offsetMs: number,
  ) {
    const problems = this.problems;
    const stageMap = isObject(columns.stages) ? columns.stages : null;
    if (!stageMap) problems.push({ path: 'columns.stages', message: `expected {stageKey: [times…]}, got ${describe(columns.stages)}`, error: true });
    const firstStage = stageMap ? Object.values(stageMap).find(isColumn) : undefined;
    const n = (this.length = isColumn(columns.id) ? columns.id.length : (firstStage?.length ?? 0));
    const column = (value: unknown, path: string): Column | null => {
      if (value == null) return null;
      if (!isColumn(value)) problems.push({ path, message: `expected an array or a typed array, got ${describe(value)}; ignored`, error: true });
      else if (value.length !== n) problems.push({ path, message: `expected ${n} values (one per case), got ${value.length}; ignored`, error: true });
      else return value;
      return null;
    };
    const byStage = (group: 'stages' | 'due'): Array<Column | null> => {
      const map = group === 'stages' ? stageMap : columns.due;
      const out: Array<Column | null> = stages.map(() => null);
      if (map == null || (group === 'stages' && !stageMap)) return out;
      if (!isObject(map)) {
        problems.push({ path: `columns.${group}`, message: `expected {stageKey: [times…]}, got ${describe(map)}; ignored`, error: true });
        return out;
      }
      for (const key of Object.keys(map)) {
        const k = stages.findIndex((s) => s.key === key);
        const path = `columns.${group}.${pathKey(key)}`;
        if (k < 0) problems.push({ path, message: `unknown stage key ${describe(key)} (expected ${stages.map((s) => s.key).join(' | ')}); ignored`, error: false });
        else out[k] = column(map[key], path);
      }
      return out;
    };
    this.stageColumns = byStage('stages');
    this.dueColumns = byStage('due');
    this.attributes = new Map<string, Column | null>(ATTRIBUTES.map((name) => [name, column(columns[name], `columns.${name}`)]));
    for (const key of Object.keys(columns)) {
      if (!COLUMN_KEYS.includes(key)) problems.push({ path: `columns.${pathKey(key)}`, message: `unknown column ${describe(key)} (expected ${COLUMN_KEYS.join(' | ')}); ignored`, error: false });
    }
    this.typedStage = this.stageColumns.map((c) => c !== null && !Array.isArray(c));
    this.typedDue = this.dueColumns.map((c) => c !== null && !Array.isArray(c));
    this.floatStage = this.stageColumns.map((c) => (c instanceof Float64Array ? c : null));
    this.floatDue = this.dueColumns.map((c) => (c instanceof Float64Array ? c : null));
    [this.idColumn, this.tierColumn, this.channelColumn, this.gridColumn, this.categoryColumn, this.statusColumn, this.ratingColumn, this.resolvedColumn, this.reworksColumn] =
      ATTRIBUTES.map((name) => this.attributes.get(name)!);
    this.reworksTyped = this.reworksColumn !== null && !Array.isArray(this.reworksColumn);
  }

  /** Row r with nothing to report into `row` (false as soon as anything is off: CaseReader then reads it), by CaseReader's rules. */
  row(r: number, row: CaseRow): boolean {
    const fields = (this.fields ??= this.checkFields());
    if (fields.bad[r] === 1) return false;
    if (!this.times(r, this.stageColumns, this.floatStage, this.typedStage, row.times) || !row.placeStages()) return false;
    if (!this.times(r, this.dueColumns, this.floatDue, this.typedDue, row.dues)) return false;
    row.ownId = fields.ids[r];
    row.status = fields.status[r];
    row.reworks = fields.reworks[r];
    row.tierCode = fields.tier[r];
    row.rating = fields.rating[r];
    row.resolved = fields.resolved[r];
    row.ownChannel = fields.channel[r] ?? undefined;
    row.ownGrid = fields.grid[r] ?? undefined;
    row.ownCategory = fields.category[r] ?? undefined;
    return true;
  }

  /** The fields after the times, checked column by column (see `checkFields`), once. */
  private fields: CheckedFields | undefined;

  /**
   * Every row's fields after its times, read by `readFields`' rules one column at a time: a pass
   * down one column is a few ms on a million rows, where the same checks row by row (ten columns
   * side by side) cost ~300 ms of a 700 ms count (funnel bench, columnar input).
   */
  private checkFields(): CheckedFields {
    const n = this.length;
    const bad = new Uint8Array(n);
    /** A text column as it is (null and undefined read as none), its non-text values marked bad. */
    const text = (column: Column | null): ArrayLike<string | null | undefined> => {
      if (column === null) return NO_TEXT;
      for (let r = 0; r < n; r++) {
        const value = column[r];
        if (typeof value !== 'string' && value != null) bad[r] = 1;
      }
      return column as ArrayLike<string | null | undefined>;
    };
    // The id column as it is while every id is text; numbers are ids as text.
    const idColumn = this.idColumn;
    let ids: ArrayLike<unknown> = idColumn ?? NO_TEXT;
    for (let r = 0; r < n; r++) {
      const id = ids[r];
      if (typeof id === 'string' && id !== '') continue;
      if (typeof id === 'number' && Number.isFinite(id)) {
        if (ids === idColumn) ids = Array.from(idColumn);
        (ids as unknown[])[r] = String(id);
      } else bad[r] = 1;
    }
    // Codes of the side flow, tier, rating and resolution (0 / -1: none); a value with no code is bad.
    const status = new Uint8Array(n);
    const tier = new Uint8Array(n);
    const rating = new Int8Array(n).fill(-1);
    const resolved = new Int8Array(n).fill(-1);
    const { statusColumn, tierColumn, ratingColumn, resolvedColumn } = this;
    if (statusColumn !== null)
      for (let r = 0; r < n; r++) {
        const value = statusColumn[r];
        if (value == null) continue;
        const c = statusCode(value);
        if (c < 0) bad[r] = 1;
        else status[r] = c + 1;
      }
    if (tierColumn !== null)
      for (let r = 0; r < n; r++) {
        const value = tierColumn[r];
        if (value == null) continue;
        const c = tierCode(value);
        if (c < 0) bad[r] = 1;
        else tier[r] = c;
      }
    if (ratingColumn !== null)
      for (let r = 0; r < n; r++) {
        const value = ratingColumn[r];
        if (value == null) continue;
        const c = ratingCode(value);
        if (c < 0) bad[r] = 1;
        else rating[r] = c;
      }
    if (resolvedColumn !== null)
      for (let r = 0; r < n; r++) {
        const value = resolvedColumn[r];
        if (value === true) resolved[r] = 1;
        else if (value === false) resolved[r] = 0;
        else if (value != null) bad[r] = 1;
      }
    const reworks = new Float64Array(n);
    const loopsColumn = this.reworksColumn;
    if (loopsColumn !== null) {
      for (let r = 0; r < n; r++) {
        const loops = loopsColumn[r];
        // NaN in a typed column: none.
        if (loops == null || (this.reworksTyped && loops !== loops)) continue;
        if (typeof loops !== 'number' || !Number.isSafeInteger(loops) || loops < 0) bad[r] = 1;
        else reworks[r] = loops;
      }
    }
    return { bad, ids: ids as ArrayLike<string>, status, tier, rating, resolved, reworks, channel: text(this.channelColumn), grid: text(this.gridColumn), category: text(this.categoryColumn) };
  }

  /** The times of row r in `columns` (stage by stage) into `out` (NaN: none); false when one is bad. */
  private times(r: number, columns: Array<Column | null>, floats: Array<Float64Array | null>, typed: boolean[], out: Float64Array): boolean {
    for (let k = 0; k < out.length; k++) {
      const float = floats[k];
      if (float !== null) {
        // NaN is no time; a number beyond Date's range is a bad one (the row is then read as a record, which reports it).
        const t = float[r];
        if (t === t && !(t >= -LATEST && t <= LATEST)) return false;
        out[k] = t;
        continue;
      }
      out[k] = NaN;
      const value = columns[k]?.[r];
      // A typed column's NaN is no time, as null or '' are in a plain one.
      if (value == null || value === '' || (typed[k] && value !== value)) continue;
      if (!this.parse(value, this.offsetMs, out, k)) return false;
    }
    return true;
  }

  /** Row r's id as `caseIdOf` reads the record it stands for. */
  idAt(r: number): string | undefined {
    const id = this.idColumn?.[r];
    if (typeof id === 'string') return id === '' ? undefined : id;
    return typeof id === 'number' && Number.isFinite(id) ? String(id) : undefined;
  }

  /** Every row as the record it stands for (a count from a table reads those). */
  records(): unknown[] {
    return Array.from({ length: this.length }, (_, r) => this.recordAt(r));
  }

  /** The record row r stands for (fields with a value only), for CaseReader and its messages. */
  recordAt(r: number): Record<string, unknown> {
    const { stages } = this;
    const record: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
    const group = (values: Array<Column | null>, typed: boolean[]) => {
      const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
      values.forEach((c, k) => {
        const value = c?.[r];
        if (c && !(typed[k] && value !== value)) out[stages[k].key] = value;
      });
      return out;
    };
    for (const [name, values] of this.attributes) {
      const value = values?.[r];
      if (values && value != null && !(!Array.isArray(values) && value !== value)) record[name] = value;
    }
    record.stages = group(this.stageColumns, this.typedStage);
    if (this.dueColumns.some((c) => c !== null)) record.due = group(this.dueColumns, this.typedDue);
    return record;
  }
}

/**
 * The columns kept per case list (one stage list and offset per list: the latest asked for), least
 * recently counted first, up to `maxCases` cases in all (the columns of a million take ~130 MB): a
 * page that swaps its data does not keep every earlier list's columns, and the short lists of a
 * one-off count do not push out a big one in use. A dropped table's buffers go back to the pool.
 */
export class KeptTables {
  private readonly byList = new WeakMap<object, { signature: string; table: CaseColumns }>();
  /** Lists counted once: their columns are kept from the second count on. */
  private readonly seen = new WeakSet<object>();
  private readonly order: Array<{ list: WeakRef<object>; table: CaseColumns }> = [];
  /** A list the page let go of takes its table with it. */
  private readonly gone = new FinalizationRegistry<CaseColumns>((table) => this.drop(this.order.findIndex((kept) => kept.table === table)));

  constructor(readonly maxCases: number) {}

  /** The kept table of `list` for `signature` (marked as just counted), or undefined. */
  get(list: object, signature: string): CaseColumns | undefined {
    const entry = this.byList.get(list);
    if (!entry || entry.signature !== signature) return undefined;
    const at = this.order.findIndex((kept) => kept.table === entry.table);
    if (at >= 0 && at < this.order.length - 1) this.order.push(...this.order.splice(at, 1));
    return entry.table;
  }

  /** Whether `list` was counted before; marks it counted. */
  counted(list: object): boolean {
    if (this.seen.has(list)) return true;
    this.seen.add(list);
    return false;
  }

  /**
   * Keeps `table` for `list` when the list was counted before; otherwise the table serves this
   * count only. A list counted once (new data on every call) then costs no memory after the count,
   * and one counted again (a filter, a period, a scope unit) is read once more and then kept.
   */
  offer(list: object, signature: string, table: CaseColumns): CaseColumns {
    if (this.seen.has(list)) this.set(list, signature, table);
    else {
      this.seen.add(list);
      table.dropAfterUse();
    }
    return table;
  }

  set(list: object, signature: string, table: CaseColumns): void {
    const previous = this.byList.get(list);
    if (previous) this.drop(this.order.findIndex((kept) => kept.table === previous.table));
    // Lists collected since (before their finalizers ran) go first.
    for (let at = this.order.length - 1; at >= 0; at--) if (this.order[at].list.deref() === undefined) this.drop(at);
    this.byList.set(list, { signature, table });
    this.order.push({ list: new WeakRef(list), table });
    this.gone.register(list, table, table);
    let total = this.order.reduce((sum, kept) => sum + kept.table.length, 0);
    while (total > this.maxCases && this.order.length > 1) {
      total -= this.order[0].table.length;
      this.drop(0);
    }
  }

  private drop(at: number): void {
    if (at < 0) return;
    const [{ list, table }] = this.order.splice(at, 1);
    this.gone.unregister(table);
    const alive = list.deref();
    if (alive && this.byList.get(alive)?.table === table) this.byList.delete(alive);
    table.release();
  }
}

const kept = new KeptTables(2_000_000);

/** Lists made of some records of another list (`subsetOf`): counted from that list's columns. */
const subsets = new WeakMap<readonly unknown[], { whole: readonly unknown[]; rows: Int32Array }>();

const signatureOf = (stages: readonly ResolvedStage[], offsetMs: number) => `${offsetMs}\u0000${stages.map((s) => s.key).join('\u0000')}`;

/** What a scan of `cases` reads: a table and, for a subset of a list already read, its rows in it. */
export interface CaseSource {
  table: CaseColumns;
  /** Row in `table` of each record of `cases`; null when the table is the list's own. */
  rows: Int32Array | null;
}

/**
 * The columns kept for `cases` (its own, or a kept list's for a subset of it), or null when none
 * are kept: the count then reads the records directly, unless `countedBefore` says it is worth
 * reading them into columns (kept from then on).
 */
export function keptColumns(cases: readonly unknown[], stages: readonly ResolvedStage[], offsetMs: number): CaseSource | null {
  const signature = signatureOf(stages, offsetMs);
  const own = kept.get(cases, signature);
  if (own && own.length === cases.length) return { table: own, rows: null };
  const subset = subsets.get(cases);
  if (subset && subset.rows.length === cases.length) {
    const whole = kept.get(subset.whole, signature);
    if (whole && whole.length === subset.whole.length) return { table: whole, rows: subset.rows };
  }
  return null;
}

/** Whether `input` was counted before (its next count reads it into columns, kept from then on); marks it counted. */
export const countedBefore = (input: object): boolean => kept.counted(input);

/**
 * Says `input` will be counted again and again (a scope's units and windows): its first count
 * already reads it into columns, kept, so the next ones (and its subsets) read no record.
 */
export const willRecount = (input: object): void => void kept.counted(input);

/** A table of `input` for one scan only (not kept: its buffers go back to the pool after the scan). */
export function scanOnce(cases: readonly unknown[], stages: readonly ResolvedStage[], offsetMs: number): CaseSource {
  return { table: readColumns(cases, stages, offsetMs).dropAfterUse(), rows: null };
}

/** The columns of `cases` (read now, or kept from an earlier count of the same array: see `KeptTables.offer`). */
export function caseColumns(cases: readonly unknown[], stages: readonly ResolvedStage[], offsetMs: number): CaseSource {
  const signature = signatureOf(stages, offsetMs);
  const own = kept.get(cases, signature);
  if (own && own.length === cases.length) return { table: own, rows: null };
  const subset = subsets.get(cases);
  if (subset && subset.rows.length === cases.length) {
    const whole = kept.get(subset.whole, signature);
    if (whole && whole.length === subset.whole.length) return { table: whole, rows: subset.rows };
  }
  return { table: kept.offer(cases, signature, readColumns(cases, stages, offsetMs)), rows: null };
}

/**
 * Records `rows` of `whole` as a new list (in that order), remembered as such: counting it reads
 * the whole list's columns at those rows instead of the records.
 */
export function subsetOf(whole: readonly unknown[], rows: Int32Array): unknown[] {
  const cases = Array.from(rows, (row) => whole[row]);
  subsets.set(cases, { whole, rows });
  return cases;
}

/**
 * For a list with repeated ids (ids are text: 7 and "7" are one case): per record of the scan
 * (`rows` of `table`, or every row), the index of the record its id counts as when this one is a
 * skipped duplicate, else -1; null when no id repeats (the usual case). An id counts as its last
 * valid record, because a backend that resends a case sends its newer state; an invalid resend
 * does not erase an earlier valid record.
 */
export function duplicateKeepers(table: CaseColumns, rows: Int32Array | null): Int32Array | null {
  const { ids, flags } = table;
  const found = repeatedIds(rows ? rows.length : table.length, rows ? (j) => ids[rows[j]] : (j) => ids[j]);
  if (!found) return null;
  const { slots, previous, repeats } = found;
  const keepers = new Int32Array(previous.length).fill(-1);
  for (const slot of repeats) {
    let keep = -1;
    for (let j = slots[slot]; j >= 0; j = previous[j]) {
      if (flags[rows ? rows[j] : j] & VALID) {
        keep = j;
        break;
      }
    }
    if (keep < 0) continue;
    for (let j = slots[slot]; j >= 0; j = previous[j]) if (j !== keep) keepers[j] = keep;
  }
  return keepers;
}

/**
 * Ids `idAt(0…n−1)` that occur more than once, found by a hash in a typed open-addressing table
 * (equal strings confirmed on collision): per repeated id the slot of its last record in `slots`,
 * each record's earlier record of its id in `previous` (-1: none). Null when no id repeats.
 */
export function repeatedIds(n: number, idAt: (j: number) => string | undefined): { slots: Int32Array; previous: Int32Array; repeats: number[] } | null {
  let capacity = 16;
  while (capacity < n * 2) capacity *= 2;
  const mask = capacity - 1;
  const slots = new Int32Array(capacity).fill(-1); // latest record of the id hashed there
  const previous = new Int32Array(n); // earlier record of the same id, or -1
  let repeats: number[] | null = null;
  for (let j = 0; j < n; j++) {
    const id = idAt(j);
    previous[j] = -1;
    if (id === undefined) continue;
    let h = 0x811c9dc5;
    for (let c = 0; c < id.length; c++) h = Math.imul(h ^ id.charCodeAt(c), 0x01000193);
    let slot = h & mask;
    for (;;) {
      const at = slots[slot];
      if (at < 0) break;
      if (idAt(at) === id) {
        // The id's second record: remember its slot once.
        if (previous[at] < 0) (repeats ??= []).push(slot);
        previous[j] = at;
        break;
      }
      slot = (slot + 1) & mask;
    }
    slots[slot] = j;
  }
  return repeats ? { slots, previous, repeats } : null;
}

/**
 * One record at a time, as the counting reads it (the scan's `CaseAttributes`): a row of a table
 * (`load`), or a record read directly (the first count of a list: `fromReader`, or
 * `ColumnarCases.row`). A table's text fields are read from it only when asked for (a filter or a
 * breakdown): storing four strings per case a million times costs more than the counting itself.
 */
export class CaseRow {
  readonly times: Float64Array;
  readonly dues: Float64Array;
  status = 0;
  reworks = 0;
  rating = -1;
  resolved = -1;
  firstTime = NaN;
  lastStage = -1;
  /** A record read directly: its fields (the table's when `load`ed). */
  tierCode = 0;
  ownId: string | undefined = undefined;
  ownChannel: string | undefined = undefined;
  ownGrid: string | undefined = undefined;
  ownCategory: string | undefined = undefined;
  private table: CaseColumns | null = null;
  private row = 0;
  private index = 0;

  constructor(readonly size: number) {
    this.times = new Float64Array(size);
    this.dues = new Float64Array(size);
  }

  get id(): string {
    const id = this.table === null ? this.ownId : this.table.ids[this.row];
    return id === undefined ? `#${this.index}` : id;
  }

  /** Where the case is in the scanned list (`#position` is the id of a case without one). */
  get position(): number {
    return this.index;
  }

  get tier(): Tier | undefined {
    return TIER_CODES[this.table === null ? this.tierCode : this.table.tier[this.row]];
  }

  get channel(): string | undefined {
    return this.table === null ? this.ownChannel : this.table.channel[this.row];
  }

  get grid(): string | undefined {
    return this.table === null ? this.ownGrid : this.table.grid[this.row];
  }

  get category(): string | undefined {
    return this.table === null ? this.ownCategory : this.table.category[this.row];
  }

  /** Loads record `row` of `table`, read as record `index` of the scanned list. */
  load(table: CaseColumns, row: number, index: number): void {
    const { size, times, dues } = this;
    const base = row * size;
    let first = NaN;
    let last = -1;
    for (let k = 0; k < size; k++) {
      const t = (times[k] = table.times[base + k]);
      const column = table.dues[k];
      dues[k] = column === null ? NaN : column[row];
      if (t !== t) continue;
      if (last < 0) first = t;
      last = k;
    }
    this.firstTime = first;
    this.lastStage = last;
    if (this.table !== table) this.table = table;
    this.row = row;
    this.index = index;
    this.status = table.status[row];
    this.reworks = table.reworks[row];
    this.rating = table.rating[row];
    this.resolved = table.resolved[row];
  }

  /** Starts reading record `index` of a list directly (its fields are set by the reader). */
  direct(index: number): void {
    this.table = null;
    this.index = index;
  }

  /**
   * Sets `firstTime` and `lastStage` from the stage times; false when no stage is reached or the
   * times go back (a record with something to report).
   */
  placeStages(): boolean {
    const { times, size } = this;
    let first = NaN;
    let previous = NaN;
    let last = -1;
    for (let k = 0; k < size; k++) {
      const t = times[k];
      if (t !== t) continue;
      if (t < previous) return false;
      if (last < 0) first = t;
      previous = t;
      last = k;
    }
    this.firstTime = first;
    this.lastStage = last;
    return last >= 0;
  }

  /** The record a CaseReader has just read (valid), with `id` its usable id if any (`caseIdOf`). */
  fromReader(reader: CaseReader, id: string | undefined): void {
    this.times.set(reader.times);
    this.dues.set(reader.dues);
    this.firstTime = reader.firstTime;
    this.lastStage = reader.lastStage;
    this.status = reader.status;
    this.reworks = reader.reworks;
    this.rating = reader.rating;
    this.resolved = reader.resolved;
    this.tierCode = tierCode(reader.tier);
    this.ownId = id;
    this.ownChannel = reader.channel;
    this.ownGrid = reader.grid;
    this.ownCategory = reader.category;
  }
}
