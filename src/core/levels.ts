/** The management hierarchy, top to bottom (一张网格: 区县 > 街道 > 社区 > 网格 > 微网格). */
export const GRID_LEVELS = ['district', 'street', 'community', 'grid', 'micro-grid'] as const;
export type GridLevel = (typeof GRID_LEVELS)[number];

export function isGridLevel(value: unknown): value is GridLevel {
  return typeof value === 'string' && (GRID_LEVELS as readonly string[]).includes(value);
}

/** 0 for district … 4 for micro-grid; -1 for anything else. */
export function levelDepth(level: string): number {
  return (GRID_LEVELS as readonly string[]).indexOf(level);
}
