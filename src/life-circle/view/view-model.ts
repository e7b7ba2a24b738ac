/**
 * What `<city-life-circle>` hands its map layer and its side panel, derived from plain data and
 * remembered until that data changes (a hover or a progress step re-renders without recomputing
 * colours, legend, links or the gap list).
 */
import type { Crs } from '../../core/crs';
import { translate, type Locale, type StringTable } from '../../core/i18n';
import type { Theme } from '../../core/theme';
import type { ScopeSelection } from '../../scope/scope-context';
import type { LegendModel } from '../../ui/legend';
import type { IsochroneCollection } from '../engine/isochrone';
import type { SiteSuggestion } from '../engine/site-suggestion';
import type { LevelMinutes, LifeCircleResult, StandardCategory, TravelMode } from '../engine/types';
import type { LifeCircleAnalysis } from '../analysis-controller';
import type { PanelModel } from '../panel/render';
import { scoreColorColumn } from './colors';
import { convertCollection } from './input';
import type { LifeCircleLayerProps } from './life-circle-deck-layer';
import { facilityLinks, scoreLegend, siteMarkers } from './map-model';
import { memoize } from './memo';
import { ALL_RESIDENCES, allResidences, coverageRows, gapResidences, residenceDetail, suggestableCategories, unitCoverage, type UnitCoverage } from './report';
import { sceneName, sceneScores, type LifeCircleScene } from './scene';
import { scopedColorColumn, unitMask } from './scope-view';

/** Everything the map and the panel show, as the element holds it now. */
export interface LifeCircleSnapshot {
  scene: LifeCircleScene | null;
  categories: StandardCategory[];
  categoryColors: ReadonlyMap<string, string>;
  facilityCounts: ReadonlyMap<string, number>;
  result: LifeCircleResult | null;
  running: boolean;
  /** WGS-84. */
  isochrone: IsochroneCollection | null;
  suggestion: SiteSuggestion | null;
  suggestBusy: boolean;
  suggestError: string | null;
  suggestCategory: string | null;
  selected: string | null;
  hiddenCategories: readonly string[] | null;
  level: LevelMinutes;
  mode: TravelMode;
  siteCount: number;
  mapCrs: Crs;
  gapFilter: string | null;
  gapLimit: number;
  locale: Locale;
  strings: StringTable | undefined;
  theme: Theme;
  /** The selection of the `<city-scope>` around the element (null: outside any). */
  scope: ScopeSelection | null;
}

/** The snapshot of the element's parts: its analysis, attributes in effect, panel choices, and what the element itself holds. */
export function takeSnapshot(
  analysis: LifeCircleAnalysis,
  attrs: Pick<LifeCircleSnapshot, 'level' | 'mode' | 'siteCount' | 'mapCrs'>,
  choices: Pick<LifeCircleSnapshot, 'gapFilter' | 'gapLimit' | 'suggestCategory'>,
  own: Pick<LifeCircleSnapshot, 'selected' | 'hiddenCategories' | 'locale' | 'strings' | 'theme' | 'scope'>,
): LifeCircleSnapshot {
  const { inputs, result, running, isochrone, suggestion, suggestBusy, suggestError } = analysis;
  const { scene, categories, categoryColors, facilityCounts } = inputs;
  const { level, mode, siteCount, mapCrs } = attrs;
  const { gapFilter, gapLimit, suggestCategory } = choices;
  return { scene, categories, categoryColors, facilityCounts, result, running, isochrone, suggestion, suggestBusy, suggestError, suggestCategory, level, mode, siteCount, mapCrs, gapFilter, gapLimit, ...own };
}

/** The properties of `<city-life-circle-layer>`: what its deck layer draws (the theme is the element's own), and its legend. */
export type LayerModel = Pick<
  LifeCircleLayerProps,
  'scene' | 'residenceColors' | 'categoryColors' | 'shownCategories' | 'selectedRow' | 'isochrone' | 'links' | 'sites'
> & { legend: LegendModel | null };

export class LifeCircleViewModel {
  private readonly hidden = memoize((hidden: readonly string[] | null) => new Set(hidden ?? []));
  private readonly scoreColors = memoize((scene: LifeCircleScene | null, result: LifeCircleResult | null, theme: Theme) =>
    scene ? scoreColorColumn(sceneScores(scene, result), theme) : null,
  );
  private readonly residenceColors = memoize((colors: Uint8Array | null, mask: Uint8Array | null, theme: Theme) =>
    colors ? scopedColorColumn(colors, mask, theme) : null,
  );
  /** The scope's selection as the residences see it: replaced only when its unit or hierarchy changes, not its window. */
  private unitSelection: ScopeSelection | null = null;
  private readonly mask = memoize((scene: LifeCircleScene | null, selection: ScopeSelection | null) => (scene ? unitMask(scene, selection) : null));
  private readonly unitCoverage = memoize((scene: LifeCircleScene | null, result: LifeCircleResult | null, selection: ScopeSelection | null) => {
    const mask = this.mask(scene, selection);
    if (!scene || !result || !mask || selection?.unit == null) return null;
    const row = scene.residences.row;
    return unitCoverage(result, selection.unit, (id) => mask[row.get(id) ?? -1] === 1);
  });
  private readonly legend = memoize((scene: LifeCircleScene | null, result: LifeCircleResult | null, theme: Theme, locale: Locale, strings?: StringTable) =>
    result && scene ? scoreLegend(sceneScores(scene, result), locale, (key, params) => translate(locale, key, params, strings), theme) : null,
  );
  /** Categories whose facilities are drawn: those analysed (or of the level, before a result), minus hidden ones. */
  private readonly shownCategories = memoize((result: LifeCircleResult | null, categories: StandardCategory[], level: LevelMinutes, hidden: ReadonlySet<string>) => {
    const keys = result ? result.categories.map((c) => c.key) : categories.filter((c) => c.level === level).map((c) => c.key);
    return new Set(keys.filter((key) => !hidden.has(key)));
  });
  /** Lines from the selected residence to its nearest facility of each analysed category. */
  private readonly links = memoize(
    (scene: LifeCircleScene | null, result: LifeCircleResult | null, id: string | null, colors: ReadonlyMap<string, string>, hidden: ReadonlySet<string>) =>
      scene && result && id !== null ? facilityLinks(scene, result, id, colors, hidden) : [],
  );
  private readonly isochrone = memoize((isochrone: IsochroneCollection | null, mapCrs: Crs) =>
    isochrone ? convertCollection(isochrone, 'wgs84', mapCrs) : null,
  );
  private readonly sites = memoize(siteMarkers);
  private readonly gaps = memoize((result: LifeCircleResult, filter: string | null, locale: Locale, scene: LifeCircleScene | null) => {
    const nameOf = (id: string) => (scene ? sceneName(scene.residences, id) : null);
    return filter === ALL_RESIDENCES ? allResidences(result, locale, nameOf) : gapResidences(result, locale, nameOf, filter);
  });

  /** The coverage of the scope's selected unit (null: no unit selected, or no result yet). */
  scopeCoverage(scene: LifeCircleScene | null, result: LifeCircleResult | null, scope: ScopeSelection | null): UnitCoverage | null {
    return this.unitCoverage(scene, result, this.unitsOf(scope));
  }

  private unitsOf(scope: ScopeSelection | null): ScopeSelection | null {
    const held = this.unitSelection;
    if (!scope || scope.unit === null) return (this.unitSelection = null);
    if (held && held.unit === scope.unit && held.tree === scope.tree) return held;
    return (this.unitSelection = scope);
  }

  /** The selected unit's name in the scope's hierarchy (its id when the hierarchy has no name for it). */
  private unitName(scope: ScopeSelection, unit: string): string {
    const index = scope.tree?.indexOf(unit) ?? -1;
    return index >= 0 ? scope.tree!.names[index]! : unit;
  }

  layer(s: LifeCircleSnapshot): LayerModel {
    const hidden = this.hidden(s.hiddenCategories);
    return {
      scene: s.scene,
      residenceColors: this.residenceColors(this.scoreColors(s.scene, s.result, s.theme), this.mask(s.scene, this.unitsOf(s.scope)), s.theme),
      categoryColors: s.categoryColors,
      shownCategories: this.shownCategories(s.result, s.categories, s.level, hidden),
      selectedRow: s.scene && s.selected !== null ? (s.scene.residences.row.get(s.selected) ?? -1) : -1,
      isochrone: this.isochrone(s.isochrone, s.mapCrs),
      links: this.links(s.scene, s.result, s.selected, s.categoryColors, hidden),
      sites: this.sites(s.suggestion, s.mapCrs),
      legend: this.legend(s.scene, s.result, s.theme, s.locale, s.strings),
    };
  }

  panel(s: LifeCircleSnapshot): PanelModel {
    const { result, locale, scene } = s;
    const t = (key: string, params?: Record<string, string | number>) => translate(locale, key, params, s.strings);
    const nameIn = (table: 'residences' | 'facilities') => (id: string) => (scene ? sceneName(scene[table], id) : null);
    const detail = result && s.selected !== null ? residenceDetail(result, s.selected, locale, nameIn('residences'), nameIn('facilities')) : null;
    const bands = s.isochrone?.features ?? [];
    const outer = bands.length ? bands[bands.length - 1]!.properties : null;
    const unit = this.scopeCoverage(scene, result, s.scope);
    return {
      locale,
      t,
      running: s.running,
      result,
      level: s.level,
      mode: s.mode,
      coverage: result ? coverageRows(result, locale, s.categoryColors, this.hidden(s.hiddenCategories), s.facilityCounts, unit) : [],
      unit: unit && s.scope ? { name: this.unitName(s.scope, unit.unit), residences: unit.residences, population: unit.population } : null,
      detail,
      isochroneMinutes: detail && outer && outer.reachable ? outer.minutes : null,
      gaps: result ? this.gaps(result, s.gapFilter, locale, scene) : [],
      gapFilter: s.gapFilter,
      gapLimit: s.gapLimit,
      suggestCategories: result ? suggestableCategories(result, locale) : [],
      suggestCategory: s.suggestCategory,
      suggestK: s.siteCount,
      suggestion: s.suggestion,
      suggestBusy: s.suggestBusy,
      suggestError: s.suggestError,
      selectedId: s.selected,
    };
  }
}
