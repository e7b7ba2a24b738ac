/** What the grid's tooltip says about a unit: name, level, value and rank among its siblings. */
import type { TooltipModel } from '../../ui/tooltip';
import { siblingRank, type GridIndex } from '../model/hierarchy';
import { formatValue, levelName, type GridText } from './text';

/** `at`: the pointer (or the unit's label point, from the keyboard), CSS pixels relative to the map. */
export function gridTooltip(index: GridIndex, values: Float64Array, unit: number, at: { x: number; y: number }, text: GridText): TooltipModel | null {
  if (unit < 0 || unit >= index.size) return null;
  const { t } = text;
  const lines = [levelName(t, index.levels[unit]), t('grid.value', { metric: text.metric, value: formatValue(text, values[unit]) })];
  const rank = siblingRank(index, values, unit);
  if (rank) lines.push(t('grid.rank', { rank: rank.rank, of: rank.of }));
  return { x: at.x, y: at.y, title: index.names[unit], lines };
}
