import { CORNERS, type Corner } from './map-context';

/** Space between two stacked corner boxes, as between the map's own corner overlays. */
export const CORNER_GAP = 8;

/**
 * Stacks the corner boxes of a map's layers: the first layer (DOM order) sits at each corner, each
 * next one starts after the boxes before it. Returns each layer's offsets in CSS px.
 */
export function stackCorners(heights: readonly Partial<Record<Corner, number>>[]): Record<Corner, number>[] {
  const used: Record<Corner, number> = { 'top-left': 0, 'top-right': 0, 'bottom-left': 0, 'bottom-right': 0 };
  return heights.map((layer) => {
    const offsets = { ...used };
    for (const corner of CORNERS) {
      const height = layer[corner] ?? 0;
      if (Number.isFinite(height) && height > 0) used[corner] += Math.ceil(height) + CORNER_GAP;
    }
    return offsets;
  });
}
