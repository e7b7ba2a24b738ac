/**
 * One drawing of the funnel: lay the stages out for the chart area's size and the element's font,
 * then render (animated) into the SVG. Returns the layout, which the tooltip reads.
 */
import { reasonColor, stageFill } from './colors';
import { layoutFunnel, type FunnelLayout, type LayoutStage, type Orientation } from './layout';
import { canvasMeasure } from './measure';
import { renderFunnel } from './render';

export interface DrawInput {
  /** The stages with their texts (`Presented.stages`); empty without data. */
  stages: readonly LayoutStage[];
  /** Accessible name of each stage. */
  stageLabels: readonly string[];
  size: { width: number; height: number };
  orientation: Orientation;
  focusIndex: number;
  selectedIndex: number | null;
  font: { size: number; family: string };
  /** Animation length in ms (0: at once). */
  duration: number;
}

/** Reasons in the order the drop-offs name them (it fixes the palette slots of custom reasons). */
export const dropReasons = (stages: readonly LayoutStage[]): string[] => [...new Set(stages.flatMap((s) => s.drops.map((d) => d.reason)))];

export function drawFunnel(svg: SVGSVGElement, input: DrawInput): FunnelLayout {
  const { stages } = input;
  const layout = layoutFunnel(stages, {
    width: input.size.width,
    height: input.size.height,
    orientation: input.orientation,
    fontSize: input.font.size,
    measure: canvasMeasure(input.font.family, input.font.size),
  });
  const reasons = dropReasons(stages);
  renderFunnel(svg, layout, {
    duration: input.duration,
    focusIndex: input.focusIndex,
    selectedIndex: input.selectedIndex,
    stageLabel: (s) => input.stageLabels[s.index] ?? s.key,
    stageFill: (s) => stageFill(s.index, stages.length),
    reasonFill: (reason) => reasonColor(reason, reasons),
  });
  return layout;
}
