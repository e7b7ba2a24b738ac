import { CORNERS, type Corner } from './map-context';

/** Space between two stacked corner boxes, as between the map's own corner overlays. */
export const CORNER_GAP = 8;

export interface CornerBox {
  width: number;
  height: number;
}

/** Where a layer's box in one corner goes: `x` from the corner's side edge, `y` from its top or bottom edge (CSS px). */
export interface CornerOffset {
  x: number;
  y: number;
}

const BOTTOM: readonly Corner[] = ['bottom-left', 'bottom-right'];
const OPPOSITE: Record<Corner, Corner> = { 'top-left': 'top-right', 'top-right': 'top-left', 'bottom-left': 'bottom-right', 'bottom-right': 'bottom-left' };
/** The map's own margin at each side of a corner box. */
const EDGE = 12;

/**
 * Places the corner boxes of a map's layers, in DOM order, so none covers another. The first box
 * of a corner sits in it; a later one goes above (below, at the top) the boxes before it — or, at
 * the bottom edge, beside them when it fits between them and the opposite corner's boxes, so a
 * wide time slider runs along the bottom next to a legend instead of over the middle of the map.
 */
export function stackCorners(layers: readonly Partial<Record<Corner, CornerBox>>[], mapWidth: number): Record<Corner, CornerOffset>[] {
  const size = (box: CornerBox | undefined) => (box && Number.isFinite(box.width) && Number.isFinite(box.height) && box.height > 0 ? box : null);
  const widest = Object.fromEntries(CORNERS.map((corner) => [corner, Math.max(0, ...layers.map((layer) => Math.ceil(size(layer[corner])?.width ?? 0)))])) as Record<Corner, number>;
  const stacked: Record<Corner, number> = { 'top-left': 0, 'top-right': 0, 'bottom-left': 0, 'bottom-right': 0 };
  const right: Record<Corner, number> = { 'top-left': 0, 'top-right': 0, 'bottom-left': 0, 'bottom-right': 0 };
  return layers.map((layer) => {
    const offsets = {} as Record<Corner, CornerOffset>;
    for (const corner of CORNERS) {
      const box = size(layer[corner]);
      const width = Math.ceil(box?.width ?? 0);
      const height = Math.ceil(box?.height ?? 0);
      const room = mapWidth - 2 * EDGE - (widest[OPPOSITE[corner]] ? widest[OPPOSITE[corner]] + CORNER_GAP : 0);
      const beside = box !== null && BOTTOM.includes(corner) && right[corner] > 0 && right[corner] + CORNER_GAP + width <= room;
      offsets[corner] = beside ? { x: right[corner] + CORNER_GAP, y: 0 } : { x: 0, y: stacked[corner] };
      if (!box) continue;
      const placed = offsets[corner];
      right[corner] = Math.max(right[corner], placed.x + width);
      stacked[corner] = Math.max(stacked[corner], placed.y + height + CORNER_GAP);
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
