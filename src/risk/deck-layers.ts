/**
 * The deck.gl layer `<city-risk-layer>` hands its map: one `RiskLayer` built from what the filter
 * shows, the settings, colours and zoom; rebuilt only when one of those changed. Says (once) when
 * `hex-radius` had to grow to keep the hexagon grid drawable, and clears that note when not.
 */
import type { Deck } from '@deck.gl/core';
import type { ValidationIssue } from '../core/validation';
import { hexRadiusIssue, type RiskSettings } from './model/attributes';
import { riskDrawing, type RiskDomains } from './model/display';
import type { RiskShown } from './model/filter';
import type { RiskColors } from './view/palette';
import { riskLayerFor, type RiskLayer, type RiskPickingInfo } from './view/risk-layer';

/** What the layer is built from (null parts: nothing to draw yet). */
export interface RiskLayerState {
  id: string;
  shown: RiskShown | null;
  domains: RiskDomains | null;
  settings: RiskSettings;
  colors: RiskColors;
  zoom: number;
  hoveredCell: number;
}

export class RiskDeckLayers {
  layers: readonly RiskLayer[] = [];
  /** The filter result the layer was last built with. */
  private drawnShown: RiskShown | null = null;
  private hexNote = '';

  /** `reportHex`: the hex-radius note, or none (an empty list clears it). */
  constructor(private readonly reportHex: (issues: ValidationIssue[]) => void) {}

  /** True when `shown` is not what the layer was built with. */
  isStale(shown: RiskShown | null): boolean {
    return shown !== this.drawnShown;
  }

  build({ id, shown, domains, settings, colors, zoom, hoveredCell }: RiskLayerState): void {
    this.drawnShown = shown;
    this.layers = [];
    if (!shown || !domains) return;
    const drawing = riskDrawing(settings, domains, zoom);
    this.noteHexRadius(settings.hexRadius, drawing.hexRadius);
    this.layers = [riskLayerFor({ id, shown, settings, drawing, colors, zoom, hoveredCell })];
  }

  /** Whether one of the shown records is drawn at pixel (x, y) of `canvas`; null when `canvas` is not `deck`'s. */
  recordAt(deck: Deck | null | undefined, layerId: string, canvas: HTMLCanvasElement, x: number, y: number): boolean | null {
    if (!deck || deck.getCanvas() !== canvas) return null;
    const info = deck.pickObject({ x, y, radius: 1, layerIds: [`${layerId}-`] }) as RiskPickingInfo | null;
    return info?.object?.kind === 'record';
  }

  private noteHexRadius(wanted: number, used: number): void {
    const note = used === wanted ? null : hexRadiusIssue(wanted, used);
    if ((note?.message ?? '') === this.hexNote) return;
    this.hexNote = note?.message ?? '';
    this.reportHex(note ? [note] : []);
  }
}
