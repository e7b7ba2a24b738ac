/**
 * The selected stage and the `city-stage-select` detail (pure): what a click, Enter, Escape or a
 * data change does to the selection, and what the event says about it.
 */
import type { Locale } from '../../core/i18n';
import type { FunnelResult, FunnelStage } from '../model/types';
import { stageName } from './present';

export interface CityStageSelectDetail {
  /** Key of the selected stage; null when the selection clears. */
  id: string | null;
  /** Stage key (same as `id`); null when the selection clears. */
  stage: string | null;
  /** Position of the stage in `metrics.stages`; null when the selection clears. */
  index: number | null;
  /** Stage name in the display language; null when the selection clears. */
  label: string | null;
  /** Ids of the cases that reached the stage (empty for pre-aggregated input); null when the selection clears. */
  caseIds: string[] | null;
  /** The stage's figures, as in `metrics.stages[index]`; null when the selection clears. */
  metrics: FunnelStage | null;
}

export const CLEARED_STAGE: Readonly<CityStageSelectDetail> = Object.freeze({
  id: null,
  stage: null,
  index: null,
  label: null,
  caseIds: null,
  metrics: null,
});

/** The event detail for stage `index` of `result`, or the cleared detail when there is no such stage. */
export function stageSelectDetail(result: FunnelResult | null, index: number | null, locale: Locale): CityStageSelectDetail {
  const stage = index == null ? undefined : result?.stages[index];
  if (!stage || index == null) return { ...CLEARED_STAGE };
  return {
    id: stage.key,
    stage: stage.key,
    index,
    label: stageName(stage, locale),
    caseIds: stage.caseIds ? [...stage.caseIds] : [],
    metrics: stage,
  };
}

/** Index of the stage keyed `key` in `result`, or null (no selection, or the stage is gone). */
export function selectedIndex(result: FunnelResult | null, key: string | null): number | null {
  if (key == null || !result) return null;
  const index = result.stages.findIndex((s) => s.key === key);
  return index < 0 ? null : index;
}

/** What a key pressed on stage `index` (of `count`) does: move the focus, toggle the selection, clear it, or nothing. */
export type StageKeyAction = { move: number } | 'toggle' | 'clear' | null;

export function stageKeyAction(key: string, index: number, count: number): StageKeyAction {
  switch (key) {
    case 'ArrowDown':
    case 'ArrowRight':
      return { move: Math.min(count - 1, index + 1) };
    case 'ArrowUp':
    case 'ArrowLeft':
      return { move: Math.max(0, index - 1) };
    case 'Home':
      return { move: 0 };
    case 'End':
      return { move: count - 1 };
    case 'Enter':
    case ' ':
      return 'toggle';
    case 'Escape':
      return 'clear';
    default:
      return null;
  }
}
