/**
 * The linked-dashboard fixtures: the grid sample's communities with the funnel's city-management
 * cases assigned to them, and one major risk at the centre of each of C1, C3 (in D1) and C4 (in D2).
 */
import { centre } from '../grid/fixtures';
import { cityManagementCases, NOW } from '../funnel/element-fixtures';

const COMMUNITY_OF: Record<string, string> = { g0: 'C1', g1: 'C2', g2: 'C3', g3: 'C4' };
export const LINKED_CASES = cityManagementCases().map((c) => ({ ...c, grid: COMMUNITY_OF[c.grid as string] }));
export const LINKED_NOW = NOW;
/** One major risk at the centre of each community (C1, C3 in D1; C4 in D2), a day apart. */
export const LINKED_RISKS = [
  { id: 'r1', grid: 'C1', box: [0, 0, 1, 1], time: '2024-03-01T10:00:00+08:00' },
  { id: 'r3', grid: 'C3', box: [1, 0, 2, 2], time: '2024-03-02T10:00:00+08:00' },
  { id: 'r4', grid: 'C4', box: [2, 0, 4, 2], time: '2024-03-03T10:00:00+08:00' },
].map(({ id, grid, box, time }) => {
  const [lon, lat] = centre(...(box as [number, number, number, number]));
  return { id, grid, lon, lat, time, category: 'gas', level: 'major' };
});
