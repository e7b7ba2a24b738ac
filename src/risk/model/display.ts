/**
 * What the risk layer draws at a zoom: the heat → points hand-over of auto mode, symbol size, and
 * the colour domains (fixed per data set, so colours never shift on pan, zoom or filter), cached.
 */
import { fitHexRadius, heatDensityDomain, hexCountMax } from './domain';
import type { RiskSettings } from './attributes';
import type { RiskTable } from './table';

/** Auto mode fades heat into points over this many zoom levels around `handover-zoom`. */
export const HANDOVER_FADE = 1;

/**
 * Auto mode's share of points at `zoom` (0: all heat, 1: all points), quantised to eighths so a
 * zoom animation rebuilds layer props a handful of times, not every frame.
 */
export function handoverShare(zoom: number, handoverZoom: number): number {
  const t = Math.min(Math.max((zoom - (handoverZoom - HANDOVER_FADE / 2)) / HANDOVER_FADE, 0), 1);
  return Math.round(t * 8) / 8;
}

/** Symbol size factor by zoom: half size at zoom ≤ 11, full size from zoom 15 (quantised). */
export function pointScale(zoom: number): number {
  return Math.round(Math.min(Math.max(0.5 + (zoom - 11) / 8, 0.5), 1) * 8) / 8;
}

/** The data-derived colour domains and hexagon radii of one table, each computed once. */
export class RiskDomains {
  private readonly domains = new Map<string, [number, number]>();
  private readonly hexFits = new Map<number, number>();

  constructor(readonly table: RiskTable) {}

  /** Heat colour domain in weight per km². */
  get heat(): [number, number] {
    let domain = this.domains.get('heat');
    if (!domain) this.domains.set('heat', (domain = heatDensityDomain(this.table)));
    return domain;
  }

  /** Hex count domain `[1, max count per cell]` at the hexagon radius used for `wantedRadius`. */
  hexCount(wantedRadius: number): [number, number] {
    const radius = this.hexRadius(wantedRadius);
    const key = `hex:${radius}`;
    let domain = this.domains.get(key);
    if (!domain) this.domains.set(key, (domain = [1, Math.max(2, hexCountMax(this.table, radius))]));
    return domain;
  }

  /** `wantedRadius`, grown where the data's extent would need too many hexagons. */
  hexRadius(wantedRadius: number): number {
    let used = this.hexFits.get(wantedRadius);
    if (used === undefined) this.hexFits.set(wantedRadius, (used = fitHexRadius(this.table, wantedRadius)));
    return used;
  }
}

/** What the layer draws and its legend shows for the current settings at `zoom`. */
export interface RiskDrawing {
  /** Auto mode's share of points (see `handoverShare`). */
  handover: number;
  /** Heat colour domain while a heat sub-layer exists (kept through auto mode's hand-over), else null. */
  heatDomain: readonly [number, number] | null;
  /** Heat colour domain while heat is visible (the legend's heat scale), else null. */
  heatLegendDomain: readonly [number, number] | null;
  /** Hexagon radius in use (grown from `hex-radius` when the extent needs it). */
  hexRadius: number;
  /** Count colour domain in `hex-metric="count"`. */
  hexCountDomain: readonly [number, number];
  /** What the legend explains. */
  legend: 'levels' | 'hex-level' | 'hex-count';
}

export function riskDrawing(
  settings: Pick<RiskSettings, 'mode' | 'colorDomain' | 'hexMetric' | 'hexRadius' | 'handoverZoom'>,
  domains: RiskDomains,
  zoom: number,
): RiskDrawing {
  const { mode, colorDomain, hexMetric, hexRadius, handoverZoom } = settings;
  const handover = handoverShare(zoom, handoverZoom);
  const heat = mode === 'heat' || mode === 'auto';
  const heatDomain = heat ? (colorDomain ?? domains.heat) : null;
  const hexCount = mode === 'hex' && hexMetric === 'count';
  return {
    handover,
    heatDomain,
    heatLegendDomain: mode === 'heat' || (mode === 'auto' && handover < 1) ? heatDomain : null,
    hexRadius: mode === 'hex' ? domains.hexRadius(hexRadius) : hexRadius,
    hexCountDomain: hexCount ? (colorDomain ?? domains.hexCount(hexRadius)) : [1, 2],
    legend: mode !== 'hex' ? 'levels' : hexCount ? 'hex-count' : 'hex-level',
  };
}
