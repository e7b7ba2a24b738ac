/** When `<city-life-circle>` has drawn what its inputs describe (its `rendered()`). */
import type { ReactiveElement } from 'lit';
import type { CityMap } from '../../map/city-map';
import type { LifeCircleAnalysis } from '../analysis-controller';

/** What the element waits on: its file import, its analysis (with the isochrone) and its map. */
export interface RenderedParts {
  importer: { readonly busy: boolean; settled(): Promise<void> };
  analysis: LifeCircleAnalysis;
  map(): CityMap | null;
}

/**
 * Resolves when the current inputs are loaded, analysed, and the result (or the error) is drawn
 * by the map; at once when the element is not on the page. An input that changed meanwhile is
 * waited for too.
 */
export async function settleRendering(host: ReactiveElement, { importer, analysis, map }: RenderedParts): Promise<void> {
  while (host.isConnected) {
    await importer.settled();
    await host.updateComplete;
    await analysis.settled();
    await host.updateComplete;
    await analysis.isochroneSettled;
    await host.updateComplete;
    const shown = map();
    if (!host.isConnected || !shown) return;
    await shown.rendered();
    if (!analysis.busy && !analysis.isochronePending && !host.isUpdatePending && !importer.busy) return;
  }
}
