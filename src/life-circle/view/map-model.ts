/**
 * What the map shows besides the data itself, as plain values: the score legend (with residence
 * counts per class), tooltip text for a picked object, the lines from a selected residence to
 * its nearest facilities, and the suggested sites' markers.
 */
import { toRgba, type Rgba } from '../../core/color';
import { crsTransform, type Crs } from '../../core/crs';
import { formatNumber, type Locale } from '../../core/i18n';
import type { Theme } from '../../core/theme';
import type { LegendModel } from '../../ui/legend';
import { residenceOutcome } from '../engine/result';
import type { SiteSuggestion } from '../engine/site-suggestion';
import type { LifeCircleResult, StandardCategory } from '../engine/types';
import { scoreClass, scoreColor, scoreLegendClasses } from './colors';
import type { FacilityLink, PickKind, SiteMarker } from './life-circle-deck-layer';
import type { LifeCircleScene } from './scene';

export type Translate = (key: string, params?: Record<string, string | number>) => string;

/** Score classes, best first, with how many residences fall in each; "not rated" only when some are. */
export function scoreLegend(scores: ArrayLike<number>, locale: Locale, t: Translate, theme: Theme): LegendModel {
  const counts = new Array<number>(6).fill(0);
  for (let i = 0; i < scores.length; i++) {
    const k = scoreClass(scores[i]);
    counts[k < 0 ? 5 : k]!++;
  }
  const percent = (v: number) => formatNumber(locale, v, { style: 'percent', maximumFractionDigits: 0 });
  const classes = scoreLegendClasses();
  const entries = classes.map((c, i) => {
    const label = c.from === 1 ? percent(1) : c.from === 0 ? `< ${percent(c.to)}` : `${percent(c.from)}–${percent(c.to)}`;
    return { label, color: c.color, count: counts[classes.length - 1 - i]! };
  });
  if (counts[5]! > 0) entries.push({ label: t('life.legend.no-score'), color: scoreColor(null, theme), count: counts[5]! });
  return { title: t('life.legend.score'), entries };
}

export interface TooltipText {
  title: string;
  lines: string[];
}

/** `describeTarget` on what an analysis holds (null before there is a scene). */
export function describeIn(
  analysis: { inputs: { scene: LifeCircleScene | null; categories: readonly StandardCategory[] }; result: LifeCircleResult | null; suggestion: SiteSuggestion | null },
  target: { kind: PickKind; row: number },
  locale: Locale,
  t: Translate,
): TooltipText | null {
  const { scene, categories } = analysis.inputs;
  return scene ? describeTarget(target.kind, target.row, { scene, result: analysis.result, suggestion: analysis.suggestion, categories, locale, t }) : null;
}

/** Tooltip title and lines (plain text) for a residence, facility or suggested site. */
export function describeTarget(
  kind: PickKind,
  row: number,
  context: {
    scene: LifeCircleScene;
    result: LifeCircleResult | null;
    suggestion: SiteSuggestion | null;
    categories: readonly StandardCategory[];
    locale: Locale;
    t: Translate;
  },
): TooltipText | null {
  const { scene, result, suggestion, categories, locale, t } = context;
  if (kind === 'residence') {
    const id = scene.residences.ids[row];
    if (id === undefined) return null;
    const outcome = result ? residenceOutcome(result, id) : undefined;
    const lines = [t('life.tooltip.population', { population: formatNumber(locale, scene.residences.population[row]!) })];
    if (outcome) {
      lines.push(
        outcome.required > 0
          ? t('life.tooltip.score', {
              met: outcome.met,
              required: outcome.required,
              share: formatNumber(locale, outcome.score ?? 0, { style: 'percent', maximumFractionDigits: 0 }),
            })
          : t('life.legend.no-score'),
      );
    }
    return { title: scene.residences.names[row] ?? id, lines };
  }
  if (kind === 'facility') {
    const id = scene.facilities.ids[row];
    if (id === undefined) return null;
    const key = scene.facilities.category[row]!;
    const category = categories.find((c) => c.key === key);
    return { title: scene.facilities.names[row] ?? id, lines: [t('life.tooltip.category', { category: category?.label[locale] ?? key })] };
  }
  const site = suggestion?.sites[row];
  if (!site) return null;
  return { title: t('life.tooltip.site', { rank: site.rank }), lines: [t('life.tooltip.added', { population: formatNumber(locale, site.population) })] };
}

const UNMET_LINK: Rgba = [150, 150, 150, 150];

/**
 * Lines from a residence to its nearest facility of each analysed distance category (not rule
 * rows, not hidden categories): in the category's colour when within the limit, grey when not.
 */
export function facilityLinks(
  scene: LifeCircleScene,
  result: LifeCircleResult,
  id: string,
  colors: ReadonlyMap<string, string>,
  hidden: ReadonlySet<string>,
): FacilityLink[] {
  const row = scene.residences.row.get(id);
  const outcome = residenceOutcome(result, id);
  if (row === undefined || !outcome) return [];
  const p = scene.residences.positions;
  const from: [number, number] = [p[2 * row]!, p[2 * row + 1]!];
  const links: FacilityLink[] = [];
  for (const category of result.categories) {
    const cell = outcome.categories[category.key];
    if (!cell?.facility || category.rule !== null || hidden.has(category.key)) continue;
    const f = scene.facilities.row.get(cell.facility);
    if (f === undefined) continue;
    const color = cell.within ? toRgba(colors.get(category.key) ?? '#888888', 220) : UNMET_LINK;
    links.push({ from, to: [scene.facilities.positions[2 * f]!, scene.facilities.positions[2 * f + 1]!], color });
  }
  return links;
}

/** Markers of the suggested sites in the map's CRS. */
export function siteMarkers(suggestion: SiteSuggestion | null, mapCrs: Crs): SiteMarker[] {
  const toDisplay = mapCrs === 'wgs84' ? null : crsTransform('wgs84', mapCrs);
  return (suggestion?.sites ?? []).map(({ rank, coordinates: [lon, lat] }) => ({ rank, position: toDisplay ? toDisplay(lon, lat) : [lon, lat] }));
}
