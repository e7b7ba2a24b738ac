/**
 * One drawing of the funnel: lay the stages out for the chart area's size and the element's font,
 * then render (animated) into the SVG. Returns the layout, which the legend and the tooltip read.
 */
import type { FunnelResult } from '../model/types';
import { reasonColor, stageFill } from './colors';
import { layoutFunnel, type FunnelLayout, type Orientation } from './layout';
import { canvasMeasure } from './measure';
import { motionDuration } from './motion';
import { layoutStages, stageAriaLabel, type PresentContext } from './present';
import { renderFunnel } from './render';

export interface DrawInput {
  result: FunnelResult | null;
  compare: FunnelResult | null;
  ctx: PresentContext;
  size: { width: number; height: number };
  orientation: Orientation;
  focusIndex: number;
  selectedIndex: number | null;
  /** The element's computed style: font, animation length. */
  style: CSSStyleDeclaration;
}

export function drawFunnel(svg: SVGSVGElement, input: DrawInput): FunnelLayout {
  const { result, ctx, style } = input;
  const fontSize = parseFloat(style.fontSize) || 14;
  const stages = result ? layoutStages(result, input.compare, ctx) : [];
  const layout = layoutFunnel(stages, {
    width: input.size.width,
    height: input.size.height,
    orientation: input.orientation,
    fontSize,
    measure: canvasMeasure(style.fontFamily, fontSize),
  });
  const reasons = [...new Set(layout.drops.flatMap((d) => d.segments.map((s) => s.reason)))];
  renderFunnel(svg, layout, {
    duration: motionDuration(style),
    focusIndex: input.focusIndex,
    selectedIndex: input.selectedIndex,
    stageLabel: (s) => (result ? stageAriaLabel(result, s.index, ctx) : s.key),
    stageFill: (s) => stageFill(s.index, stages.length),
    reasonFill: (reason) => reasonColor(reason, reasons),
  });
  return layout;
}
