/**
 * Validation and packing of the risk layer's data into a `RiskTable`, redone when the data, its
 * CRS or the map's display CRS change. A newer pack aborts an older one (a stale result never
 * lands); big inputs are packed in slices with progress.
 */
import type { Crs } from '../core/crs';
import type { CityProgressDetail } from '../core/events';
import { describeValue, type ValidationIssue } from '../core/validation';
import { packRisksAsync, type RiskTable } from './model/table';

/** Records this large are packed in slices with a progress bar. */
const ASYNC_PACK_THRESHOLD = 50_000;

export interface RiskPackerHooks {
  progress(progress: CityProgressDetail | null): void;
  /** The data's issues (`total` may exceed the issues listed). */
  issues(issues: ValidationIssue[], total: number): void;
  table(table: RiskTable): void;
}

export class RiskPacker {
  private packedFor: { data: unknown; crs: Crs; displayCrs: Crs } | null = null;
  private abort: AbortController | null = null;
  /** The latest pack (replaced by each new one). */
  packing: Promise<void> = Promise.resolve();

  constructor(private readonly hooks: RiskPackerHooks) {}

  /** The CRS the current table's positions are in. */
  get displayCrs(): Crs {
    return this.packedFor?.displayCrs ?? 'wgs84';
  }

  /** Packs `data` unless it is already packed for these CRSs. */
  update(data: unknown, crs: Crs, displayCrs: Crs): void {
    const packed = this.packedFor;
    if (data === null || (packed && Object.is(packed.data, data) && packed.crs === crs && packed.displayCrs === displayCrs)) return;
    this.packing = this.pack(data, crs, displayCrs);
  }

  cancel(): void {
    this.abort?.abort();
    this.abort = null;
  }

  private async pack(data: unknown, crs: Crs, displayCrs: Crs): Promise<void> {
    this.cancel();
    const abort = new AbortController();
    this.abort = abort;
    this.packedFor = { data, crs, displayCrs };
    try {
      // Inside the try: a revoked proxy makes even Array.isArray throw.
      const total = Array.isArray(data) ? data.length : 0;
      const big = total >= ASYNC_PACK_THRESHOLD;
      const onProgress = big ? (done: number) => this.hooks.progress({ done, total, phase: 'parse' }) : undefined;
      const result = await packRisksAsync(data, { crs, displayCrs }, { signal: abort.signal, chunk: big ? 100_000 : Math.max(total, 1), onProgress });
      if (abort.signal.aborted) return;
      if (big) this.hooks.progress(null);
      this.hooks.issues(result.issues, result.issueTotal);
      this.hooks.table(result.table);
    } catch (error) {
      // Never thrown out of the element: e.g. an array too long to allocate is reported instead.
      if ((error as Error)?.name !== 'AbortError') this.hooks.issues([{ path: '', message: `Risk data could not be read: ${describeValue(String(error), 120)}`, severity: 'error', code: 'wrong-type' }], 1);
    }
  }
}
