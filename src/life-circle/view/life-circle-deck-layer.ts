/**
 * `LifeCircleLayer`: everything `<city-life-circle>` draws on its map, as one deck.gl composite
 * layer — roads, the selected residence's isochrone, residence areas, facilities coloured by
 * category, links from the selected residence to its nearest facilities, residences coloured by
 * score, the selection ring, suggested sites with their rank, and the active plan's edits (added
 * and moved facilities ringed, removed ones as ghosts, the selected or dragged one). A pick comes back as typed
 * `target` (residence or facility with its id and scene row, or suggested site), so no caller
 * needs to know the sub-layers.
 */
import { CompositeLayer, type CompositeLayerProps, type DefaultProps, type GetPickingInfoParams, type Layer, type PickingInfo, type UpdateParameters } from '@deck.gl/core';
import { LineLayer, PathLayer, PolygonLayer, ScatterplotLayer, TextLayer } from '@deck.gl/layers';
import type { FeatureCollection, MultiPolygon, Position } from 'geojson';
import { toRgba, type Rgba } from '../../core/color';
import { FONT_STACK, type Theme } from '../../core/theme';
import { visibleFacilityRows, type LifeCircleScene, type ResidencePolygon } from './scene';

export type PickKind = 'residence' | 'facility' | 'site';

/** What a pick hit. `row`: the scene row (residence, facility) or the index into `sites`. */
export type LifeCircleTarget =
  | { kind: 'residence'; id: string; row: number }
  | { kind: 'facility'; id: string; row: number }
  | { kind: 'site'; rank: number; row: number };

export interface LifeCirclePickingInfo extends PickingInfo {
  /** Null when the pick hit nothing of this layer that can be picked. */
  target: LifeCircleTarget | null;
}

export interface SiteMarker {
  rank: number;
  /** Display CRS. */
  position: [number, number];
}

/** A facility the active plan changed, the selected facility, or the one being dragged (display CRS). */
export interface EditMark {
  kind: 'added' | 'moved' | 'removed' | 'selected' | 'dragging';
  position: [number, number];
  /** Where a moved facility stands in the baseline. */
  from?: [number, number];
  /** Its category's colour. */
  color: Rgba;
}

export interface FacilityLink {
  from: [number, number];
  to: [number, number];
  color: Rgba;
}

interface LayerStyle {
  residenceLine: Rgba;
  facilityLine: Rgba;
  road: Rgba;
  isochroneFill: Rgba;
  isochroneLine: Rgba;
  selection: Rgba;
  site: Rgba;
  siteLine: Rgba;
  siteText: Rgba;
  highlight: Rgba;
  added: Rgba;
  moved: Rgba;
  ghost: Rgba;
}

const STYLES: Record<Theme, LayerStyle> = {
  light: {
    residenceLine: [255, 255, 255, 255],
    facilityLine: [29, 35, 48, 170],
    road: [142, 150, 164, 140],
    isochroneFill: [31, 111, 235, 34],
    isochroneLine: [31, 111, 235, 230],
    selection: [29, 35, 48, 255],
    site: [142, 36, 170, 255],
    siteLine: [255, 255, 255, 255],
    siteText: [255, 255, 255, 255],
    highlight: [31, 111, 235, 160],
    added: [27, 122, 52, 255],
    moved: [31, 111, 235, 255],
    ghost: [90, 98, 112, 200],
  },
  dark: {
    residenceLine: [7, 17, 31, 255],
    facilityLine: [230, 240, 255, 150],
    road: [88, 118, 158, 150],
    isochroneFill: [63, 182, 255, 40],
    isochroneLine: [127, 212, 255, 240],
    selection: [255, 255, 255, 255],
    site: [255, 64, 160, 255],
    siteLine: [7, 17, 31, 255],
    siteText: [255, 255, 255, 255],
    highlight: [127, 212, 255, 170],
    added: [102, 214, 128, 255],
    moved: [127, 212, 255, 255],
    ghost: [190, 200, 215, 200],
  },
};

/** Grey for residences without a colour column (before the first result). */
const UNRATED = 160;

type BinaryColumns = { length: number; startIndices?: Int32Array; attributes: Record<string, { value: ArrayLike<number>; size: number; normalized?: boolean }> };

interface IsochronePolygon {
  polygon: Position[][];
  /** 0 = smallest threshold. */
  band: number;
  bands: number;
}

type _LifeCircleLayerProps = {
  /** What to draw, in the map's display CRS. */
  scene: LifeCircleScene | null;
  /** RGBA bytes per scene residence row (grey when absent or of another length). */
  residenceColors: Uint8Array | null;
  /** Category key → CSS colour. */
  categoryColors: ReadonlyMap<string, string>;
  /** Categories whose facilities are drawn. */
  shownCategories: ReadonlySet<string>;
  /** Scene row of the selected residence, -1 for none. */
  selectedRow: number;
  /** The selected residence's isochrone bands (smallest first), display CRS. */
  isochrone: FeatureCollection<MultiPolygon> | null;
  links: readonly FacilityLink[];
  sites: readonly SiteMarker[];
  marks: readonly EditMark[];
  theme: Theme;
};

export type LifeCircleLayerProps = _LifeCircleLayerProps & CompositeLayerProps;

const defaultProps: DefaultProps<LifeCircleLayerProps> = {
  scene: { type: 'object', value: null },
  residenceColors: { type: 'object', value: null },
  categoryColors: { type: 'object', value: new Map() },
  shownCategories: { type: 'object', value: new Set() },
  selectedRow: -1,
  isochrone: { type: 'object', value: null },
  links: { type: 'array', value: [] },
  sites: { type: 'array', value: [] },
  marks: { type: 'array', value: [] },
  theme: 'light',
  pickable: true,
  autoHighlight: true,
};

type LifeCircleLayerState = {
  roads: BinaryColumns | null;
  residences: BinaryColumns | null;
  /** Scene rows of the drawn facilities, in draw order: a facility pick's index maps through it. */
  facilityRows: Int32Array;
  facilities: BinaryColumns | null;
  isochrone: IsochronePolygon[];
  /** Bumped when the residence colours change: the residence areas' colour accessors read them. */
  colorVersion: number;
};

export class LifeCircleLayer extends CompositeLayer<Required<_LifeCircleLayerProps>> {
  static override layerName = 'LifeCircleLayer';
  static override defaultProps = defaultProps;

  declare state: LifeCircleLayerState;

  override initializeState(): void {
    this.setState({ roads: null, residences: null, facilityRows: new Int32Array(0), facilities: null, isochrone: [], colorVersion: 0 });
  }

  override updateState({ props, oldProps }: UpdateParameters<this>): void {
    const { scene } = props;
    const sceneChanged = scene !== oldProps.scene;
    if (sceneChanged) this.setState({ roads: roadColumns(scene) });
    if (sceneChanged || props.residenceColors !== oldProps.residenceColors) {
      this.setState({ residences: residenceColumns(scene, props.residenceColors), colorVersion: this.state.colorVersion + 1 });
    }
    if (sceneChanged || props.shownCategories !== oldProps.shownCategories || props.categoryColors !== oldProps.categoryColors) {
      const facilityRows = scene ? visibleFacilityRows(scene, props.shownCategories) : new Int32Array(0);
      this.setState({ facilityRows, facilities: scene ? facilityColumns(scene, facilityRows, props.categoryColors) : null });
    }
    if (props.isochrone !== oldProps.isochrone) this.setState({ isochrone: isochronePolygons(props.isochrone) });
  }

  override getPickingInfo({ info, sourceLayer }: GetPickingInfoParams): LifeCirclePickingInfo {
    return Object.assign(info, { target: this.targetOf(info, sourceLayer) });
  }

  /** Highlights only in the hovered sub-layer (every sub-layer numbers its objects from 0). */
  protected override _updateAutoHighlight(info: PickingInfo): void {
    for (const layer of this.getSubLayers()) layer.updateAutoHighlight(layer === info.sourceLayer ? info : { ...info, picked: false });
  }

  override renderLayers(): Layer[] {
    const { scene, selectedRow, links, sites, marks } = this.props;
    if (!scene) return [];
    const style = STYLES[this.props.theme];
    const { roads, residences, facilities, isochrone, colorVersion } = this.state;
    const layers: Layer[] = [];
    if (roads) {
      layers.push(
        new PathLayer<unknown>(
          this.getSubLayerProps({
            id: 'roads',
            data: roads,
            getColor: style.road,
            getWidth: 1,
            widthUnits: 'pixels',
            widthMinPixels: 1,
            _pathType: 'open',
            pickable: false,
          }),
        ),
      );
    }
    if (isochrone.length) {
      layers.push(
        new PolygonLayer<IsochronePolygon>(
          this.getSubLayerProps({
            id: 'isochrone',
            data: isochrone,
            getPolygon: (d: IsochronePolygon) => d.polygon,
            // Nested bands: the inner (shorter) ones add up to a darker core.
            getFillColor: style.isochroneFill,
            getLineColor: (d: IsochronePolygon): Rgba => {
              const [r, g, b, a] = style.isochroneLine;
              return [r, g, b, d.band === d.bands - 1 ? a : 140];
            },
            getLineWidth: (d: IsochronePolygon) => (d.band === d.bands - 1 ? 2 : 1),
            lineWidthUnits: 'pixels',
            stroked: true,
            filled: true,
            pickable: false,
            updateTriggers: { getLineColor: style.isochroneLine.join() },
          }),
        ),
      );
    }
    if (scene.residences.polygons.length) {
      const colors = this.props.residenceColors;
      const fill = (row: number, alpha: number): Rgba => (colors ? [colors[4 * row]!, colors[4 * row + 1]!, colors[4 * row + 2]!, alpha] : [150, 150, 150, alpha]);
      layers.push(
        new PolygonLayer<ResidencePolygon>(
          this.getSubLayerProps({
            id: 'residence-areas',
            data: scene.residences.polygons,
            getPolygon: (d: ResidencePolygon) => d.polygon,
            getFillColor: (d: ResidencePolygon) => fill(d.row, 110),
            getLineColor: (d: ResidencePolygon) => fill(d.row, 230),
            getLineWidth: 1,
            lineWidthUnits: 'pixels',
            stroked: true,
            autoHighlight: false,
            updateTriggers: { getFillColor: colorVersion, getLineColor: colorVersion },
          }),
        ),
      );
    }
    if (facilities && facilities.length) {
      layers.push(
        new ScatterplotLayer<unknown>(
          this.getSubLayerProps({
            id: 'facilities',
            data: facilities,
            radiusUnits: 'pixels',
            getRadius: 3.5,
            stroked: true,
            lineWidthUnits: 'pixels',
            getLineWidth: 1,
            getLineColor: style.facilityLine,
            highlightColor: style.highlight,
          }),
        ),
      );
    }
    if (links.length) {
      layers.push(
        new LineLayer<FacilityLink>(
          this.getSubLayerProps({
            id: 'links',
            data: links,
            getSourcePosition: (d: FacilityLink) => d.from,
            getTargetPosition: (d: FacilityLink) => d.to,
            getColor: (d: FacilityLink) => d.color,
            getWidth: 2,
            widthUnits: 'pixels',
            pickable: false,
          }),
        ),
      );
    }
    if (residences) {
      layers.push(
        new ScatterplotLayer<unknown>(
          this.getSubLayerProps({
            id: 'residences',
            data: residences,
            radiusUnits: 'pixels',
            stroked: true,
            lineWidthUnits: 'pixels',
            getLineWidth: 1.5,
            getLineColor: style.residenceLine,
            highlightColor: style.highlight,
          }),
        ),
      );
    }
    if (selectedRow >= 0 && selectedRow < scene.residences.ids.length) {
      const p = scene.residences.positions;
      layers.push(
        new ScatterplotLayer<number>(
          this.getSubLayerProps({
            id: 'selection',
            data: [selectedRow],
            getPosition: (row: number) => [p[2 * row]!, p[2 * row + 1]!],
            getRadius: (row: number) => scene.residences.radii[row]! + 4,
            radiusUnits: 'pixels',
            filled: false,
            stroked: true,
            lineWidthUnits: 'pixels',
            getLineWidth: 3,
            getLineColor: style.selection,
            pickable: false,
          }),
        ),
      );
    }
    if (marks.length) layers.push(...this.editLayers(marks, style));
    if (sites.length) {
      layers.push(
        new ScatterplotLayer<SiteMarker>(
          this.getSubLayerProps({
            id: 'sites',
            data: sites,
            getPosition: (d: SiteMarker) => d.position,
            getRadius: 10,
            radiusUnits: 'pixels',
            getFillColor: style.site,
            stroked: true,
            lineWidthUnits: 'pixels',
            getLineWidth: 2,
            getLineColor: style.siteLine,
            autoHighlight: false,
          }),
        ),
        new TextLayer<SiteMarker>(
          this.getSubLayerProps({
            id: 'site-ranks',
            data: sites,
            getPosition: (d: SiteMarker) => d.position,
            getText: (d: SiteMarker) => String(d.rank),
            getSize: 12,
            getColor: style.siteText,
            fontFamily: FONT_STACK,
            fontWeight: 700,
            characterSet: '0123456789',
            getTextAnchor: 'middle',
            getAlignmentBaseline: 'center',
            pickable: false,
          }),
        ),
      );
    }
    return layers;
  }

  /** Moved facilities' paths from their baseline place, then rings and ghosts (never picked). */
  private editLayers(marks: readonly EditMark[], style: LayerStyle): Layer[] {
    const moves = marks.filter((m) => m.from !== undefined);
    const ring = (m: EditMark): Rgba => (m.kind === 'removed' ? style.ghost : m.kind === 'added' ? style.added : m.kind === 'moved' ? style.moved : style.selection);
    return [
      new LineLayer<EditMark>(
        this.getSubLayerProps({
          id: 'edit-moves',
          data: moves,
          getSourcePosition: (d: EditMark) => d.from!,
          getTargetPosition: (d: EditMark) => d.position,
          getColor: style.moved,
          getWidth: 1.5,
          widthUnits: 'pixels',
          pickable: false,
        }),
      ),
      new ScatterplotLayer<EditMark>(
        this.getSubLayerProps({
          id: 'edit-marks',
          data: marks,
          getPosition: (d: EditMark) => d.position,
          getRadius: (d: EditMark) => (d.kind === 'selected' || d.kind === 'dragging' ? 11 : 9),
          radiusUnits: 'pixels',
          // A removed facility is a faded ghost; a dragged one is drawn where it would go.
          getFillColor: (d: EditMark): Rgba => (d.kind === 'removed' ? [d.color[0], d.color[1], d.color[2], 70] : d.kind === 'dragging' ? d.color : [0, 0, 0, 0]),
          getLineColor: ring,
          getLineWidth: (d: EditMark) => (d.kind === 'removed' ? 2 : 3),
          stroked: true,
          lineWidthUnits: 'pixels',
          pickable: false,
          updateTriggers: { getLineColor: this.props.theme },
        }),
      ),
    ];
  }

  /** The residence, facility or site a sub-layer pick hit (sub-layer ids are this layer's own `id-name`). */
  private targetOf(info: PickingInfo, sourceLayer: Layer | null | undefined): LifeCircleTarget | null {
    const { scene, sites } = this.props;
    if (!scene || !sourceLayer || (info.index < 0 && !info.object)) return null;
    switch (sourceLayer.id.slice(this.id.length + 1)) {
      case 'residences':
        return residenceTarget(scene, info.index);
      case 'residence-areas':
        return residenceTarget(scene, (info.object as ResidencePolygon | null)?.row ?? -1);
      case 'facilities': {
        const row = this.state.facilityRows[info.index] ?? -1;
        const id = scene.facilities.ids[row];
        return id === undefined ? null : { kind: 'facility', id, row };
      }
      case 'sites': {
        const site = sites[info.index];
        return site ? { kind: 'site', rank: site.rank, row: info.index } : null;
      }
      default:
        return null;
    }
  }
}

function residenceTarget(scene: LifeCircleScene, row: number): LifeCircleTarget | null {
  const id = scene.residences.ids[row];
  return id === undefined ? null : { kind: 'residence', id, row };
}

function roadColumns(scene: LifeCircleScene | null): BinaryColumns | null {
  const roads = scene?.roads;
  return roads ? { length: roads.length, startIndices: roads.startIndices, attributes: { getPath: { value: roads.positions, size: 2 } } } : null;
}

function residenceColumns(scene: LifeCircleScene | null, residenceColors: Uint8Array | null): BinaryColumns | null {
  if (!scene) return null;
  const n = scene.residences.ids.length;
  const colors = residenceColors && residenceColors.length === 4 * n ? residenceColors : new Uint8Array(4 * n).fill(UNRATED);
  return {
    length: n,
    attributes: {
      getPosition: { value: scene.residences.positions, size: 2 },
      getRadius: { value: scene.residences.radii, size: 1 },
      getFillColor: { value: colors, size: 4, normalized: true },
    },
  };
}

function facilityColumns(scene: LifeCircleScene, rows: Int32Array, categoryColors: ReadonlyMap<string, string>): BinaryColumns {
  const positions = new Float64Array(rows.length * 2);
  const colors = new Uint8Array(rows.length * 4);
  const cache = new Map<string, Rgba>();
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    positions[2 * i] = scene.facilities.positions[2 * r]!;
    positions[2 * i + 1] = scene.facilities.positions[2 * r + 1]!;
    const key = scene.facilities.category[r]!;
    let rgba = cache.get(key);
    if (!rgba) cache.set(key, (rgba = toRgba(categoryColors.get(key) ?? '#888888')));
    colors.set(rgba, 4 * i);
  }
  return { length: rows.length, attributes: { getPosition: { value: positions, size: 2 }, getFillColor: { value: colors, size: 4, normalized: true } } };
}

function isochronePolygons(collection: FeatureCollection<MultiPolygon> | null): IsochronePolygon[] {
  if (!collection) return [];
  const features = collection.features;
  const out: IsochronePolygon[] = [];
  // Largest band first, so the smaller ones draw on top.
  for (let band = features.length - 1; band >= 0; band--) {
    for (const polygon of features[band]!.geometry?.coordinates ?? []) out.push({ polygon, band, bands: features.length });
  }
  return out;
}
