/**
 * The colours of the shown units, pure: one class per unit from its level's scale (built when a
 * level is first shown and kept while the scale settings and metric stay, so colours never jump),
 * written into the RGBA buffer the deck layer reads, with the counts per class, and the packed
 * geometry of the drill states seen and of the units without a value (drawn hatched).
 */
import type { ColorClass, ColorScale } from '../../core/color';
import type { DrillState, GridIndex } from './hierarchy';
import type { GridLevel } from './levels';
import { buildPolygonPack, type PolygonPack } from './pack';
import { levelScale, type GridScaleOptions } from './scales';

export interface Coloring {
  classes: readonly ColorClass[];
  /** Shown units per class, in class order. */
  counts: number[];
  /** Shown units without a value. */
  noData: number;
  /** Why the level's scale could not be built (an unusable palette); null when it was. */
  scaleError: string | null;
}

/** Drill states whose packed geometry is kept (going back up is instant). */
const KEPT_PACKS = 8;

const rgba32 = (rgba: readonly number[]) => new Uint32Array(Uint8Array.from(rgba).buffer)[0];

/** The colouring of one data set (a new index gets a new one). */
export class GridColoring {
  /** RGBA per unit of the index. */
  readonly colors: Uint8Array;
  /** Bumped on every recolour: what tells the deck layer to re-read `colors`. */
  version = 0;
  /** The shown units without a value, packed (null when there are none). */
  noDataPack: PolygonPack | null = null;

  private noDataUnits = new Int32Array(0);
  private readonly scales = new Map<GridLevel, ColorScale | null>();
  private scalesKey = '';
  private options: GridScaleOptions | null = null;
  private readonly packs = new Map<string, PolygonPack>();

  constructor(private readonly index: GridIndex) {
    this.colors = new Uint8Array(index.size * 4);
  }

  /** The scale settings (and the metric they colour); true when they changed, so the scales are built anew. */
  setScaleOptions(options: GridScaleOptions, metric: string | undefined): boolean {
    const key = [metric, options.type, String(options.palette), options.classes, JSON.stringify(options.thresholds), JSON.stringify(options.domain)].join('|');
    this.options = options;
    if (key === this.scalesKey) return false;
    this.scalesKey = key;
    this.scales.clear();
    return true;
  }

  /** The packed geometry of the units a drill state shows. */
  pack(drill: DrillState, visible: ArrayLike<number>): PolygonPack {
    const key = `${drill.level}|${drill.focus ?? ''}`;
    let pack = this.packs.get(key);
    if (!pack) {
      pack = buildPolygonPack(this.index, visible);
      if (this.packs.size >= KEPT_PACKS) this.packs.delete(this.packs.keys().next().value!);
      this.packs.set(key, pack);
    }
    return pack;
  }

  /** Colours the shown units (`noDataRgba` for those without a value) and bumps the version. */
  recolor(drill: DrillState, visible: Int32Array, values: Float64Array, noDataRgba: readonly number[]): Coloring {
    let scaleError: string | null = null;
    let scale = this.scales.get(drill.level) ?? null;
    if (!scale && this.options) {
      try {
        scale = levelScale(this.index, values, drill.level, this.options);
      } catch (error) {
        scaleError = (error as Error).message;
      }
      this.scales.set(drill.level, scale);
    }
    // One pass over the shown units: class, colour (as one 32-bit write) and count.
    const classes = scale?.classes ?? [];
    const classColors = Uint32Array.from(classes, (c) => rgba32(c.rgba));
    const noDataColor = rgba32(noDataRgba);
    const colors32 = new Uint32Array(this.colors.buffer, this.colors.byteOffset, this.colors.length >> 2);
    const counts = new Array<number>(classes.length).fill(0);
    const missing: number[] = [];
    // An index loop: it runs once per recolour, mostly before the optimizing compiler has seen
    // it, where `for…of` over a typed array goes through the iterator protocol for every unit.
    for (let i = 0; i < visible.length; i++) {
      const u = visible[i];
      const k = scale ? scale.classOf(values[u]) : -1;
      if (k >= 0) {
        colors32[u] = classColors[k];
        counts[k]++;
      } else {
        colors32[u] = noDataColor;
        missing.push(u);
      }
    }
    this.updateNoDataPack(drill, visible, missing);
    this.version++;
    return { classes, counts, noData: missing.length, scaleError };
  }

  /** The hatch overlay's geometry: rebuilt only when the set of units without a value changes. */
  private updateNoDataPack(drill: DrillState, visible: Int32Array, missing: number[]): void {
    const same = missing.length === this.noDataUnits.length && missing.every((u, k) => u === this.noDataUnits[k]);
    if (same && (this.noDataPack || !missing.length)) return;
    this.noDataUnits = Int32Array.from(missing);
    if (!missing.length) this.noDataPack = null;
    else if (missing.length === visible.length) this.noDataPack = this.pack(drill, visible);
    else this.noDataPack = buildPolygonPack(this.index, this.noDataUnits);
  }
}
