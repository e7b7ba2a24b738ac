/**
 * deck.gl layers of `<city-risk-layer>`: heat (weighted density), hex (highest level or count per
 * hexagon) and points (one symbol per record). All three read the same binary attributes packed
 * once per data set, and filter on the GPU: a time-window, category or level change only changes
 * uniforms (plus a GPU re-aggregation from the same buffers for heat and hex).
 */
import type { Color, Layer, UpdateParameters } from '@deck.gl/core';
import { HeatmapLayer, HexagonLayer } from '@deck.gl/aggregation-layers';
import { ScatterplotLayer } from '@deck.gl/layers';
import type { DataFilterExtensionProps } from '@deck.gl/extensions';
import type { Rgba } from '../core/color';
import type { RiskLevel } from './model/level';
import type { CompiledFilter } from './model/filter';
import { categoryKey } from './model/filter';
import { heatTexelDomain, type RadiusScale } from './model/domain';
import type { RiskTable } from './model/table';
import { dataFilterModuleProps, filterKey, riskFilterExtension } from './filter-extension';

import type { HexMetric } from './model/attributes';

export type { RiskMode, HexMetric } from './model/attributes';

type BinaryData = { length: number; attributes: Record<string, { value: ArrayLike<number>; size: number; normalized?: boolean }> };

/**
 * Binary data objects of each sublayer, built once per table (and per palette for points). deck.gl
 * rebuilds buffers when `data` changes identity, so these objects must be kept and reused.
 */
export interface RiskLayerData {
  heat: BinaryData;
  hexByLevel: BinaryData;
  hexByCount: BinaryData;
  points: BinaryData;
}

export function buildLayerData(table: RiskTable, fillColors: Uint8Array, radii: Float32Array): RiskLayerData {
  const n = table.length;
  const categories = new Uint32Array(n * 2);
  const levelRank = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    categories[2 * i] = categoryKey(table.category[i]);
    categories[2 * i + 1] = table.level[i];
    levelRank[i] = table.level[i];
  }
  const common = {
    getPosition: { value: table.positions as Float64Array, size: 3 },
    getFilterValue: { value: table.timeOffset as Float32Array, size: 1 },
    getFilterCategory: { value: categories, size: 2 },
  };
  return {
    heat: { length: n, attributes: { ...common, getWeight: { value: table.weight as Float32Array, size: 1 } } },
    // Colour channel: highest level (MAX of rank) or count; the other rides in "elevation" for tooltips.
    hexByLevel: { length: n, attributes: { ...common, getColorWeight: { value: levelRank, size: 1 } } },
    hexByCount: { length: n, attributes: { ...common, getElevationWeight: { value: levelRank, size: 1 } } },
    points: {
      length: n,
      attributes: { ...common, getFillColor: { value: fillColors, size: 4, normalized: true }, getRadius: { value: radii, size: 1 } },
    },
  };
}

/** Fill colour per row (RGBA bytes) from the level palette. */
export function buildFillColors(table: RiskTable, palette: Readonly<Record<RiskLevel, Rgba>>): Uint8Array {
  const byRank: Rgba[] = [[0, 0, 0, 0], palette.low, palette.general, palette.considerable, palette.major];
  const out = new Uint8Array(table.length * 4);
  for (let i = 0; i < table.length; i++) out.set(byRank[table.level[i]], 4 * i);
  return out;
}

/** Radius in pixels per row, from a per-data-set scale. */
export function buildRadii(table: RiskTable, scale: RadiusScale): Float32Array {
  const out = new Float32Array(table.length);
  for (let i = 0; i < table.length; i++) out[i] = scale.radius(table.weight[i]);
  return out;
}

type FilterProps = Required<Pick<DataFilterExtensionProps, 'filterRange' | 'filterCategories'>>;

interface RiskHeatmapExtraProps {
  /** Colour domain as weight per km² (see model/domain.ts); null: deck.gl's own scaling. */
  densityDomain: readonly [number, number] | null;
}

/** HeatmapLayer with a working GPU data filter and a zoom-stable density colour domain. */
export class RiskHeatmapLayer extends HeatmapLayer<unknown, RiskHeatmapExtraProps & FilterProps> {
  static override layerName = 'RiskHeatmapLayer';
  // Annotated so the emitted .d.ts can name it (deck.gl's PropType is not exported).
  static override defaultProps = { ...HeatmapLayer.defaultProps, densityDomain: null } as typeof HeatmapLayer.defaultProps;

  declare state: HeatmapLayer['state'] & { weightmapFilter?: string; hiddenSince?: boolean };

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
    } else if (filterKey(opts.props as DataFilterExtensionProps) !== this.state.weightmapFilter) {
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
    this.state.weightmapFilter = filterKey(props);
    const { densityDomain, radiusPixels } = this.props;
    if (densityDomain) {
      const radiusMeters = radiusPixels * this.context.viewport.metersPerPixel;
      this.state.colorDomain = heatTexelDomain(densityDomain, radiusMeters, this.state.weightsScale);
    }
  }
}

/** HexagonLayer whose GPU aggregation honours the data filter and re-runs when it changes. */
export class RiskHexagonLayer extends HexagonLayer<unknown, FilterProps> {
  static override layerName = 'RiskHexagonLayer';

  declare state: HexagonLayer['state'] & { aggregatedFilter?: string; settled?: boolean };

  /** Loaded once a frame has drawn the cells of the latest aggregation (results land one frame late). */
  override get isLoaded(): boolean {
    return super.isLoaded && this.state?.settled === true;
  }

  override draw(opts: Parameters<HexagonLayer['draw']>[0]): void {
    const props = this.props as this['props'] & DataFilterExtensionProps;
    const key = filterKey(props);
    if (key !== this.state.aggregatedFilter) {
      this.state.aggregatedFilter = key;
      this.state.aggregator.setNeedsUpdate();
    }
    opts.shaderModuleProps = {
      ...opts.shaderModuleProps,
      dataFilter: dataFilterModuleProps(props as DataFilterExtensionProps & { extensions: unknown[] }),
    };
    const results = this.state.colors;
    super.draw(opts);
    // New results replace `colors`: the cells showing them are drawn in the next frame. deck.gl's
    // aggregation callback flags the redraw on the layer instance it was bound to, which after a
    // props update is no longer the live one — so ask for that frame here.
    this.state.settled = results !== undefined && this.state.colors === results;
    if (!this.state.settled) this.setNeedsRedraw();
  }
}

export interface RiskLayerOptions {
  id: string;
  data: RiskLayerData;
  filter: CompiledFilter;
  /** Sublayers present (kept while present, so a hand-over never re-uploads buffers). */
  include: { heat: boolean; hex: boolean; points: boolean };
  /** Their opacity (auto mode cross-fades heat into points); 0 hides a present sublayer. */
  opacity: { heat: number; hex: number; points: number };
  heat: {
    radiusPixels: number;
    densityDomain: readonly [number, number] | null;
    colorRange: Color[];
    /** Side of the heat weight texture (deck.gl covers 2 CSS px per texel): 1024 up to ~1366 px views, else 2048. */
    textureSize: number;
  };
  hex: { radius: number; metric: HexMetric; countDomain: readonly [number, number]; countColors: Color[]; levelColors: Color[] };
  /** `radiusScale`: symbols shrink when zoomed out so dense areas stay readable. */
  points: { lineColor: Color; highlightColor: Color; radiusScale: number };
}

/** The deck.gl layers for the current state. With the same `data`, a call only changes uniforms. */
export function createRiskLayers(o: RiskLayerOptions): Layer[] {
  const filterProps = {
    extensions: [riskFilterExtension],
    filterRange: o.filter.range as [number, number],
    filterCategories: o.filter.gpuCategories,
  };
  const layers: Layer[] = [];
  if (o.include.heat) {
    layers.push(
      new RiskHeatmapLayer({
        id: `${o.id}-heat`,
        data: o.data.heat as never,
        visible: o.opacity.heat > 0,
        opacity: o.opacity.heat,
        radiusPixels: o.heat.radiusPixels,
        densityDomain: o.heat.densityDomain,
        // Any positive domain: replaced per zoom from densityDomain by RiskHeatmapLayer.
        colorDomain: o.heat.densityDomain ? [1, 2] : null,
        colorRange: o.heat.colorRange,
        aggregation: 'SUM',
        weightsTextureSize: o.heat.textureSize,
        debounceTimeout: 100,
        pickable: false,
        ...filterProps,
      } as never),
    );
  }
  if (o.include.hex) {
    const byLevel = o.hex.metric === 'level';
    layers.push(
      new RiskHexagonLayer({
        id: `${o.id}-hex-${o.hex.metric}`,
        data: (byLevel ? o.data.hexByLevel : o.data.hexByCount) as never,
        visible: o.opacity.hex > 0,
        opacity: o.opacity.hex,
        radius: o.hex.radius,
        coverage: 0.92,
        gpuAggregation: true,
        getColorWeight: 1,
        getElevationWeight: 1,
        colorAggregation: byLevel ? 'MAX' : 'SUM',
        elevationAggregation: byLevel ? 'SUM' : 'MAX',
        colorScaleType: 'quantize',
        colorDomain: byLevel ? [1, 4] : (o.hex.countDomain as [number, number]),
        colorRange: byLevel ? o.hex.levelColors : o.hex.countColors,
        extruded: false,
        pickable: true,
        autoHighlight: true,
        highlightColor: o.points.highlightColor,
        ...filterProps,
      } as never),
    );
  }
  if (o.include.points) {
    layers.push(
      new ScatterplotLayer({
        id: `${o.id}-points`,
        data: o.data.points as never,
        visible: o.opacity.points > 0,
        opacity: o.opacity.points,
        radiusUnits: 'pixels',
        radiusScale: o.points.radiusScale,
        stroked: true,
        lineWidthUnits: 'pixels',
        getLineWidth: 1,
        getLineColor: o.points.lineColor,
        pickable: true,
        autoHighlight: true,
        highlightColor: o.points.highlightColor,
        ...filterProps,
      } as never),
    );
  }
  return layers;
}
