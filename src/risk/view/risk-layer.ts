/**
 * The deck.gl layer of `<city-risk-layer>`: one `RiskLayer` (a CompositeLayer, typed props, typed
 * picking info) that draws heat (weighted density), hexagons (highest level or count per cell) or
 * one symbol per record by `mode`. Heat and hex read binary attributes packed once per data set and
 * filter on the GPU: a time-window, category, level or scope-unit change only changes uniforms
 * (plus a GPU re-aggregation from the same buffers). Points draw only the shown records in view
 * (a software GPU pays for every instance, hidden or not), filtered and culled on the CPU.
 */
import { CompositeLayer, type Color, type DefaultProps, type GetPickingInfoParams, type Layer, type PickingInfo, type UpdateParameters } from '@deck.gl/core';
import { HeatmapLayer } from '@deck.gl/aggregation-layers';
import { ScatterplotLayer, SolidPolygonLayer } from '@deck.gl/layers';
import type { DataFilterExtensionProps } from '@deck.gl/extensions';
import { toRgba, type Rgba } from '../../core/color';
import type { HexMetric, RiskMode, RiskSettings } from '../model/attributes';
import { pointScale, type RiskDrawing } from '../model/display';
import { HEAT_RAMP, HEX_COUNT_RAMP, RISK_COLORS_RGBA } from '../model/colors';
import { heatTexelDomain, radiusScale, type RadiusScale } from '../model/domain';
import { boxServes, cullBoxFor, cullRows, type CullBox, type CullView } from '../model/cull';
import { HexBinning } from '../model/hexbins';
import { categoryKey, visibleRows, type CompiledFilter, type RiskShown } from '../model/filter';
import { LEVEL_BY_RANK, type RiskLevel } from '../model/level';
import type { RiskTable } from '../model/table';
import { dataFilterModuleProps, filterKey, riskFilterExtension } from './filter-extension';
import { hexCellAt, hexDrawing, type HexDrawing } from './hex-cells';
import type { RiskColors } from './palette';

type BinaryData = { length: number; attributes: Record<string, { value: ArrayLike<number>; size: number; normalized?: boolean }> };

/**
 * Heat's binary data over every row. deck.gl uploads a binary attribute again only when its array
 * changes identity, so each column is built once per input it depends on and reused: new unit keys
 * re-upload the filter values, nothing else (points and hexagons gather what they draw from them).
 */
interface RiskLayerData {
  heat: BinaryData;
}

/** Points mode's culled rows (see model/cull) and their columns, for one view box, filter and palette. */
interface CulledPoints {
  box: CullBox;
  filter: CompiledFilter;
  columns: RiskColumns;
  /** Table rows drawn, ascending; a pick's index is a position in it. */
  rows: Uint32Array;
  data: BinaryData;
}

function buildCulledPoints(table: RiskTable, filter: CompiledFilter, columns: RiskColumns, box: CullBox): CulledPoints {
  const { rows } = cullRows(table, filter, box);
  const n = rows.length;
  const positions = new Float64Array(n * 3);
  const fillColors = new Uint8Array(n * 4);
  const radii = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const row = rows[i];
    positions.set(table.positions.subarray(3 * row, 3 * row + 3), 3 * i);
    fillColors.set(columns.fillColors.subarray(4 * row, 4 * row + 4), 4 * i);
    radii[i] = columns.radii[row];
  }
  const data = { length: n, attributes: { getPosition: { value: positions, size: 3 }, getFillColor: { value: fillColors, size: 4, normalized: true }, getRadius: { value: radii, size: 1 } } };
  return { box, filter, columns, rows, data };
}

const NO_POINTS: BinaryData = { length: 0, attributes: { getPosition: { value: new Float64Array(0), size: 3 } } };

/**
 * Heat's data: all rows, filtered on the GPU (a change moves uniforms only), unless the time,
 * category and level filters keep under half of them (and some) — then only those rows: the
 * weights pass runs once per record handed to it, shown or not, and a software GPU pays for each.
 * The GPU filter stays on (it still applies the scope's unit, so selecting a unit moves uniforms
 * only), and switching between the two never rebuilds the layer.
 */
interface HeatData {
  /** The time, category and level filter the data was cut for (see `heatCut`). */
  cut: string;
  columns: RiskColumns;
  data: BinaryData;
}

/** What decides heat's rows: the filter without its unit. */
const heatCut = (filter: CompiledFilter) => `${filter.range.join(',')}|${filter.categoryOn.join('')}|${filter.levelOn.join('')}`;

function buildHeatData(table: RiskTable, filter: CompiledFilter, columns: RiskColumns, buffers: RiskLayerData): HeatData {
  const cut = heatCut(filter);
  const withoutUnit: CompiledFilter = { ...filter, unitKeys: null, unitRows: null, unitRowColumns: null, unitEverything: true, unitLevelCounts: null };
  const rows = filter.windowed || filter.categoryOn.includes(0) || filter.levelOn.slice(1).includes(0) ? visibleRows(table, withoutUnit) : null;
  if (!rows || rows.length === 0 || rows.length * 2 >= table.length) return { cut, columns, data: buffers.heat };
  const n = rows.length;
  const positions = new Float64Array(n * 3);
  const weights = new Float32Array(n);
  const filterValues = new Float32Array(n * 2);
  const categories = new Uint32Array(n * 2);
  for (let i = 0; i < n; i++) {
    const row = rows[i];
    positions.set(table.positions.subarray(3 * row, 3 * row + 3), 3 * i);
    weights[i] = table.weight[row];
    filterValues.set(columns.filterValues.subarray(2 * row, 2 * row + 2), 2 * i);
    categories.set(columns.categories.subarray(2 * row, 2 * row + 2), 2 * i);
  }
  const attributes = {
    getPosition: { value: positions, size: 3 },
    getWeight: { value: weights, size: 1 },
    getFilterValue: { value: filterValues, size: 2 },
    getFilterCategory: { value: categories, size: 2 },
  };
  return { cut, columns, data: { length: n, attributes } };
}

/** The whole world: views that are not geospatial are not culled. */
const WORLD_VIEW: CullView = { bounds: [-Infinity, -Infinity, Infinity, Infinity], zoom: 0 };

/** The columns the data objects are made of, each rebuilt only when what it depends on changes. */
interface RiskColumns {
  /** Per table. */
  categories: Uint32Array;
  radii: Float32Array;
  /** Per table and palette. */
  fillColors: Uint8Array;
  /** Per table and unit keys: `[timeOffset, unitKey]` per row (unit key 0 without a unit filter). */
  filterValues: Float32Array;
  unitKeys: Float32Array | null;
}

function buildFilterValues(table: RiskTable, unitKeys: Float32Array | null): Float32Array {
  const values = new Float32Array(table.length * 2);
  for (let i = 0; i < table.length; i++) {
    values[2 * i] = table.timeOffset[i];
    values[2 * i + 1] = unitKeys ? unitKeys[i] : 0;
  }
  return values;
}

function buildColumns(table: RiskTable, palette: Readonly<Record<RiskLevel, Rgba>>, unitKeys: Float32Array | null): RiskColumns {
  const n = table.length;
  const categories = new Uint32Array(n * 2);
  for (let i = 0; i < n; i++) {
    categories[2 * i] = categoryKey(table.category[i]);
    categories[2 * i + 1] = table.level[i];
  }
  const radii = buildRadii(table, radiusScale(table));
  return { categories, radii, fillColors: buildFillColors(table, palette), filterValues: buildFilterValues(table, unitKeys), unitKeys };
}

function buildLayerData(table: RiskTable, columns: RiskColumns): RiskLayerData {
  const n = table.length;
  const common = {
    getPosition: { value: table.positions as Float64Array, size: 3 },
    getFilterValue: { value: columns.filterValues, size: 2 },
    getFilterCategory: { value: columns.categories, size: 2 },
  };
  return {
    heat: { length: n, attributes: { ...common, getWeight: { value: table.weight as Float32Array, size: 1 } } },
    // Colour channel: highest level (MAX of rank) or count; the other rides in "elevation" for tooltips.
  };
}

/** Fill colour per row (RGBA bytes) from the level palette. */
function buildFillColors(table: RiskTable, palette: Readonly<Record<RiskLevel, Rgba>>): Uint8Array {
  const byRank: Rgba[] = [[0, 0, 0, 0], palette.low, palette.general, palette.considerable, palette.major];
  const out = new Uint8Array(table.length * 4);
  for (let i = 0; i < table.length; i++) out.set(byRank[table.level[i]], 4 * i);
  return out;
}

/** Radius in pixels per row, from a per-data-set scale. */
function buildRadii(table: RiskTable, scale: RadiusScale): Float32Array {
  const out = new Float32Array(table.length);
  for (let i = 0; i < table.length; i++) out[i] = scale.radius(table.weight[i]);
  return out;
}

type FilterProps = Required<Pick<DataFilterExtensionProps, 'filterRange' | 'filterCategories'>>;

interface RiskHeatmapExtraProps {
  /** Colour domain as weight per km² (see model/domain.ts); null: deck.gl's own scaling. */
  densityDomain: readonly [number, number] | null;
}

/** Props whose change re-runs the heat weights pass (the filter's, and the density domain its colours follow): no data change. */
const WEIGHT_PASS_PROPS = Object.fromEntries(
  ['filterEnabled', 'filterRange', 'filterSoftRange', 'filterCategories', 'filterTransformSize', 'filterTransformColor', 'densityDomain'].map((name) => [name, true]),
);
const weightPassKey = (props: DataFilterExtensionProps & RiskHeatmapExtraProps) => `${filterKey(props)}|${props.densityDomain?.join() ?? ''}`;

/** HeatmapLayer with a working GPU data filter and a zoom-stable density colour domain. */
export class RiskHeatmapLayer extends HeatmapLayer<unknown, RiskHeatmapExtraProps & FilterProps> {
  static override layerName = 'RiskHeatmapLayer';
  // Annotated so the emitted .d.ts can name it (deck.gl's PropType is not exported).
  static override defaultProps = { ...HeatmapLayer.defaultProps, densityDomain: null } as typeof HeatmapLayer.defaultProps;

  declare state: HeatmapLayer['state'] & { weightmapFilter?: string; hiddenSince?: boolean };

  /**
   * The filter props are not data: deck.gl's heatmap compares every prop it does not know, extension
   * props included, and would rebuild its weights transform (a new GPU program model) for each new
   * filter range or unit; `updateState` re-runs the weights pass instead.
   */
  override initializeState(): void {
    super.initializeState();
    const state = this.state as unknown as { ignoreProps: Record<string, unknown> };
    state.ignoreProps = { ...state.ignoreProps, ...WEIGHT_PASS_PROPS };
  }

  /** Not loaded while the weight map lags the view (a zoom-debounced pass is pending or due). */
  override get isLoaded(): boolean {
    return super.isLoaded && !this.state?.updateTimer && !this.state?.isWeightMapDirty;
  }

  /**
   * deck.gl's debounce timer marks the weight map dirty and moves the texture to the new view, but
   * asks only for a redraw, not for the layer update that recomputes the weights: until the next
   * interaction the old weights are drawn at the new view (blank or wrong colours after a zoom).
   */
  override _debouncedUpdateWeightmap(fromTimer = false): void {
    super._debouncedUpdateWeightmap(fromTimer);
    if (fromTimer) this.setNeedsUpdate();
  }

  /** The heat texture painter must not be filtered (its filter value would be the constant 0). */
  override getSubLayerProps(sublayerProps?: Parameters<HeatmapLayer['getSubLayerProps']>[0]) {
    return { ...super.getSubLayerProps(sublayerProps), extensions: [] };
  }

  override shouldUpdateState(params: UpdateParameters<this>): boolean {
    // Hidden (e.g. zoomed past the hand-over to points): skip the per-pan weight passes.
    if (!params.props.visible) {
      this.state.hiddenSince = true;
      return params.changeFlags.dataChanged !== false;
    }
    return super.shouldUpdateState(params);
  }

  override updateState(opts: UpdateParameters<this>): void {
    super.updateState(opts);
    if (!opts.props.visible) return;
    if (this.state.hiddenSince) {
      // Shown again: the view may have moved while hidden.
      this.state.hiddenSince = false;
      this._updateBounds(true);
      this._updateTextureRenderingBounds();
      this._updateWeightmap();
    } else if (weightPassKey(opts.props as DataFilterExtensionProps & RiskHeatmapExtraProps) !== this.state.weightmapFilter) {
      this._updateWeightmap();
    }
  }

  /** The max-weight pass only matters without a colour domain (and its shader cannot bind the filter's integer attributes). */
  override _updateMaxWeightValue(): void {
    if (!this.props.colorDomain) super._updateMaxWeightValue();
  }

  override _updateWeightmap(): void {
    const props = this.props as this['props'] & DataFilterExtensionProps;
    this.state.weightsTransform?.model.shaderInputs.setProps({
      dataFilter: dataFilterModuleProps(props as DataFilterExtensionProps & { extensions: unknown[] }),
    } as never);
    super._updateWeightmap();
    this.state.weightmapFilter = weightPassKey(props);
    const { densityDomain, radiusPixels } = this.props;
    if (densityDomain) {
      const radiusMeters = radiusPixels * this.context.viewport.metersPerPixel;
      this.state.colorDomain = heatTexelDomain(densityDomain, radiusMeters, this.state.weightsScale);
    }
  }
}

/** What a pick on a `RiskLayer` is: one record (points), or one hexagon's contents. */
export type RiskPickObject =
  | { kind: 'record'; row: number; id: string; level: RiskLevel }
  | { kind: 'cell'; count: number; /** Highest level in the cell. */ level: RiskLevel | null };

export type RiskPickingInfo = PickingInfo<RiskPickObject>;

const cellObject = (hex: HexDrawing, k: number): RiskPickObject => ({ kind: 'cell', count: hex.cells.counts[k], level: LEVEL_BY_RANK[hex.cells.maxRank[k]] ?? null });

export interface RiskLayerProps {
  /** The packed records (null: nothing drawn). */
  table: RiskTable | null;
  /** The current filter of `table` (null: nothing drawn). */
  filter: CompiledFilter | null;
  /** Fill colour per level (points, and hexagons by level). */
  palette: Readonly<Record<RiskLevel, Rgba>>;
  /** `auto`: heat and points, cross-faded by `handover`. */
  mode: RiskMode;
  /** Auto mode's share of points, 0 (heat only) … 1 (points only). */
  handover: number;
  /** Heat kernel radius in pixels. */
  heatRadius: number;
  /** Heat colour domain, weight per km²; null: deck.gl's own scaling. */
  heatDomain: readonly [number, number] | null;
  /**
   * Side of the heat weight texture (deck.gl covers 2 CSS px per texel); null: by the view, 1024 up
   * to ~1366 px views, else 2048 (a 1024² float target is a quarter of 2048²'s clear and memory).
   */
  heatTextureSize: number | null;
  /** Hexagon radius in metres. */
  hexRadius: number;
  hexMetric: HexMetric;
  /** Count colour domain of `hexMetric="count"`. */
  hexCountDomain: readonly [number, number];
  /** Symbol size factor (symbols shrink when zoomed out so dense areas stay readable). */
  pointScale: number;
  /** Symbol outline. */
  lineColor: Color;
  /** The hexagon outlined as hovered when hexagons are picked on the CPU (`hexAt`); -1 for none. */
  highlightedCell: number;
}

const HEAT_COLORS = HEAT_RAMP.map((color) => toRgba(color) as Color);
const HEX_COUNT_COLORS = HEX_COUNT_RAMP.map((color) => toRgba(color));

const defaultProps: DefaultProps<RiskLayerProps> = {
  table: { type: 'object', value: null },
  filter: { type: 'object', value: null },
  palette: { type: 'object', value: RISK_COLORS_RGBA },
  mode: 'auto',
  handover: { type: 'number', value: 0, min: 0, max: 1 },
  heatRadius: { type: 'number', value: 30, min: 1 },
  heatDomain: { type: 'array', value: null, compare: true },
  heatTextureSize: { type: 'object', value: null },
  hexRadius: { type: 'number', value: 300, min: 1 },
  hexMetric: 'level',
  hexCountDomain: { type: 'array', value: [1, 2], compare: true },
  pointScale: { type: 'number', value: 1 },
  lineColor: { type: 'color', value: [255, 255, 255, 230] },
  highlightedCell: -1,
};

/**
 * Heat / hex / points of risk records by `mode`. Heat and hex keep their sub-layer and buffers while
 * the mode lasts; points draw only the shown records in (a margin around) the view, culled again
 * when the filter changes or the view leaves that margin. A pick reports a typed `RiskPickObject`
 * instead of a sub-layer's raw index.
 */
export class RiskLayer extends CompositeLayer<RiskLayerProps> {
  static override layerName = 'RiskLayer';
  static override defaultProps = defaultProps;

  declare state: {
    buffers: RiskLayerData | null;
    columns: RiskColumns | null;
    points: CulledPoints | null;
    hex: HexDrawing | null;
    heat: HeatData | null;
    /** The heat texture side last rendered with. */
    heatTextureSize: number;
  };

  override initializeState(): void {
    this.state = { buffers: null, columns: null, points: null, hex: null, heat: null, heatTextureSize: 0 };
  }

  /** Points are drawn (points mode, or auto mode past the start of its hand-over). */
  private pointsShown(props: RiskLayerProps): boolean {
    return props.mode === 'points' || (props.mode === 'auto' && props.handover > 0);
  }

  /** The current view as culling sees it. */
  private cullView(): CullView {
    const viewport = this.context.viewport as { isGeospatial?: boolean; zoom: number; getBounds?: () => number[] };
    if (!viewport?.isGeospatial || !viewport.getBounds) return WORLD_VIEW;
    const [west, south, east, north] = viewport.getBounds();
    return { bounds: [west, south, east, north], zoom: viewport.zoom };
  }

  /** The heat texture's side (see `heatTextureSize`), from the viewport deck.gl already knows (no DOM read). */
  private heatTextureSize(): number {
    const { viewport } = this.context;
    return this.props.heatTextureSize ?? (Math.max(viewport.width, viewport.height) <= 1366 ? 1024 : 2048);
  }

  /**
   * A pan or zoom re-culls the points only once the view leaves the box they were culled for; a
   * resize across the heat texture's size step renders the heat again.
   */
  override shouldUpdateState(params: UpdateParameters<this>): boolean {
    if (super.shouldUpdateState(params)) return true;
    if (!params.changeFlags.viewportChanged) return false;
    const points = this.state.points;
    if (points && this.pointsShown(params.props) && !boxServes(points.box, this.cullView())) return true;
    return this.state.heat !== null && this.state.heatTextureSize !== this.heatTextureSize();
  }

  override updateState({ props, oldProps }: UpdateParameters<this>): void {
    const { table, palette } = props;
    const unitKeys = props.filter?.unitKeys ?? null;
    let columns = this.state.columns;
    if (!table) columns = null;
    else if (!columns || table !== oldProps.table) columns = buildColumns(table, palette, unitKeys);
    else if (palette !== oldProps.palette || unitKeys !== columns.unitKeys) {
      columns = {
        ...columns,
        fillColors: palette !== oldProps.palette ? buildFillColors(table, palette) : columns.fillColors,
        filterValues: unitKeys !== columns.unitKeys ? buildFilterValues(table, unitKeys) : columns.filterValues,
        unitKeys,
      };
    }
    if (columns !== this.state.columns) {
      this.state.columns = columns;
      this.state.buffers = table && columns ? buildLayerData(table, columns) : null;
    }
    this.updatePoints(props);
    this.updateHex(props);
    this.updateHeat(props);
  }

  private updateHeat(props: RiskLayerProps): void {
    const { table, filter, mode } = props;
    const { buffers, columns, heat } = this.state;
    if (!table || !filter || !buffers || !columns || (mode !== 'heat' && mode !== 'auto')) this.state.heat = null;
    else if (heat?.cut !== heatCut(filter) || heat.columns !== columns) this.state.heat = buildHeatData(table, filter, columns, buffers);
    this.state.heatTextureSize = this.heatTextureSize();
  }

  /** Hex mode: the binning once per table and radius, aggregated again per filter, recoloured per palette. */
  private updateHex(props: RiskLayerProps): void {
    const { table, filter, mode, hexRadius } = props;
    if (!table || !filter || mode !== 'hex') {
      this.state.hex = null;
      return;
    }
    const previous = this.state.hex;
    const binning = previous?.binning.table === table && previous.binning.radiusMeters === hexRadius ? previous.binning : new HexBinning(table, hexRadius);
    const coloring = { metric: props.hexMetric, palette: props.palette, countDomain: props.hexCountDomain, countColors: HEX_COUNT_COLORS };
    this.state.hex = hexDrawing(binning, filter, coloring, previous);
  }

  /** Culls the points again when the filter, the columns or the view (out of its box) changed. */
  private updatePoints(props: RiskLayerProps): void {
    const { table, filter } = props;
    const { columns, points } = this.state;
    if (!table || !filter || !columns || !this.pointsShown(props)) {
      this.state.points = null;
      return;
    }
    const view = this.cullView();
    if (points && points.filter === filter && points.columns === columns && boxServes(points.box, view)) return;
    this.state.points = buildCulledPoints(table, filter, columns, view === WORLD_VIEW ? view : cullBoxFor(view));
    // The sub-layers are rendered again only when this layer still reports a needed update.
    this.setNeedsUpdate();
  }

  override getPickingInfo({ info, sourceLayer }: GetPickingInfoParams): RiskPickingInfo {
    const table = this.props.table;
    const picked = info as RiskPickingInfo;
    if (!table || info.index < 0) return picked;
    if (sourceLayer instanceof ScatterplotLayer) {
      const row = this.state.points?.rows[info.index];
      if (row === undefined) return picked;
      picked.object = { kind: 'record', row, id: table.ids[row], level: LEVEL_BY_RANK[table.level[row]] as RiskLevel };
    } else if (sourceLayer instanceof SolidPolygonLayer && this.state.hex) {
      picked.object = cellObject(this.state.hex, info.index);
    }
    return picked;
  }

  /**
   * Hex mode's pick on the CPU: the drawn hexagon at (lon, lat) — its position among the drawn
   * cells and what it holds — or null. (A hexagon lattice answers it with arithmetic; a GPU pick
   * would draw every cell again into a picking buffer, on a software GPU a frame's worth of work.)
   */
  hexAt(lon: number, lat: number): { index: number; object: RiskPickObject } | null {
    const hex = this.state?.hex;
    const index = hex ? hexCellAt(hex, lon, lat) : -1;
    return index >= 0 ? { index, object: cellObject(hex!, index) } : null;
  }

  override renderLayers(): Layer[] {
    const { filter, mode, handover } = this.props;
    const buffers = this.state.buffers;
    if (!buffers || !filter) return [];
    const filterProps = {
      extensions: [riskFilterExtension],
      // [time window, unit key interval]: a unit change moves uniforms only.
      filterRange: [filter.range, filter.unitRange] as [number, number][],
      filterCategories: filter.gpuCategories,
    };
    const layers: Layer[] = [];
    const heat = this.state.heat;
    if (heat) layers.push(this.renderHeat(heat.data, mode === 'heat' ? 1 : 1 - handover, filterProps));
    if (mode === 'hex' && this.state.hex) layers.push(this.renderHex(this.state.hex));
    // Auto mode keeps its (hidden, empty until needed) points layer through the hand-over.
    if (mode === 'points' || mode === 'auto') layers.push(this.renderPoints(this.state.points?.data ?? NO_POINTS, mode === 'points' ? 1 : handover));
    return layers;
  }

  private renderHeat(data: BinaryData, opacity: number, filterProps: object): Layer {
    const { heatRadius, heatDomain } = this.props;
    return new RiskHeatmapLayer(
      this.getSubLayerProps({
        id: 'heat',
        data: data as never,
        visible: opacity > 0,
        opacity,
        radiusPixels: heatRadius,
        densityDomain: heatDomain,
        // Any positive domain: replaced per zoom from densityDomain by RiskHeatmapLayer.
        colorDomain: heatDomain ? [1, 2] : null,
        colorRange: HEAT_COLORS,
        aggregation: 'SUM',
        weightsTextureSize: this.heatTextureSize(),
        debounceTimeout: 100,
        pickable: false,
        ...filterProps,
      }) as never,
    );
  }

  /** The shown cells, aggregated on the CPU (see model/hexbins), as flat hexagons. */
  private renderHex(hex: HexDrawing): Layer {
    return new SolidPolygonLayer(
      this.getSubLayerProps({
        id: `hex-${hex.coloring.metric}`,
        data: hex.data as never,
        _normalize: false,
        _windingOrder: 'CCW',
        filled: true,
        extruded: false,
        opacity: 0.9,
        // Picked on the CPU (see `hexAt`), it is highlighted by index; GPU-picked, by deck.gl.
        highlightedObjectIndex: this.props.highlightedCell >= 0 ? this.props.highlightedCell : null,
      }) as never,
    );
  }

  /** The culled points: filtered on the CPU already (see model/cull), so no GPU filter. */
  private renderPoints(data: BinaryData, opacity: number): Layer {
    return new ScatterplotLayer(
      this.getSubLayerProps({
        id: 'points',
        data: data as never,
        visible: opacity > 0,
        opacity,
        radiusUnits: 'pixels',
        radiusScale: this.props.pointScale,
        stroked: true,
        lineWidthUnits: 'pixels',
        getLineWidth: 1,
        getLineColor: this.props.lineColor,
      }) as never,
    );
  }
}

/** What `<city-risk-layer>` draws now: its filter result under its settings, colours and view. */
export interface RiskLayerInput {
  id: string;
  shown: RiskShown;
  settings: Pick<RiskSettings, 'mode' | 'heatRadius' | 'hexMetric'>;
  drawing: RiskDrawing;
  colors: RiskColors;
  zoom: number;
  /** The hovered hexagon (hex mode, picked on the CPU); -1 for none. */
  hoveredCell: number;
}

export function riskLayerFor({ id, shown, settings, drawing, colors, zoom, hoveredCell }: RiskLayerInput): RiskLayer {
  return new RiskLayer({
    id,
    table: shown.table,
    filter: shown.compiled,
    palette: colors.palette,
    mode: settings.mode,
    handover: drawing.handover,
    heatRadius: settings.heatRadius,
    heatDomain: drawing.heatDomain,
    hexRadius: drawing.hexRadius,
    hexMetric: settings.hexMetric,
    hexCountDomain: drawing.hexCountDomain,
    pointScale: pointScale(zoom),
    lineColor: colors.lineColor,
    highlightedCell: hoveredCell,
    // Hexagons are picked on the CPU (`hexAt`): with nothing GPU-pickable, the map runs no picking pass.
    pickable: settings.mode !== 'hex',
    autoHighlight: true,
    highlightColor: colors.highlightColor,
  });
}
