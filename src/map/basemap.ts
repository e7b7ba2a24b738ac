/**
 * The map's optional raster basemap: its layer, built (and its code loaded) only when a
 * `basemap` template is set — the default map makes no tile requests at all.
 */
import type { Layer } from '@deck.gl/core';

export class Basemap {
  /** The layer under every child's layers; null without a basemap (or while its code loads). */
  layer: Layer | null = null;
  private builtFor: string | undefined;
  private warnedFor: string | undefined;

  /** @param changed called when `layer` changed and the map must hand deck.gl its layers again. */
  constructor(private readonly changed: () => void) {}

  /** Shows `template` (`…/{z}/{x}/{y}.png`; undefined: none) up to `maxZoom`. */
  async show(template: string | undefined, maxZoom: number): Promise<void> {
    const key = template === undefined ? undefined : `${maxZoom} ${template}`;
    if (this.builtFor === key) return;
    this.builtFor = key;
    const layer = template === undefined ? null : (await import('./basemap-layers')).basemapLayer(template, maxZoom, (error) => this.warn(template, error));
    if (this.builtFor !== key) return; // another template came while this one loaded
    this.layer = layer;
    this.changed();
  }

  /** A layer instance belongs to the Deck that initialized it: a new Deck gets a clone. */
  newDeck(): void {
    this.layer = this.layer?.clone({}) ?? null;
  }

  /** One line per basemap, not one per tile: a broken tile server should be noticed, not flood the console. */
  private warn(template: string, error: Error): void {
    if (this.warnedFor === template) return;
    this.warnedFor = template;
    console.warn(`<city-map>: basemap tiles failed to load from ${template}: ${error.message}`);
  }
}
