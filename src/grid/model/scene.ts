/**
 * What the grid shows, pure: the indexed units, their values, the drill state and the units it
 * shows, their colours and ranking. The element feeds it inputs and reports what it returns.
 */
import { errorMessage, type ValidationIssue } from '../../core/validation';
import { GridColoring, type Coloring } from './coloring';
import { rankByValue, resolveDrill, sameDrill, unitsBounds, type Bounds, type DrillRequest, type DrillResolution } from './drill';
import { GridIndex, type DrillState, type LonLatTransform } from './hierarchy';
import { UnitPicker } from './pick';
import { validateGridCollection } from './validate';
import { KeyUnits, resolveValues } from './values';

export class GridScene {
  index: GridIndex | null = null;
  coloring: GridColoring | null = null;
  /** Value per unit of the index (NaN: no data). */
  values: Float64Array = new Float64Array(0);
  drill: DrillState | null = null;
  /** The units shown, and their extent. */
  visible: Int32Array = new Int32Array(0);
  bounds: Bounds | null = null;
  /** The last `values` input that was accepted (null: the metric): shown again when a new one is rejected. */
  private goodValues: unknown = null;
  private ranked: Int32Array | null = null;
  private picker: UnitPicker | null = null;
  private keyUnits = new KeyUnits();

  /**
   * Validates and indexes `raw` (into the display CRS through `transform`): values, drill state and
   * colours then start over. When nothing in it is usable, or it cannot be read at all (a throwing
   * getter, a revoked Proxy: `unreadable` says why), the units shown stay.
   */
  load(raw: unknown, transform: LonLatTransform | null): { loaded: boolean; issues: ValidationIssue[]; total: number; unreadable?: string } {
    try {
      const validation = validateGridCollection(raw);
      const loaded = !(validation.rejected && this.index?.size);
      if (loaded) {
        this.index = new GridIndex(validation.units, transform, validation.lookup, validation.geometry);
        this.coloring = new GridColoring(this.index);
        this.drill = null;
        this.picker = null;
        this.keyUnits = new KeyUnits();
      }
      return { loaded, issues: validation.issues, total: validation.total };
    } catch (error) {
      return { loaded: false, issues: [], total: 0, unreadable: `the data could not be read: ${errorMessage(error)}` };
    }
  }

  /** Values from `input` (a rejected one keeps the last good one) or the `metric` property; the issues to report. */
  setValues(input: unknown, metric: string | undefined): { valueIssues: ValidationIssue[]; valueTotal: number; metricIssues: ValidationIssue[]; metricTotal: number } {
    const result = resolveValues(this.index!, input, this.goodValues, metric, this.keyUnits);
    this.values = result.values;
    if (result.from === 'values') this.goodValues = input;
    else if (input == null) this.goodValues = null;
    return result;
  }

  /**
   * The drill state `request` describes (null when there are no units); `changed`: other units
   * are shown now (the first state counts as a change, `first` says it is the first).
   */
  setDrill(request: DrillRequest): { resolved: DrillResolution | null; changed: boolean; first: boolean } {
    const index = this.index!;
    const resolved = resolveDrill(index, request);
    const first = !this.drill;
    const changed = !sameDrill(this.drill, resolved?.state ?? null) || !resolved;
    this.drill = resolved?.state ?? null;
    if (changed) {
      this.visible = resolved ? index.visibleUnits(resolved.state) : new Int32Array(0);
      this.bounds = unitsBounds(index, this.visible);
      this.ranked = null;
      this.picker = null;
    }
    return { resolved, changed, first };
  }

  /** Colours the shown units (`noDataRgba` for those without a value); null without a drill state. */
  recolor(noDataRgba: readonly number[]): Coloring | null {
    if (!this.drill || !this.coloring) return null;
    this.ranked = null;
    return this.coloring.recolor(this.drill, this.visible, this.values, noDataRgba);
  }

  /** The shown units by value, largest first, no data last; computed once per recolour. */
  order(): Int32Array {
    this.ranked ??= rankByValue(this.values, this.visible);
    return this.ranked;
  }

  /** The shown unit at (x, y) in the display CRS; -1 for none. Its index is built on the first pick after a drill. */
  unitAt(x: number, y: number): number {
    if (!this.index || !this.drill) return -1;
    this.picker ??= new UnitPicker(this.index, this.visible);
    return this.picker.unitAt(x, y);
  }

  /** A unit's value; null for no data or no unit. */
  valueOf(unit: number): number | null {
    return unit >= 0 && Number.isFinite(this.values[unit]) ? this.values[unit] : null;
  }

  /** The unit of an id (-1: none, or no data yet). */
  unitOf(id: string | null | undefined): number {
    return id != null && this.index ? this.index.indexOf(id) : -1;
  }
}
