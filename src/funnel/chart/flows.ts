/**
 * What the chart draws between stages, read off the model's result: the drop-off out of each
 * stage split by reason, and where each rework loop starts. Pure.
 */
import type { FunnelStage } from '../model/types';

/** Reasons the chart names besides the model's side flows (void, parked, extended, returned…). */
export const PENDING_REASON = 'pending';
export const OTHER_REASON = 'other';

export interface DropSegment {
  reason: string;
  count: number;
}

/**
 * Cases that reached `stage` and did not go on to the next one, by reason: side flows that
 * took them out (`dropped`), cases still open at this stage (`pending`), and the unexplained
 * rest (`other`). Cases that skipped the next stage but went further are not counted as lost.
 * Nothing is clamped away silently: when the next stage has more cases than this one (a
 * growth the model flags), the remainder is simply absent rather than negative.
 */
export function dropSegments(stage: FunnelStage, next: FunnelStage | undefined): DropSegment[] {
  const segments: DropSegment[] = [];
  let explained = 0;
  for (const [reason, count] of Object.entries(stage.dropped)) {
    if (count > 0) {
      segments.push({ reason, count });
      explained += count;
    }
  }
  if (!next) return segments;
  if (stage.pending > 0) {
    segments.push({ reason: PENDING_REASON, count: stage.pending });
    explained += stage.pending;
  }
  const continued = next.reached + next.skipped;
  const rest = stage.reached - continued - explained;
  if (rest > 0) segments.push({ reason: OTHER_REASON, count: rest });
  return segments;
}

/**
 * Index of the stage a rework loop into stage `target` comes back from: the closing stage
 * (核查结案, 办结 — where the check fails) when it lies after the target, else the next stage.
 * Null when nothing follows.
 */
export function reworkSource(stages: readonly Pick<FunnelStage, 'roles'>[], target: number): number | null {
  const close = stages.findIndex((s, i) => i > target && s.roles.includes('close'));
  if (close > target) return close;
  return target + 1 < stages.length ? target + 1 : null;
}
