/**
 * deck.gl layer of the grid map: filled units from columnar buffers (pre-triangulated, so deck
 * never tessellates), hatched "no data" fills, unit outlines, the focus / selection / hover
 * outlines and name labels that appear once they fit. Colours come from a per-unit RGBA array
 * and are refreshed through `updateTriggers` only: geometry buffers never change on recolour.
 */
import { CompositeLayer, type Color, type DefaultProps, type GetPickingInfoParams, type Layer, type PickingInfo, type UpdateParameters } from '@deck.gl/core';
import { PathLayer, SolidPolygonLayer, TextLayer } from '@deck.gl/layers';
import { FillStyleExtension } from '@deck.gl/extensions';
import type { Feature } from 'geojson';
import type { GridIndex } from '../model/hierarchy';
import type { PolygonPack } from '../model/pack';

export interface GridLayerStyle {
  lineColor: Color;
  lineWidth: number;
  hoverColor: Color;
  selectedColor: Color;
  focusColor: Color;
  /** Hatch line colour and the fill behind it, for units without a value. */
  noDataColor: Color;
  noDataBackground: Color;
  /** Label colour on light fills, and on dark ones. */
  labelOnLight: Color;
  labelOnDark: Color;
  labelSize: number;
  fontFamily: string;
  /** 0–1, applied to the fills. */
  fillOpacity: number;
}

export interface GridLayerProps {
  /** The data set's hierarchy index (geometry, names, ids). */
  index: GridIndex;
  /** The shown units, packed (see `GridColoring.pack`). */
  pack: PolygonPack;
  /** RGBA per unit of the index (4 bytes each). */
  colors: Uint8Array;
  /** The shown units that have no value, packed for the hatch overlay (null when there are none). */
  noDataPack: PolygonPack | null;
  /** Bump when `colors` change: the only thing that recolours. */
  colorVersion: number;
  /** Units (index into `index`) outlined as hovered, selected and focused; -1 for none. */
  hoverUnit: number;
  selectedUnit: number;
  focusUnit: number;
  /** Unit names where they fit. */
  showLabels: boolean;
  style: GridLayerStyle;
}

/**
 * A pick on the grid: the unit's index in the hierarchy, its id and its GeoJSON feature (-1, null,
 * undefined off the units). A deck.gl pick (the layer with `pickable: true`) gives the packed
 * part's index as `index`; a pick `<city-grid-layer>` answers itself gives the unit's.
 */
export interface GridPickingInfo extends PickingInfo<Feature> {
  unit: number;
  id: string | null;
}

export interface LabelDatum {
  position: [number, number];
  text: string;
  unit: number;
}

const HATCH = { hatch: { type: 'hatch' as const, angle: 45, strokeWidth: 1.5, gap: 3 } };
// One instance: a new extension object on every render counts as an extensions change, which
// rebuilds the models and re-uploads every attribute.
const FILL_EXTENSIONS = [new FillStyleExtension({ proceduralPattern: true })];

/** Rough text width in ems: CJK and full-width characters 1, the rest 0.6. */
export function textEms(text: string): number {
  let ems = 0;
  for (const ch of text) ems += ch.codePointAt(0)! > 0x2e80 ? 1 : 0.6;
  return ems;
}

/** Units narrower than this on screen get no outline. */
const OUTLINE_MIN_PIXELS = 8;
/** Above this many parts in view, the rest go without outline (a hard cap on line cost). */
const MAX_OUTLINED_PARTS = 40000;

/** Relative luminance of a unit's fill above 0.45: dark text reads better on it. */
export function fillIsLight(colors: Uint8Array, unit: number): boolean {
  const o = unit * 4;
  return (0.2126 * colors[o] + 0.7152 * colors[o + 1] + 0.0722 * colors[o + 2]) / 255 > 0.45;
}

/** A unit's outline (focus, selection, hover) as PathLayer props, the same in GeoJSON and tile mode: open rings in pixels, never picked. */
export function outlineLayerProps(id: string, rings: { path: Float64Array }[], color: Color, width: number) {
  return {
    id,
    data: rings,
    getPath: (d: { path: Float64Array }) => d.path,
    positionFormat: 'XY' as const,
    _pathType: 'open' as const,
    getColor: color,
    getWidth: width,
    widthUnits: 'pixels' as const,
    jointRounded: true,
    capRounded: true,
    pickable: false,
    updateTriggers: { getColor: color.join() },
  };
}

/**
 * The unit names' TextLayer props, the same in GeoJSON and tile mode: crisp bitmap glyphs (SDF
 * blurs CJK strokes at this size), dark or light by the fill below, never picked.
 */
export function labelLayerProps(data: LabelDatum[], colors: Uint8Array, colorVersion: number, style: GridLayerStyle) {
  return {
    id: 'labels',
    data,
    getPosition: (d: LabelDatum) => d.position,
    getText: (d: LabelDatum) => d.text,
    getColor: (d: LabelDatum) => (fillIsLight(colors, d.unit) ? style.labelOnLight : style.labelOnDark),
    getSize: style.labelSize,
    sizeUnits: 'pixels' as const,
    characterSet: 'auto' as const,
    fontFamily: style.fontFamily,
    fontWeight: 500,
    fontSettings: { sdf: false, fontSize: 48, buffer: 2 },
    getTextAnchor: 'middle' as const,
    getAlignmentBaseline: 'center' as const,
    pickable: false,
    updateTriggers: { getColor: [colorVersion, style.labelOnLight.join(), style.labelOnDark.join()] },
  };
}

/**
 * RGBA per vertex from RGBA per unit, scaled by the fill opacity. Written over `previous` when it
 * has the right size (recolouring allocates nothing); returned as a new view on that memory, as
 * deck re-uploads an attribute only when handed another array object.
 */
export function vertexColors(pack: PolygonPack, unitColors: Uint8Array, opacity: number, previous: Uint8Array | null): Uint8Array {
  const length = pack.startIndices[pack.length] * 4;
  const out = previous?.length === length ? new Uint8Array(previous.buffer, previous.byteOffset, length) : new Uint8Array(length);
  const out32 = new Uint32Array(out.buffer, out.byteOffset, length >> 2);
  const units32 = new Uint32Array(unitColors.buffer, unitColors.byteOffset, unitColors.length >> 2);
  const scaled = opacity < 1 ? Uint8Array.from({ length: 256 }, (_, a) => Math.round(a * opacity)) : null;
  // The pack's arrays in locals: this loop runs once per recolour, mostly before the optimizing
  // compiler has seen it, where every `pack.x` is a property load.
  const { partUnit, startIndices } = pack;
  const parts = pack.length;
  let v = startIndices[0];
  for (let part = 0; part < parts; part++) {
    let rgba = units32[partUnit[part]];
    // RGBA bytes read as one little-endian 32-bit word: alpha is the top byte.
    if (scaled) rgba = ((rgba & 0x00ffffff) | (scaled[rgba >>> 24] << 24)) >>> 0;
    // A plain loop: parts have a handful of vertices, too few for `fill`'s call overhead to pay.
    for (const end = startIndices[part + 1]; v < end; v++) out32[v] = rgba;
  }
  return out;
}

/** A pack as deck.gl's binary polygon data (positions, starts, pre-computed triangles). */
export function binaryPolygons(pack: PolygonPack) {
  return {
    length: pack.length,
    startIndices: pack.startIndices,
    attributes: {
      getPolygon: { value: pack.positions, size: 2 },
      indices: { value: pack.indices, size: 1 },
    },
  };
}

export const mercatorX = (lon: number) => (lon + 180) / 360;
export const mercatorY = (lat: number) => {
  const phi = (Math.max(-85.05, Math.min(85.05, lat)) * Math.PI) / 180;
  return (1 - Math.log(Math.tan(Math.PI / 4 + phi / 2)) / Math.PI) / 2;
};

/** Flat rings of one unit as closed paths (for the outline sub-layers). */
function unitRings(index: GridIndex, unit: number): { path: Float64Array }[] {
  if (unit < 0 || unit >= index.size) return [];
  const rings: { path: Float64Array }[] = [];
  for (let p = index.unitParts[unit]; p < index.unitParts[unit + 1]; p++) {
    for (let r = index.partRings[p]; r < index.partRings[p + 1]; r++) {
      rings.push({ path: index.coords.subarray(index.ringVertices[r] * 2, index.ringVertices[r + 1] * 2) });
    }
  }
  return rings;
}

const defaultProps: DefaultProps<GridLayerProps> = {
  noDataPack: null,
  hoverUnit: -1,
  selectedUnit: -1,
  focusUnit: -1,
  showLabels: true,
  colorVersion: 0,
};

type GridLayerState = {
  fillData: { attributes: Record<string, unknown> } | null;
  /** Colour version and opacity the fill's vertex colours were made for. */
  colorsKey: string;
  hatchData: unknown;
  lineData: unknown;
  lineKey: string;
  /** Zoom at which each packed unit is wide enough on screen to be outlined. */
  lineMinZoom: Float32Array;
  /** Width and height in pixels at zoom 0 of each packed unit's box. */
  boxPixels0: Float64Array;
  /** Zoom at which each packed unit's label fits inside its box; NaN until a pass needs it. */
  labelMinZoom: Float32Array;
  labelKey: string;
  labelData: LabelDatum[];
  /**
   * Outline sub-layers (focus, selected, hover) drawn once, with the unit each outlines and its rings:
   * kept (empty when unused) so a new selection or hover does not build a layer again, and the same
   * rings array while the unit stays, so deck.gl does not tessellate them again on every update.
   */
  outlineRings?: Map<string, { index: GridIndex; unit: number; rings: { path: Float64Array }[] }>;
  /**
   * The last data each optional sub-layer (no-data, lines, labels) drew: once made, a sub-layer
   * stays, hidden on its last data when unused, so a drill there and back does not drop it and
   * build its shaders and buffers again (a few ms of every unit change on the scope bench).
   */
  shownLast?: { hatch?: unknown; lines?: unknown; labels?: LabelDatum[] };
};

export class GridLayer extends CompositeLayer<GridLayerProps> {
  static override layerName = 'CityGridLayer';
  static override defaultProps = defaultProps;
  declare state: GridLayerState;

  override shouldUpdateState({ changeFlags }: UpdateParameters<this>): boolean {
    return changeFlags.propsOrDataChanged || changeFlags.viewportChanged;
  }

  override updateState({ props, oldProps, changeFlags }: UpdateParameters<this>): void {
    const { pack, index, style } = props;
    if (pack !== oldProps.pack) {
      // New fill buffers only when the drill state changes. (A simplified overview of the same
      // units costs more to build than the vertices it saves cost to draw, even on a software GPU.)
      this.setState({ fillData: binaryPolygons(pack), colorsKey: '', lineKey: '' });
    }
    const colorsKey = `${props.colorVersion}|${style.fillOpacity}`;
    if (colorsKey !== this.state.colorsKey) {
      // Per-vertex colours handed to deck as an external buffer: one 32-bit fill per part instead
      // of 100k accessor calls; deck uploads it as is. Geometry buffers stay untouched.
      const attributes = this.state.fillData!.attributes;
      const previous = (attributes.fillColors as { value: Uint8Array } | undefined)?.value ?? null;
      attributes.fillColors = { value: vertexColors(pack, props.colors, style.fillOpacity, previous), size: 4, normalized: true };
      this.setState({ colorsKey });
    }
    if (props.noDataPack !== oldProps.noDataPack) {
      // Its own wrapper even for the same pack: the fill's wrapper carries the fill colours.
      this.setState({ hatchData: props.noDataPack ? binaryPolygons(props.noDataPack) : null });
    }
    if (pack !== oldProps.pack || style?.labelSize !== oldProps.style?.labelSize || index !== oldProps.index) {
      const { units } = pack;
      const boxPixels0 = new Float64Array(units.length * 2);
      const lineMinZoom = new Float32Array(units.length);
      const boxes = index.bboxes;
      // An index loop reading the boxes in place: a `subarray` view per unit cost the first frame
      // of 100k units a view object each.
      for (let k = 0; k < units.length; k++) {
        const u = units[k];
        // Box size in pixels at zoom 0 (the world is 512 px wide there).
        const width0 = (mercatorX(boxes[u * 4 + 2]) - mercatorX(boxes[u * 4])) * 512;
        const height0 = (mercatorY(boxes[u * 4 + 1]) - mercatorY(boxes[u * 4 + 3])) * 512;
        boxPixels0[k * 2] = width0;
        boxPixels0[k * 2 + 1] = height0;
        lineMinZoom[k] = Math.log2(OUTLINE_MIN_PIXELS / Math.max(Math.min(width0, height0), 1e-12));
      }
      // Label zooms measure each name's text: left to the label passes, which need them only for
      // units tall enough to hold a line of text (none at a 100k-unit overview, the first frame).
      this.setState({ boxPixels0, labelMinZoom: new Float32Array(units.length).fill(NaN), labelKey: '', lineMinZoom, lineKey: '' });
    }
    if (props.showLabels) this.updateLabels();
    else if (this.state.labelData?.length) this.setState({ labelData: [], labelKey: '' });
    this.updateOutlines();
    void changeFlags;
  }

  /**
   * Outlines of the units in (a margin around) the view that are wide enough on screen to show
   * one: 100k hairlines at city scale are a grey mush, and drawing them all costs a frame.
   */
  private updateOutlines(): void {
    const viewport = this.context.viewport;
    const zoom = Math.floor(viewport.zoom * 4) / 4;
    const [west, south, east, north] = viewport.getBounds();
    const last = this.state.lineKey ? this.state.lineKey.split('|').map(Number) : null;
    if (last && last[0] === zoom && west >= last[1] && south >= last[2] && east <= last[3] && north <= last[4]) return;
    const padX = (east - west) * 0.25;
    const padY = (north - south) * 0.25;
    const box = [west - padX, south - padY, east + padX, north + padY];
    const { pack, index } = this.props;
    const { lineMinZoom } = this.state;
    // Rings of the chosen units, copied into one buffer (parts are contiguous in the pack).
    const chosenParts: number[] = [];
    let vertices = 0;
    let rings = 0;
    let unitK = 0;
    for (let part = 0; part < pack.length; part++) {
      const u = pack.partUnit[part];
      while (pack.units[unitK] !== u) unitK++;
      if (lineMinZoom[unitK] > viewport.zoom) continue;
      const b = index.bboxes;
      if (b[u * 4] > box[2] || b[u * 4 + 2] < box[0] || b[u * 4 + 1] > box[3] || b[u * 4 + 3] < box[1]) continue;
      chosenParts.push(part);
      vertices += pack.startIndices[part + 1] - pack.startIndices[part];
      if (chosenParts.length > MAX_OUTLINED_PARTS) break;
    }
    const ringStarts: number[] = [];
    const positions = new Float64Array(vertices * 2);
    let offset = 0;
    let ring = 0;
    for (const part of chosenParts) {
      const from = pack.startIndices[part];
      const to = pack.startIndices[part + 1];
      positions.set(pack.positions.subarray(from * 2, to * 2), offset * 2);
      // The pack's ring starts that fall inside this part.
      while (ring < pack.ringCount && pack.ringStartIndices[ring] < from) ring++;
      for (let r = ring; r < pack.ringCount && pack.ringStartIndices[r] < to; r++) {
        ringStarts.push(offset + pack.ringStartIndices[r] - from);
        rings++;
      }
      offset += to - from;
    }
    ringStarts.push(offset);
    this.setState({
      lineKey: [zoom, ...box].join('|'),
      lineData: { length: rings, startIndices: Uint32Array.from(ringStarts), attributes: { getPath: { value: positions, size: 2 } } },
    });
  }

  /** Labels that fit at the current zoom, within (a margin around) the current view. */
  private updateLabels(): void {
    const viewport = this.context.viewport;
    const zoom = Math.floor(viewport.zoom * 4) / 4;
    const [west, south, east, north] = viewport.getBounds();
    const padX = (east - west) * 0.5;
    const padY = (north - south) * 0.5;
    // Recompute per quarter zoom step, or once the view leaves the padded box of the last pass.
    const last = this.state.labelKey ? this.state.labelKey.split('|').map(Number) : null;
    if (last && last[0] === zoom && west >= last[1] && south >= last[2] && east <= last[3] && north <= last[4]) return;
    const box = [west - padX, south - padY, east + padX, north + padY];
    const { pack, index, style } = this.props;
    const { labelMinZoom, boxPixels0 } = this.state;
    const needH = style.labelSize * 1.6;
    const labels: LabelDatum[] = [];
    for (let k = 0; k < pack.units.length && labels.length < 2000; k++) {
      let minZoom = labelMinZoom[k];
      if (Number.isNaN(minZoom)) {
        // The height's zoom alone: a label needs at least that, whatever its text (checked as
        // stored, in single precision, so the answer is the one the full zoom would give).
        const heightZoom = Math.log2(needH / Math.max(boxPixels0[k * 2 + 1] * 0.8, 1e-12));
        if (Math.fround(heightZoom) > viewport.zoom) continue;
        const needW = textEms(index.names[pack.units[k]]) * style.labelSize + 6;
        labelMinZoom[k] = Math.max(Math.log2(needW / Math.max(boxPixels0[k * 2] * 0.8, 1e-12)), heightZoom);
        minZoom = labelMinZoom[k]; // read back: stored in single precision
      }
      if (minZoom > viewport.zoom) continue;
      const u = pack.units[k];
      const x = index.labels[u * 2];
      const y = index.labels[u * 2 + 1];
      if (x < box[0] || x > box[2] || y < box[1] || y > box[3]) continue;
      labels.push({ position: [x, y], text: index.names[u], unit: u });
    }
    this.setState({ labelData: labels, labelKey: [zoom, ...box].join('|') });
  }

  /** Turns a pick into the unit picked: only the fill is pickable, and its objects are the packed parts. */
  override getPickingInfo({ info }: GetPickingInfoParams): GridPickingInfo {
    const { pack, index } = this.props;
    const unit = info.index >= 0 && info.index < pack.length ? pack.partUnit[info.index] : -1;
    return Object.assign(info, { unit, id: unit >= 0 ? index.ids[unit] : null, object: unit >= 0 ? index.features[unit] : undefined });
  }

  override renderLayers(): Layer[] {
    const { style, index, hoverUnit, selectedUnit, focusUnit, colors } = this.props;
    const fill = new SolidPolygonLayer(
      this.getSubLayerProps({
        id: 'fill',
        data: this.state.fillData,
        _normalize: false,
        positionFormat: 'XY',
        filled: true,
        extruded: false,
        // Pickable as the grid layer is (`<city-grid-layer>` picks on the CPU and leaves it off).
        // Colours come from `fillData.attributes.fillColors`; the trigger makes deck re-read it.
        updateTriggers: { getFillColor: this.state.colorsKey },
      }),
    );
    // Sub-layers only once they have something to draw: each kind costs a shader program, and
    // linking one takes seconds on a software GPU. Then kept (see `shownLast`).
    const kept = (this.state.shownLast ??= {});
    const hatchShown = Boolean(this.state.hatchData);
    if (hatchShown) kept.hatch = this.state.hatchData;
    const linesShown = Boolean((this.state.lineData as { length?: number } | null)?.length);
    if (linesShown) kept.lines = this.state.lineData;
    const labelsShown = Boolean(this.props.showLabels && this.state.labelData?.length);
    if (labelsShown) kept.labels = this.state.labelData;
    // Stripes over the units without a value: a layer of its own, so the main fill stays a plain
    // (cheaper) shader and usually this one is empty.
    const hatch = new SolidPolygonLayer(
      this.getSubLayerProps({
        id: 'no-data',
        data: kept.hatch,
        visible: hatchShown,
        _normalize: false,
        positionFormat: 'XY',
        filled: true,
        extruded: false,
        pickable: false,
        getFillColor: style.noDataColor,
        getFillPattern: () => 'hatch',
        fillPatternMapping: HATCH,
        fillPatternSizeUnits: 'pixels',
        fillPatternMask: true,
        extensions: FILL_EXTENSIONS,
        updateTriggers: { getFillColor: style.noDataColor.join() },
      }),
    );
    const lines = new PathLayer(
      this.getSubLayerProps({
        id: 'lines',
        data: kept.lines,
        visible: linesShown,
        _pathType: 'open',
        positionFormat: 'XY',
        getColor: style.lineColor,
        getWidth: style.lineWidth,
        widthUnits: 'pixels',
        jointRounded: true,
        pickable: false,
        updateTriggers: { getColor: style.lineColor.join() },
      }),
    );
    const outline = (id: string, rings: { path: Float64Array }[], color: Color, width: number) =>
      new PathLayer(this.getSubLayerProps(outlineLayerProps(id, rings, color, width)));
    const layers: Layer[] = [fill];
    if (kept.hatch) layers.push(hatch);
    if (kept.lines) layers.push(lines);
    const made = (this.state.outlineRings ??= new Map());
    const outlines: Array<[string, number, Color, number]> = [
      ['focus', focusUnit, style.focusColor, 2],
      ['selected', selectedUnit, style.selectedColor, 3.5],
      ['hover', hoverUnit !== selectedUnit ? hoverUnit : -1, style.hoverColor, 2.5],
    ];
    for (const [id, unit, color, width] of outlines) {
      const last = made.get(id);
      if (unit < 0 && !last) continue;
      const rings = last && last.unit === unit && last.index === index ? last.rings : unitRings(index, unit);
      made.set(id, { index, unit, rings });
      layers.push(outline(id, rings, color, width));
    }
    // No TextLayer without text (an empty automatic character set makes an empty font atlas):
    // hidden, it keeps the last labels it drew.
    if (kept.labels) {
      layers.push(new TextLayer(this.getSubLayerProps({ ...labelLayerProps(kept.labels, colors, this.props.colorVersion, style), visible: labelsShown })));
    }
    return layers;
  }
}
