/**
 * Draws a computed `FunnelLayout` into an `<svg>` with plain DOM calls: elements are keyed by
 * stage (so a data change moves each stage from where it was, see motion.ts, and a redraw with
 * new numbers only rewrites the attributes that changed). Text goes in as `textContent` only:
 * labels come from backends and are never parsed as markup. Colours are CSS custom properties
 * set by the element, so themes need no redraw.
 */
import type { FunnelLayout, Label, Rect, StageLayout } from './layout';
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

const SVG_NS = 'http://www.w3.org/2000/svg';
const HATCH_ID = 'city-funnel-overdue-hatch';
const ARROW_ID = 'city-funnel-rework-arrow';
/** Drawn in this order (later on top). Drop-offs and rework loops are spoken as part of each stage's name. */
const LAYERS = ['connectors', 'drops', 'arcs', 'stages', 'labels'] as const;

/** An SVG element with a class and fixed attributes, optionally appended to `parent`. */
function make(tag: string, className: string | null, attributes: ReadonlyArray<readonly [string, string | number]> = [], parent?: Element): SVGElement {
  const element = document.createElementNS(SVG_NS, tag);
  if (className) element.setAttribute('class', className);
  for (const [name, value] of attributes) element.setAttribute(name, String(value));
  parent?.append(element);
  return element;
}

/** Writes an attribute only when it differs (or removes it for null): an unchanged chart costs no DOM work. */
function set(element: Element, name: string, value: string | number | null): void {
  if (value === null) {
    if (element.hasAttribute(name)) element.removeAttribute(name);
    return;
  }
  const text = String(value);
  if (element.getAttribute(name) !== text) element.setAttribute(name, text);
}

function toggleClass(element: Element, name: string, on: boolean): void {
  if (element.classList.contains(name) !== on) element.classList.toggle(name, on);
}

/** The inline fills written, so an unchanged one is not written again (through the CSSOM: CSP-safe). */
const fills = new WeakMap<Element, string>();
function setFill(element: SVGElement, fill: string): void {
  if (fills.get(element) === fill) return;
  fills.set(element, fill);
  element.style.setProperty('fill', fill);
}

/**
 * The children of `parent` for `items`, in their order: an element whose `keyAttribute` matches an
 * item's key is kept, the others are made by `create` and the rest removed.
 */
function join<T>(parent: Element, items: readonly T[], key: (item: T) => string, create: (item: T) => Element, keyAttribute = 'data-key'): Element[] {
  // Keys come from data: a Map, never an object.
  const existing = new Map<string, Element>();
  for (const child of [...parent.children]) {
    const k = child.getAttribute(keyAttribute);
    if (k === null || existing.has(k)) child.remove();
    else existing.set(k, child);
  }
  const elements = items.map((item) => {
    const k = key(item);
    let element = existing.get(k);
    if (element) existing.delete(k);
    else {
      element = create(item);
      element.setAttribute(keyAttribute, k);
    }
    return element;
  });
  for (const stale of existing.values()) stale.remove();
  // DOM order = item order (the accessibility tree and Tab follow it); nothing moves when it holds.
  let next = parent.firstElementChild;
  for (const element of elements) {
    if (element === next) next = next.nextElementSibling;
    else parent.insertBefore(element, next);
  }
  return elements;
}

/** Moves an element's rectangle attributes to `rect` (zero-sized when null). */
function moveRect(element: Element, motion: Motion, rect: Rect | null): void {
  motion.attr(element, 'x', rect?.x ?? 0);
  motion.attr(element, 'y', rect?.y ?? 0);
  motion.attr(element, 'width', Math.max(0, rect?.width ?? 0));
  motion.attr(element, 'height', Math.max(0, rect?.height ?? 0));
}

/** Writes a label's lines as tspans, aligned inside its box (hidden when it has none). */
function drawLabel(text: Element, label: Label | null, lineHeight: number, motion: Motion): void {
  const lines = label?.lines ?? [];
  const anchor = label?.align === 'middle' ? 'middle' : label?.align === 'end' ? 'end' : 'start';
  const x = !label ? 0 : anchor === 'middle' ? label.x + label.width / 2 : anchor === 'end' ? label.x + label.width : label.x;
  const lh = label && lines.length ? label.height / lines.length : lineHeight;
  set(text, 'text-anchor', anchor);
  set(text, 'display', lines.length ? null : 'none');
  while (text.childElementCount > lines.length) text.lastElementChild!.remove();
  while (text.childElementCount < lines.length) make('tspan', null, [], text);
  lines.forEach((line, i) => {
    const tspan = text.children[i];
    if (tspan.textContent !== line) tspan.textContent = line;
    motion.attr(tspan, 'x', x);
    motion.attr(tspan, 'y', (label?.y ?? 0) + lh * (i + 0.5));
  });
}

/** The chart's fixed parts (the overdue hatch, the rework arrow head, the layers), made once. */
function layersOf(svg: SVGSVGElement): Record<(typeof LAYERS)[number], Element> {
  if (!svg.querySelector(':scope > defs')) {
    const defs = make('defs', null, [], svg);
    const hatch = make('pattern', null, [['id', HATCH_ID], ['width', 6], ['height', 6], ['patternUnits', 'userSpaceOnUse'], ['patternTransform', 'rotate(45)']], defs);
    make('rect', 'overdue-base', [['width', 6], ['height', 6]], hatch);
    make('rect', 'overdue-stripe', [['width', 3], ['height', 6]], hatch);
    // Fixed size in user units: scaled by the stroke width, a wide arc would get a huge head.
    const marker = make('marker', null, [['id', ARROW_ID], ['viewBox', '0 0 10 10'], ['refX', 8], ['refY', 5], ['markerUnits', 'userSpaceOnUse'], ['markerWidth', 9], ['markerHeight', 9], ['orient', 'auto-start-reverse']], defs);
    make('path', 'arrow-head', [['d', 'M0,0L10,5L0,10Z']], marker);
    // Stage labels sit in their own layer, outside the buttons, so a button's accessible name is
    // its aria-label alone (which starts with the visible stage name).
    for (const layer of LAYERS) make('g', layer, layer === 'stages' ? [] : [['aria-hidden', 'true']], svg);
  }
  const layer = (name: string) => svg.querySelector(`:scope > g.${name}`)!;
  return { connectors: layer('connectors'), drops: layer('drops'), arcs: layer('arcs'), stages: layer('stages'), labels: layer('labels') };
}

export function renderFunnel(svg: SVGSVGElement, layout: FunnelLayout, options: RenderOptions): void {
  const layers = layersOf(svg);
  const motion = new Motion(options.duration);
  set(svg, 'width', layout.width);
  set(svg, 'height', layout.height);
  set(svg, 'viewBox', `0 0 ${layout.width} ${layout.height}`);

  // Continuing flow between consecutive blocks.
  const flowing = layout.stages.filter((s) => s.connector);
  join(layers.connectors, flowing, (s) => s.key, () => make('polygon', 'connector', [['opacity', 0]])).forEach((polygon, i) => {
    motion.attr(polygon, 'opacity', 1);
    motion.attr(polygon, 'points', flowing[i].connector!.map((p) => p.map((v) => Math.round(v * 10) / 10).join(',')).join(' '));
  });

  drawStages(layers.stages, layers.labels, layout, options, motion);
  drawDrops(layers.drops, layout, options, motion);
  drawArcs(layers.arcs, layout, motion);
  motion.start(svg);
}

function drawStages(parent: Element, labelLayer: Element, layout: FunnelLayout, options: RenderOptions, motion: Motion): void {
  const vertical = layout.orientation === 'vertical';
  const groups = join(parent, layout.stages, (s) => s.key, (s) => {
    const g = make('g', 'stage', [['role', 'button']]);
    make('rect', 'hit', [], g);
    make('rect', 'focus-ring', [['rx', 4]], g);
    // New blocks grow from their centre line.
    const b = s.block;
    make('rect', 'block', vertical ? [['x', b.x + b.width / 2], ['y', b.y], ['width', 0], ['height', b.height]] : [['x', b.x], ['y', b.y + b.height / 2], ['width', b.width], ['height', 0]], g);
    make('rect', 'overdue', [['fill', `url(#${HATCH_ID})`]], g);
    make('rect', 'compare', [], g);
    return g;
  });
  const instant = new Motion(0);
  groups.forEach((g, i) => {
    const s = layout.stages[i];
    const selected = s.index === options.selectedIndex;
    set(g, 'data-index', s.index);
    set(g, 'tabindex', s.index === options.focusIndex ? 0 : -1);
    set(g, 'aria-pressed', String(selected));
    set(g, 'aria-label', options.stageLabel(s));
    toggleClass(g, 'selected', selected);
    toggleClass(g, 'empty', s.empty);
    toggleClass(g, 'flagged', !!s.flag);
    const [hit, ring, block, overdue, compare] = g.children as unknown as SVGElement[];
    moveRect(hit, instant, s.hit);
    moveRect(ring, instant, { x: s.hit.x + 1, y: s.hit.y + 1, width: s.hit.width - 2, height: s.hit.height - 2 });
    moveRect(block, motion, s.block);
    setFill(block, s.empty ? 'none' : options.stageFill(s));
    moveRect(overdue, motion, s.overdue);
    set(overdue, 'display', s.overdue ? null : 'none');
    moveRect(compare, motion, s.compare);
    set(compare, 'display', s.compare ? null : 'none');
  });

  const labels = join(labelLayer, layout.stages, (s) => s.key, () => {
    const g = make('g', 'stage-label');
    for (const kind of ['flag', 'name', 'value', 'rate']) make('text', kind, [], g);
    return g;
  });
  labels.forEach((g, i) => {
    const s = layout.stages[i];
    const [flag, name, value, rate] = g.children;
    drawLabel(flag, s.flag, layout.lineHeight, motion);
    drawLabel(name, s.name, layout.lineHeight, motion);
    toggleClass(value, 'inside', !!s.value.inside);
    drawLabel(value, s.value, layout.lineHeight, motion);
    drawLabel(rate, s.rate, layout.lineHeight, motion);
  });
}

function drawDrops(parent: Element, layout: FunnelLayout, options: RenderOptions, motion: Motion): void {
  const groups = join(parent, layout.drops, (d) => d.key, () => {
    const g = make('g', 'drop', [['opacity', 0]]);
    make('path', 'ribbon', [], g);
    make('g', 'segments', [], g);
    make('text', 'drop-label', [], g);
    return g;
  });
  groups.forEach((g, i) => {
    const d = layout.drops[i];
    const [ribbon, segmentLayer, label] = g.children;
    motion.attr(g, 'opacity', 1);
    motion.attr(ribbon, 'd', d.ribbon);
    const segments = join(segmentLayer, d.segments, (s) => s.reason, () => make('rect', 'segment'), 'data-reason');
    segments.forEach((rect, k) => {
      setFill(rect as SVGElement, options.reasonFill(d.segments[k].reason));
      moveRect(rect, motion, d.segments[k].rect);
    });
    drawLabel(label, d.label, layout.lineHeight, motion);
  });
}

function drawArcs(parent: Element, layout: FunnelLayout, motion: Motion): void {
  const groups = join(parent, layout.arcs, (a) => a.key, () => {
    const g = make('g', 'arc', [['opacity', 0]]);
    make('path', 'rework', [['marker-end', `url(#${ARROW_ID})`]], g);
    make('text', 'arc-label', [], g);
    return g;
  });
  groups.forEach((g, i) => {
    const a = layout.arcs[i];
    const [path, label] = g.children;
    set(g, 'data-source', layout.stages[a.source]?.key ?? '');
    motion.attr(g, 'opacity', 1);
    motion.attr(path, 'd', a.path);
    motion.attr(path, 'stroke-width', a.strokeWidth);
    drawLabel(label, a.label, layout.lineHeight, motion);
  });
}
