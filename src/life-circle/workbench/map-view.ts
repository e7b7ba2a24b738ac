/**
 * What the workbench adds to the life-circle map: marks for the active plan's edits (added and
 * moved facilities ringed, removed ones as ghosts at their baseline place, the selected and the
 * dragged facility), and the difference map — residences coloured by what the plan changes for
 * them (better off, worse off, unchanged).
 */
import { toRgba, type Rgba } from '../../core/color';
import { crsTransform, type Crs } from '../../core/crs';
import type { Theme } from '../../core/theme';
import { isRecord } from '../../core/validation';
import type { LegendModel } from '../../ui/legend';
import type { FacilityEdit } from '../model/scenario';
import type { EditMark } from '../view/life-circle-deck-layer';
import type { LifeCircleScene } from '../view/scene';

const GREY = '#888888';

/** Gain, loss and no change on the difference map. */
export const DIFFERENCE_COLORS: Readonly<Record<Theme, { gain: string; loss: string; same: string }>> = {
  light: { gain: '#1a9641', loss: '#d7191c', same: '#c3c8d0' },
  dark: { gain: '#4fd17a', loss: '#ff5a5f', same: '#4a5870' },
};

/** Baseline place and category of each facility an edit names (WGS-84). */
function baselinePlaces(baseline: unknown, ids: ReadonlySet<string>): Map<string, { position: [number, number]; category: string }> {
  const out = new Map<string, { position: [number, number]; category: string }>();
  const features = isRecord(baseline) && Array.isArray(baseline.features) ? baseline.features : [];
  for (const feature of features) {
    if (!isRecord(feature) || !isRecord(feature.properties) || !isRecord(feature.geometry)) continue;
    const id = feature.properties.id;
    const key = typeof id === 'string' || typeof id === 'number' ? String(id) : null;
    const coordinates = feature.geometry.coordinates;
    if (key === null || !ids.has(key) || out.has(key) || !Array.isArray(coordinates)) continue;
    const [lon, lat] = coordinates as unknown[];
    if (typeof lon === 'number' && typeof lat === 'number') out.set(key, { position: [lon, lat], category: String(feature.properties.category ?? '') });
  }
  return out;
}

/**
 * The marks for `edits` (WGS-84, as the engine gets them) in the display CRS: the net effect per
 * facility (added then moved is added; added then removed is nothing), then the selected facility
 * and, while it is dragged, where it would go.
 */
export function editMarks(
  scene: LifeCircleScene | null,
  edits: readonly FacilityEdit[],
  baseline: unknown,
  mapCrs: Crs,
  categoryColors: ReadonlyMap<string, string>,
  selected: string | null,
  preview: [number, number] | null,
): EditMark[] {
  if (!scene) return [];
  const toDisplay = crsTransform('wgs84', mapCrs);
  const net = new Map<string, { kind: 'added' | 'moved' | 'removed'; position?: [number, number]; category?: string }>();
  for (const edit of edits) {
    const was = net.get(edit.id);
    if (edit.kind === 'add') net.set(edit.id, { kind: 'added', position: edit.position, category: edit.category });
    else if (edit.kind === 'move') net.set(edit.id, { ...was, kind: was?.kind === 'added' ? 'added' : 'moved', position: edit.position });
    else if (was?.kind === 'added') net.delete(edit.id);
    else net.set(edit.id, { kind: 'removed' });
  }
  const places = baselinePlaces(baseline, new Set(net.keys()));
  const color = (category: string | undefined): Rgba => toRgba(categoryColors.get(category ?? '') ?? GREY);
  const marks: EditMark[] = [];
  for (const [id, change] of net) {
    const place = places.get(id);
    const category = change.category ?? place?.category;
    if (change.kind === 'removed') {
      if (place) marks.push({ kind: 'removed', position: toDisplay(...place.position), color: color(category) });
      continue;
    }
    const mark: EditMark = { kind: change.kind, position: toDisplay(...change.position!), color: color(category) };
    if (change.kind === 'moved' && place) mark.from = toDisplay(...place.position);
    marks.push(mark);
  }
  const row = selected === null ? undefined : scene.facilities.row.get(selected);
  if (row !== undefined) {
    const position: [number, number] = [scene.facilities.positions[2 * row]!, scene.facilities.positions[2 * row + 1]!];
    const category = color(scene.facilities.category[row]);
    marks.push({ kind: 'selected', position, color: category });
    if (preview) marks.push({ kind: 'dragging', position: preview, from: position, color: category });
  }
  return marks;
}

/**
 * Residence colours (RGBA per scene row) by a comparison's direction per baseline row (+1 gain,
 * -1 loss, 0 the same), and how many residences fall in each.
 */
export function differenceColors(
  scene: LifeCircleScene,
  baselineIds: readonly string[],
  direction: Int8Array,
  theme: Theme,
): { colors: Uint8Array; counts: { gain: number; loss: number; same: number } } {
  const palette = DIFFERENCE_COLORS[theme];
  const gain = toRgba(palette.gain);
  const loss = toRgba(palette.loss);
  const same = toRgba(palette.same);
  const n = scene.residences.ids.length;
  const colors = new Uint8Array(4 * n);
  for (let r = 0; r < n; r++) colors.set(same, 4 * r);
  const counts = { gain: 0, loss: 0, same: 0 };
  baselineIds.forEach((id, i) => {
    const row = scene.residences.row.get(id);
    if (row === undefined) return;
    const d = direction[i]!;
    if (d > 0) colors.set(gain, 4 * row);
    else if (d < 0) colors.set(loss, 4 * row);
    if (d > 0) counts.gain++;
    else if (d < 0) counts.loss++;
    else counts.same++;
  });
  return { colors, counts };
}

export function differenceLegend(counts: { gain: number; loss: number; same: number }, t: (key: string) => string, theme: Theme): LegendModel {
  const palette = DIFFERENCE_COLORS[theme];
  return {
    title: t('life.plan.diff.legend'),
    entries: [
      { label: t('life.plan.diff.gain'), color: palette.gain, count: counts.gain },
      { label: t('life.plan.diff.loss'), color: palette.loss, count: counts.loss },
      { label: t('life.plan.diff.same'), color: palette.same, count: counts.same },
    ],
  };
}
