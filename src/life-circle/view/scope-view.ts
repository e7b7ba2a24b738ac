/**
 * How the life-circle map shows the unit a `<city-scope>` selects: the unit's residences keep
 * their score colours, the others fade toward the map's background. Only the picture changes;
 * the analysis and its result stay as they are.
 */
import type { Rgba } from '../../core/color';
import type { Theme } from '../../core/theme';
import type { ScopeSelection } from '../../scope/scope-context';
import type { LifeCircleScene } from './scene';

/** What a residence fades toward: the theme's page background (`--city-bg`). */
export const DIM_TOWARD: Readonly<Record<Theme, readonly [number, number, number]>> = { light: [247, 248, 250], dark: [7, 17, 31] };
/** How far a residence outside the unit fades (0: not at all, 1: into the background). */
export const DIM_AMOUNT = 0.75;

/** A residence colour outside the selected unit (alpha kept). */
export function dimmedRgba([r, g, b, a]: Rgba, theme: Theme): Rgba {
  const [tr, tg, tb] = DIM_TOWARD[theme];
  const fade = (c: number, t: number) => Math.round(c + (t - c) * DIM_AMOUNT);
  return [fade(r, tr), fade(g, tg), fade(b, tb), a];
}

/** Scene rows whose residence lies in the selected unit (1) or not (0); null when no unit is selected. */
export function unitMask(scene: LifeCircleScene, selection: Pick<ScopeSelection, 'unit' | 'includes'> | null): Uint8Array | null {
  if (!selection || selection.unit === null) return null;
  return Uint8Array.from(scene.residences.grid, (grid) => (selection.includes(grid) ? 1 : 0));
}

/** The residence colour column (RGBA per row) with the rows outside `mask` dimmed; the column itself when there is no mask. */
export function scopedColorColumn(colors: Uint8Array, mask: Uint8Array | null, theme: Theme): Uint8Array {
  if (!mask) return colors;
  const out = colors.slice();
  for (let row = 0; row < mask.length; row++) {
    if (mask[row] === 1) continue;
    const i = row * 4;
    out.set(dimmedRgba([colors[i]!, colors[i + 1]!, colors[i + 2]!, colors[i + 3]!], theme), i);
  }
  return out;
}
