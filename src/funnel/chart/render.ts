/**
 * Draws a computed `FunnelLayout` into an `<svg>` with d3 joins (keyed by stage, so a data
 * change animates each stage from where it was, see motion.ts). Text goes in through `.text()` only: labels
 * come from backends and are never parsed as markup. Colours are CSS custom properties set by
 * the element, so themes need no redraw.
 */
import { select, type BaseType, type Selection } from 'd3';
import type { ArcLayout, DropLayout, FunnelLayout, Label, Rect, StageLayout } from './layout';
import { Motion } from './motion';

export interface RenderOptions {
  /** Animation length in ms; 0 draws the final state at once (reduced motion, tests). */
  duration: number;
  /** Stage that carries tabindex 0 (roving tabindex); the others get -1. */
  focusIndex: number;
  /** The selected stage (drawn marked, `aria-pressed="true"`), or null. */
  selectedIndex?: number | null;
  /** Accessible name of each stage button. */
  stageLabel: (stage: StageLayout) => string;
  /** Fill of each stage block (a CSS colour, may use custom properties). */
  stageFill: (stage: StageLayout) => string;
  /** Fill of a drop-off reason. */
  reasonFill: (reason: string) => string;
}

const HATCH_ID = 'city-funnel-overdue-hatch';
const ARROW_ID = 'city-funnel-rework-arrow';


/** Moves each element's rectangle attributes to `rect(d)` (hidden when null). */
function moveRect<E extends BaseType, D>(selection: Selection<E, D, BaseType, unknown>, motion: Motion, rect: (d: D) => Rect | null): void {
  selection.each(function (d) {
    const element = this as unknown as Element; // every selection passed here holds SVG elements
    const r = rect(d);
    motion.attr(element, 'x', r?.x ?? 0);
    motion.attr(element, 'y', r?.y ?? 0);
    motion.attr(element, 'width', Math.max(0, r?.width ?? 0));
    motion.attr(element, 'height', Math.max(0, r?.height ?? 0));
  });
}

/** Writes a label's lines as tspans, aligned inside its box. */
function drawLabel(text: Selection<SVGTextElement, unknown, BaseType, unknown>, label: Label | null, lineHeight: number, motion: Motion): void {
  const lines = label?.lines ?? [];
  const anchor = label?.align === 'middle' ? 'middle' : label?.align === 'end' ? 'end' : 'start';
  const x = !label ? 0 : anchor === 'middle' ? label.x + label.width / 2 : anchor === 'end' ? label.x + label.width : label.x;
  const lh = label && lines.length ? label.height / lines.length : lineHeight;
  text.attr('text-anchor', anchor).attr('display', lines.length ? null : 'none');
  text
    .selectAll<SVGTSpanElement, string>('tspan')
    .data(lines)
    .join('tspan')
    .text((d) => d)
    .each(function (this: SVGTSpanElement, _d, i) {
      motion.attr(this, 'x', x);
      motion.attr(this, 'y', (label?.y ?? 0) + lh * (i + 0.5));
    });
}

function ensureDefs(svg: Selection<SVGSVGElement, unknown, null, undefined>): void {
  if (!svg.select('defs').empty()) return;
  const defs = svg.append('defs');
  const hatch = defs
    .append('pattern')
    .attr('id', HATCH_ID)
    .attr('width', 6)
    .attr('height', 6)
    .attr('patternUnits', 'userSpaceOnUse')
    .attr('patternTransform', 'rotate(45)');
  hatch.append('rect').attr('width', 6).attr('height', 6).attr('class', 'overdue-base');
  hatch.append('rect').attr('width', 3).attr('height', 6).attr('class', 'overdue-stripe');
  defs
    .append('marker')
    .attr('id', ARROW_ID)
    .attr('viewBox', '0 0 10 10')
    .attr('refX', 8)
    .attr('refY', 5)
    // Fixed size in user units: scaled by the stroke width, a wide arc would get a huge head.
    .attr('markerUnits', 'userSpaceOnUse')
    .attr('markerWidth', 9)
    .attr('markerHeight', 9)
    .attr('orient', 'auto-start-reverse')
    .append('path')
    .attr('d', 'M0,0L10,5L0,10Z')
    .attr('class', 'arrow-head');
  // Drop-offs and rework loops are spoken as part of each stage's name (and listed in the table).
  // Stage labels sit in their own layer, outside the buttons, so a button's accessible name is
  // its aria-label alone (which starts with the visible stage name).
  for (const layer of ['connectors', 'drops', 'arcs', 'stages', 'labels'])
    svg.append('g').attr('class', layer).attr('aria-hidden', layer === 'stages' ? null : 'true');
}

export function renderFunnel(element: SVGSVGElement, layout: FunnelLayout, options: RenderOptions): void {
  const svg = select(element);
  ensureDefs(svg);
  const motion = new Motion(options.duration);
  svg.attr('width', layout.width).attr('height', layout.height).attr('viewBox', `0 0 ${layout.width} ${layout.height}`);

  // Continuing flow between consecutive blocks.
  svg
    .select('g.connectors')
    .selectAll<SVGPolygonElement, StageLayout>('polygon')
    .data(
      layout.stages.filter((s) => s.connector),
      (d) => d.key,
    )
    .join((enter) => enter.append('polygon').attr('class', 'connector').attr('opacity', 0))
    .each(function (d) {
      motion.attr(this, 'opacity', 1);
      motion.attr(this, 'points', d.connector!.map((p) => p.map((v) => Math.round(v * 10) / 10).join(',')).join(' '));
    });

  drawStages(svg, layout, options, motion);
  drawDrops(svg, layout, options, motion);
  drawArcs(svg, layout, motion);
  motion.start(element);
}

function drawStages(svg: Selection<SVGSVGElement, unknown, null, undefined>, layout: FunnelLayout, options: RenderOptions, motion: Motion): void {
  const groups = svg
    .select('g.stages')
    .selectAll<SVGGElement, StageLayout>('g.stage')
    .data(layout.stages, (d) => d.key)
    .join(
      (enter) => {
        const g = enter.append('g').attr('class', 'stage').attr('role', 'button');
        g.append('rect').attr('class', 'hit');
        g.append('rect').attr('class', 'focus-ring').attr('rx', 4);
        // New blocks grow from their centre line.
        g.append('rect')
          .attr('class', 'block')
          .attr('x', (d) => (layout.orientation === 'vertical' ? d.block.x + d.block.width / 2 : d.block.x))
          .attr('y', (d) => (layout.orientation === 'vertical' ? d.block.y : d.block.y + d.block.height / 2))
          .attr('width', (d) => (layout.orientation === 'vertical' ? 0 : d.block.width))
          .attr('height', (d) => (layout.orientation === 'vertical' ? d.block.height : 0));
        g.append('rect').attr('class', 'overdue').attr('fill', `url(#${HATCH_ID})`);
        g.append('rect').attr('class', 'compare');
        return g;
      },
      (update) => update,
      (exit) => exit.remove(),
    );
  // Keep DOM order = stage order (the accessibility tree and Tab follow it).
  groups.order();
  groups
    .attr('data-key', (d) => d.key)
    .attr('data-index', (d) => d.index)
    .attr('tabindex', (d) => (d.index === options.focusIndex ? 0 : -1))
    .attr('aria-pressed', (d) => String(d.index === options.selectedIndex))
    .classed('selected', (d) => d.index === options.selectedIndex)
    .attr('aria-label', (d) => options.stageLabel(d))
    .classed('empty', (d) => d.empty)
    .classed('flagged', (d) => !!d.flag);
  const instant = new Motion(0);
  moveRect(groups.select('rect.hit'), instant, (d) => d.hit);
  moveRect(groups.select('rect.focus-ring'), instant, (d) => ({ x: d.hit.x + 1, y: d.hit.y + 1, width: d.hit.width - 2, height: d.hit.height - 2 }));
  moveRect(groups.select('rect.block'), motion, (d) => d.block);
  groups.select('rect.block').style('fill', (d) => (d.empty ? 'none' : options.stageFill(d)));
  moveRect(groups.select('rect.overdue'), motion, (d) => d.overdue);
  groups.select('rect.overdue').attr('display', (d) => (d.overdue ? null : 'none'));
  moveRect(groups.select('rect.compare'), motion, (d) => d.compare);
  groups.select('rect.compare').attr('display', (d) => (d.compare ? null : 'none'));

  const labels = svg
    .select('g.labels')
    .selectAll<SVGGElement, StageLayout>('g.stage-label')
    .data(layout.stages, (d) => d.key)
    .join((enter) => {
      const g = enter.append('g').attr('class', 'stage-label');
      for (const kind of ['flag', 'name', 'value', 'rate']) g.append('text').attr('class', kind);
      return g;
    });
  labels.order().attr('data-key', (d) => d.key);
  labels.each(function (d) {
    const g = select(this);
    drawLabel(g.select<SVGTextElement>('text.flag'), d.flag, layout.lineHeight, motion);
    drawLabel(g.select<SVGTextElement>('text.name'), d.name, layout.lineHeight, motion);
    drawLabel(g.select<SVGTextElement>('text.value').classed('inside', !!d.value.inside), d.value, layout.lineHeight, motion);
    drawLabel(g.select<SVGTextElement>('text.rate'), d.rate, layout.lineHeight, motion);
  });
}

function drawDrops(svg: Selection<SVGSVGElement, unknown, null, undefined>, layout: FunnelLayout, options: RenderOptions, motion: Motion): void {
  svg
    .select('g.drops')
    .selectAll<SVGGElement, DropLayout>('g.drop')
    .data(layout.drops, (d) => d.key)
    .join((enter) => {
      const g = enter.append('g').attr('class', 'drop').attr('opacity', 0);
      g.append('path').attr('class', 'ribbon');
      g.append('g').attr('class', 'segments');
      g.append('text').attr('class', 'drop-label');
      return g;
    })
    .attr('data-key', (d) => d.key)
    .each(function (d) {
      const g = select(this);
      motion.attr(this, 'opacity', 1);
      motion.attr(g.select<SVGPathElement>('path.ribbon').node()!, 'd', d.ribbon);
      const segments = g
        .select('g.segments')
        .selectAll<SVGRectElement, DropLayout['segments'][number]>('rect')
        .data(d.segments, (s) => s.reason)
        .join('rect')
        .attr('class', 'segment')
        .attr('data-reason', (s) => s.reason)
        .style('fill', (s) => options.reasonFill(s.reason));
      moveRect(segments, motion, (s) => s.rect);
      drawLabel(g.select<SVGTextElement>('text.drop-label'), d.label, layout.lineHeight, motion);
    });
}

function drawArcs(svg: Selection<SVGSVGElement, unknown, null, undefined>, layout: FunnelLayout, motion: Motion): void {
  svg
    .select('g.arcs')
    .selectAll<SVGGElement, ArcLayout>('g.arc')
    .data(layout.arcs, (d) => d.key)
    .join((enter) => {
      const g = enter.append('g').attr('class', 'arc').attr('opacity', 0);
      g.append('path').attr('class', 'rework').attr('marker-end', `url(#${ARROW_ID})`);
      g.append('text').attr('class', 'arc-label');
      return g;
    })
    .attr('data-key', (d) => d.key)
    .attr('data-source', (d) => layout.stages[d.source]?.key ?? '')
    .each(function (d) {
      const g = select(this);
      motion.attr(this, 'opacity', 1);
      const path = g.select<SVGPathElement>('path.rework').node()!;
      motion.attr(path, 'd', d.path);
      motion.attr(path, 'stroke-width', d.strokeWidth);
      drawLabel(g.select<SVGTextElement>('text.arc-label'), d.label, layout.lineHeight, motion);
    });
}
