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

/**
 * Page overlays slotted into the map's corners push the layers' own boxes aside: the height of
 * each corner (with a gap) is published on the map as `--city-map-inset-<corner>`, which the
 * layers inherit and add to `--city-stack-<corner>`.
 */
export function watchPageCorners(map: HTMLElement, corners: Iterable<HTMLElement>): ResizeObserver {
  const boxes = [...corners];
  const publish = () => {
    for (const box of boxes) {
      const corner = CORNERS.find((name) => box.classList.contains(name));
      const height = box.getBoundingClientRect().height;
      if (corner) map.style.setProperty(`--city-map-inset-${corner}`, height > 0 ? `${Math.ceil(height) + CORNER_GAP}px` : '0px');
    }
  };
  const observer = new ResizeObserver(publish);
  for (const box of boxes) observer.observe(box);
  return observer;
}
