/**
 * Funnel chart geometry (pure): stage blocks sized by count with a minimum size, labels that
 * never overlap, drop-off bands with their reasons, rework return arcs and the overdue share
 * inside each block. The renderer only draws what this computes, so tests can check the
 * picture's promises (order, minimum size, no overlap) without a browser.
 *
 * Vertical (default): stages top to bottom, block width ∝ count, names on the left, rework arcs
 * in a gutter between names and blocks, drop-offs in a column on the right.
 * Horizontal: stages left to right, block height ∝ count, names and figures in lanes above,
 * drop-offs in a lane above the blocks, rework arcs below them.
 */
import { dodge } from './dodge';
import type { DropSegment } from './flows';
import { fitText, wrapText, type Measure, type TextStyle } from './text';

export type Orientation = 'vertical' | 'horizontal';

/** One stage as the layout needs it: counts plus the (already localized) texts to place. */
export interface LayoutStage {
  key: string;
  name: string;
  /** The count as shown, e.g. "1,234". */
  valueText: string;
  /** The rate chosen by `rate`, e.g. "85.3%" ('' for none). */
  rateText: string;
  value: number;
  overdue: number;
  /** The comparison's count for this stage, drawn as a dashed outline. */
  compare?: number | null;
  /** Draw the warning marker (count grows down the funnel, rejected or missing figure). */
  flagged: boolean;
  drops: DropSegment[];
  /**
   * Drop-off labels from the most detailed to the shortest, e.g. "−120: pending 80, void 40",
   * "−120: pending 80, …", "−120": the layout uses the first that fits.
   */
  dropTexts: string[];
  reworks: number;
  /** Index of the stage the rework loop comes back from (null: not drawn). */
  reworkFrom: number | null;
  reworkText: string;
}

export interface LayoutOptions {
  width: number;
  height: number;
  orientation?: Orientation;
  measure: Measure;
  /** Base font size in px (labels' line height follows). */
  fontSize?: number;
  /** Minimum extent of a block along the value axis, so a 1% stage stays visible and clickable. */
  minBlock?: number;
}

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A placed label: its exact bounding box, its lines, and how lines align inside the box. */
export interface Label extends Rect {
  lines: string[];
  style: TextStyle;
  align: 'start' | 'middle' | 'end';
  /** Drawn on top of a block (light text on the block colour). */
  inside?: boolean;
}

export interface StageLayout {
  key: string;
  index: number;
  block: Rect;
  /** Zero (or rejected) count: drawn as an outline of the minimum size. */
  empty: boolean;
  overdue: Rect | null;
  overdueShare: number;
  compare: Rect | null;
  /** Polygon joining this block to the next (the flow that continues). */
  connector: Array<[number, number]> | null;
  /** Pointer / focus target: the whole row (vertical) or column (horizontal). */
  hit: Rect;
  name: Label;
  value: Label;
  rate: Label | null;
  flag: Label | null;
}

export interface DropLayout {
  key: string;
  index: number;
  total: number;
  bar: Rect;
  segments: Array<DropSegment & { rect: Rect }>;
  /** SVG path of the band leaving the block towards the bar. */
  ribbon: string;
  label: Label;
}

export interface ArcLayout {
  /** Key of the stage the loop returns to. */
  key: string;
  target: number;
  source: number;
  count: number;
  /** SVG path from the source block back to the target block (ends at the target: put the arrow there). */
  path: string;
  strokeWidth: number;
  label: Label;
}

export interface FunnelLayout {
  width: number;
  height: number;
  orientation: Orientation;
  lineHeight: number;
  stages: StageLayout[];
  drops: DropLayout[];
  arcs: ArcLayout[];
}

const PAD = 8;
const LANE_GAP = 7;
export const FLAG_GLYPH = '⚠';

const round = (v: number) => Math.round(v * 10) / 10;
const clamp = (v: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, v));
const pt = (x: number, y: number) => `${round(x)},${round(y)}`;

/** Line height per style for a base font size. */
export function lineHeightOf(style: TextStyle, fontSize: number): number {
  return Math.round((style === 'note' ? fontSize * 0.86 : fontSize) * 1.35);
}

export function layoutFunnel(stages: readonly LayoutStage[], options: LayoutOptions): FunnelLayout {
  const orientation = options.orientation ?? 'vertical';
  const fontSize = options.fontSize ?? 14;
  const base = {
    width: Math.max(0, options.width),
    height: Math.max(0, options.height),
    orientation,
    lineHeight: lineHeightOf('name', fontSize),
    stages: [],
    drops: [],
    arcs: [],
  };
  if (stages.length === 0) return base;
  const context: Context = {
    stages,
    measure: options.measure,
    fontSize,
    minBlock: options.minBlock ?? 6,
    width: Math.max(options.width, 120),
    height: Math.max(options.height, 80),
    lineH: lineHeightOf('name', fontSize),
    noteH: lineHeightOf('note', fontSize),
    maxValue: Math.max(1, ...stages.map((s) => Math.max(s.value, s.compare ?? 0))),
    maxDrop: Math.max(0, ...stages.map(dropTotal)),
    maxReworks: Math.max(0, ...stages.map((s) => s.reworks)),
    arcStages: stages.map((s, i) => i).filter((i) => stages[i].reworks > 0 && stages[i].reworkFrom != null),
    flagWidth: stages.some((s) => s.flagged) ? options.measure(FLAG_GLYPH, 'name') + 4 : 0,
  };
  return orientation === 'horizontal' ? layoutHorizontal(context) : layoutVertical(context);
}

interface Context {
  stages: readonly LayoutStage[];
  measure: Measure;
  fontSize: number;
  minBlock: number;
  width: number;
  height: number;
  lineH: number;
  noteH: number;
  maxValue: number;
  maxDrop: number;
  maxReworks: number;
  arcStages: number[];
  flagWidth: number;
}

const dropTotal = (s: LayoutStage) => s.drops.reduce((sum, d) => sum + d.count, 0);

/** Block extent along the value axis: proportional, never below the minimum. */
function extentOf(value: number, full: number, c: Context): number {
  if (!(value > 0)) return Math.min(c.minBlock, full);
  return clamp((value / c.maxValue) * full, Math.min(c.minBlock, full), full);
}

function label(text: string, style: TextStyle, x: number, y: number, c: Context, align: Label['align'] = 'start'): Label {
  const width = c.measure(text, style);
  return { x, y, width, height: lineHeightOf(style, c.fontSize), lines: text ? [text] : [], style, align };
}

/** Picks the first text that fits `width`, else the last one cut to fit. */
function firstThatFits(texts: string[], width: number, style: TextStyle, c: Context): string {
  const candidates = texts.filter((t) => t !== '');
  for (const text of candidates) if (c.measure(text, style) <= width) return text;
  return fitText(candidates[candidates.length - 1] ?? '', width, style, c.measure);
}

function overdueShare(s: LayoutStage): number {
  return s.value > 0 ? clamp(s.overdue / s.value, 0, 1) : 0;
}

function layoutVertical(c: Context): FunnelLayout {
  const { stages, measure, lineH, noteH } = c;
  const n = stages.length;
  const W = c.width;

  // Columns: names | rework gutter | blocks | drop-offs.
  const nameNatural = Math.max(...stages.map((s) => measure(s.name, 'name'))) + c.flagWidth;
  const nameColW = clamp(nameNatural + 10, 48, W * 0.28);
  const arcCount = c.arcStages.length;
  const arcLabelW = arcCount ? Math.min(Math.max(...c.arcStages.map((i) => measure(stages[i].reworkText, 'note'))), W * 0.14) : 0;
  const gutterW = arcCount ? arcLabelW + 8 + arcCount * LANE_GAP + 8 : 0;
  const dropStages = stages.map((s, i) => i).filter((i) => dropTotal(stages[i]) > 0);
  const barMax = dropStages.length ? clamp(W * 0.07, 24, 64) : 0;
  const widest = (pick: (texts: string[]) => string) =>
    Math.max(0, ...dropStages.map((i) => measure(pick(stages[i].dropTexts) ?? '', 'note')));
  const dropFull = widest((texts) => texts[0]);
  const dropShort = widest((texts) => texts[texts.length - 1]);
  const dropLabelW = dropStages.length ? Math.max(dropShort, Math.min(dropFull, W * 0.34 - barMax)) : 0;
  const dropColW = dropStages.length ? 6 + barMax + 4 + dropLabelW + 2 : 0;
  let funnelW = W - 2 * PAD - nameColW - gutterW - dropColW;
  const minFunnel = 80;
  let chartW = W;
  if (funnelW < minFunnel) {
    chartW += minFunnel - funnelW;
    funnelW = minFunnel;
  }
  const funnelX = PAD + nameColW + gutterW;
  const cx = funnelX + funnelW / 2;
  const dropX = funnelX + funnelW + 6;

  // Rows: never shorter than a line and the 2 px gap below, so a block holds its figure and labels
  // in neighbouring rows cannot touch (a line already holds a third of the font size as leading);
  // shorter than that, the chart grows and scrolls. (1.3 lines made a big-screen panel scroll.)
  const rowH = Math.max(lineH + 2, (c.height - 2 * PAD) / n);
  const chartH = Math.max(c.height, 2 * PAD + n * rowH);
  // Thick enough for a label inside: a gap of up to 6 px between blocks gives way first, down to
  // 2 px, so a panel only a little taller than its rows still shows every figure (a block too thin
  // for one left the widest blocks without theirs: no room beside them either).
  const gap = clamp(rowH - lineH - 2, 2, 6);
  const thickness = clamp(rowH * 0.62, Math.min(lineH + 2, rowH - gap), 64);
  // The comparison's outline stands out of the block by up to 3 px, never into the next row's.
  const halo = Math.min(3, (rowH - thickness) / 2);
  // A figure beside its block may run on over the drop-off column when rows are tall enough
  // for it to clear the drop-off labels sitting on the row boundaries.
  const valueLimit = rowH >= (lineH + noteH) * 1.05 ? chartW - PAD : funnelX + funnelW;
  const rowY = (i: number) => PAD + i * rowH;

  const layouts: StageLayout[] = stages.map((s, i) => {
    const e = extentOf(s.value, funnelW, c);
    const cy = rowY(i) + rowH / 2;
    const block: Rect = { x: cx - e / 2, y: cy - thickness / 2, width: e, height: thickness };
    const share = overdueShare(s);
    const overdueW = s.overdue > 0 && s.value > 0 ? clamp(e * share, 2, e) : 0;
    const compareE = s.compare != null && s.compare >= 0 ? extentOf(s.compare, funnelW, c) : null;
    const compare = compareE == null ? null : { x: cx - compareE / 2, y: block.y - halo, width: compareE, height: thickness + 2 * halo };

    const nameText = fitText(s.name, nameColW - 10 - c.flagWidth, 'name', measure);
    const nameW = measure(nameText, 'name');
    const nameRight = PAD + nameColW - 8;
    const name = { ...label(nameText, 'name', nameRight - nameW, cy - lineH / 2, c, 'end') };
    const flag = s.flagged ? label(FLAG_GLYPH, 'name', name.x - c.flagWidth, cy - lineH / 2, c) : null;

    // The figure with its rate inside the block, else beside it, else the figure alone (inside,
    // then beside); cut with an ellipsis only as a last resort.
    const full = s.rateText ? `${s.valueText} · ${s.rateText}` : s.valueText;
    const right = cx + Math.max(e, compareE ?? 0) / 2 + 6;
    const available = Math.max(0, valueLimit - right);
    const fitsInside = (text: string) => e >= measure(text, 'value') + 12 && thickness >= lineH;
    const inside = (text: string): Label => ({
      ...label(text, 'value', cx - measure(text, 'value') / 2, cy - lineH / 2, c, 'middle'),
      inside: true,
    });
    const beside = (text: string): Label => label(text, 'value', right, cy - lineH / 2, c);
    let value: Label;
    if (fitsInside(full)) value = inside(full);
    else if (measure(full, 'value') <= available) value = beside(full);
    else if (fitsInside(s.valueText)) value = inside(s.valueText);
    else value = beside(fitText(s.valueText, available, 'value', measure));
    return {
      key: s.key,
      index: i,
      block,
      empty: !(s.value > 0),
      overdue: overdueW ? { x: block.x + e - overdueW, y: block.y, width: overdueW, height: thickness } : null,
      overdueShare: share,
      compare,
      connector: null,
      hit: { x: PAD, y: rowY(i), width: funnelX + funnelW - PAD, height: rowH },
      name,
      value,
      rate: null,
      flag,
    };
  });
  for (let i = 0; i + 1 < n; i++) {
    const a = layouts[i].block;
    const b = layouts[i + 1].block;
    layouts[i].connector = [
      [a.x, a.y + a.height],
      [a.x + a.width, a.y + a.height],
      [b.x + b.width, b.y],
      [b.x, b.y],
    ];
  }

  // Drop-offs: a stacked bar per stage at the boundary with the next row, fed by a band that
  // leaves the block's bottom edge.
  // Drop-off bars have their own scale (the largest drop-off fills the column): on the blocks'
  // scale a 1% loss would be a pixel and its reasons unreadable. The labels carry the counts.
  const dropScale = c.maxDrop > 0 ? barMax / c.maxDrop : 0;
  const barH = clamp((rowH - thickness) * 0.6, 4, 12);
  const drops: DropLayout[] = dropStages.map((i) => {
    const s = stages[i];
    const block = layouts[i].block;
    const total = dropTotal(s);
    const boundary = i + 1 < n ? rowY(i + 1) : block.y + block.height + (rowH - thickness) / 4;
    const length = Math.max(2, total * dropScale);
    const bar: Rect = { x: dropX, y: boundary - barH / 2, width: length, height: barH };
    let x = bar.x;
    const segments = s.drops.map((d) => {
      const width = (d.count / total) * length;
      const rect = { x, y: bar.y, width, height: barH };
      x += width;
      return { ...d, rect };
    });
    const sourceW = s.value > 0 ? clamp((block.width * total) / s.value, 2, block.width) : Math.min(2, block.width);
    const x0 = block.x + block.width;
    const xa = x0 - sourceW;
    const yb = block.y + block.height;
    const ribbon =
      `M${pt(xa, yb)}C${pt(xa, bar.y + barH)} ${pt((xa + bar.x) / 2, bar.y + barH)} ${pt(bar.x, bar.y + barH)}` +
      `L${pt(bar.x, bar.y)}C${pt((x0 + bar.x) / 2, bar.y)} ${pt(x0, bar.y)} ${pt(x0, yb)}Z`;
    const labelX = bar.x + length + 4;
    const text = firstThatFits(s.dropTexts, chartW - PAD - labelX, 'note', c);
    return { key: s.key, index: i, total, bar, segments, ribbon, label: label(text, 'note', labelX, boundary - noteH / 2, c) };
  });
  spreadLabels(drops.map((d) => d.label), 'y', PAD / 2, chartH - PAD / 2);

  // Rework arcs: nested lanes in the gutter, shortest span innermost; labels in the gutter's left part.
  const order = [...c.arcStages].sort((a, b) => span(stages, a) - span(stages, b) || a - b);
  const arcs: ArcLayout[] = order.map((target, lane) => {
    const s = stages[target];
    const source = s.reworkFrom!;
    const from = layouts[source].block;
    const to = layouts[target].block;
    const laneX = funnelX - 8 - lane * LANE_GAP;
    const ys = from.y + from.height / 2 + thickness / 5;
    const yt = to.y + to.height / 2 - thickness / 5;
    const r = Math.min(6, Math.abs(ys - yt) / 2);
    const path =
      `M${pt(from.x, ys)}L${pt(laneX + r, ys)}Q${pt(laneX, ys)} ${pt(laneX, ys - r)}` +
      `L${pt(laneX, yt + r)}Q${pt(laneX, yt)} ${pt(laneX + r, yt)}L${pt(to.x - 1, yt)}`;
    const text = fitText(s.reworkText, arcLabelW, 'note', measure);
    const w = measure(text, 'note');
    const labelRight = funnelX - 8 - arcCount * LANE_GAP - 4;
    return {
      key: s.key,
      target,
      source,
      count: s.reworks,
      path,
      strokeWidth: strokeFor(s.reworks, c),
      label: label(text, 'note', labelRight - w, (ys + yt) / 2 - noteH / 2, c, 'end'),
    };
  });
  spreadLabels(arcs.map((a) => a.label), 'y', PAD / 2, chartH - PAD / 2);

  return { width: chartW, height: chartH, orientation: 'vertical', lineHeight: lineH, stages: layouts, drops, arcs };
}

function layoutHorizontal(c: Context): FunnelLayout {
  const { stages, measure, lineH, noteH } = c;
  const n = stages.length;
  const colW = Math.max(Math.max(56, lineH * 3.4), (c.width - 2 * PAD) / n);
  const chartW = Math.max(c.width, 2 * PAD + n * colW);
  const colX = (i: number) => PAD + i * colW;
  const thickness = Math.min(colW * 0.58, 96);

  const hasDrops = c.maxDrop > 0;
  const arcCount = c.arcStages.length;
  const nameLaneH = 2 * lineH + 4;
  const valueLaneH = lineH + noteH + 6;
  const barMax = hasDrops ? clamp(c.height * 0.1, 16, 40) : 0;
  const dropLaneH = hasDrops ? noteH + 2 + barMax + 6 : 0;
  const arcLaneH = arcCount ? 6 + arcCount * LANE_GAP + 4 + noteH : 0;
  const fixed = 2 * PAD + nameLaneH + valueLaneH + dropLaneH + arcLaneH;
  const bandH = Math.max(72, c.height - fixed);
  const chartH = fixed + bandH;
  const nameY = PAD;
  const valueY = nameY + nameLaneH;
  const dropY = valueY + valueLaneH;
  const bandY = dropY + dropLaneH;
  const arcY = bandY + bandH;

  const layouts: StageLayout[] = stages.map((s, i) => {
    const cx = colX(i) + colW / 2;
    const e = extentOf(s.value, bandH, c);
    const block: Rect = { x: cx - thickness / 2, y: bandY + (bandH - e) / 2, width: thickness, height: e };
    const share = overdueShare(s);
    const overdueH = s.overdue > 0 && s.value > 0 ? clamp(e * share, 2, e) : 0;
    const compareE = s.compare != null && s.compare >= 0 ? extentOf(s.compare, bandH, c) : null;
    const compare =
      compareE == null ? null : { x: block.x - 3, y: bandY + (bandH - compareE) / 2, width: thickness + 6, height: compareE };

    const flagW = s.flagged ? c.flagWidth : 0;
    const lines = wrapText(s.name, colW - 8 - flagW, 2, 'name', measure);
    const nameW = Math.max(0, ...lines.map((l) => measure(l, 'name')));
    // The marker and the name are centred together.
    const name: Label = {
      x: cx - (nameW + flagW) / 2 + flagW,
      y: nameY,
      width: nameW,
      height: lines.length * lineH,
      lines,
      style: 'name',
      align: 'middle',
    };
    const flag = s.flagged ? label(FLAG_GLYPH, 'name', name.x - c.flagWidth, nameY, c) : null;
    const valueText = fitText(s.valueText, colW - 6, 'value', measure);
    const valueW = measure(valueText, 'value');
    const value = label(valueText, 'value', cx - valueW / 2, valueY, c, 'middle');
    let rate: Label | null = null;
    if (s.rateText) {
      const rateText = fitText(s.rateText, colW - 6, 'note', measure);
      rate = label(rateText, 'note', cx - measure(rateText, 'note') / 2, valueY + lineH + 2, c, 'middle');
    }
    return {
      key: s.key,
      index: i,
      block,
      empty: !(s.value > 0),
      overdue: overdueH ? { x: block.x, y: block.y + e - overdueH, width: thickness, height: overdueH } : null,
      overdueShare: share,
      compare,
      connector: null,
      hit: { x: colX(i), y: nameY, width: colW, height: arcY - nameY },
      name,
      value,
      rate,
      flag,
    };
  });
  for (let i = 0; i + 1 < n; i++) {
    const a = layouts[i].block;
    const b = layouts[i + 1].block;
    layouts[i].connector = [
      [a.x + a.width, a.y],
      [b.x, b.y],
      [b.x, b.y + b.height],
      [a.x + a.width, a.y + a.height],
    ];
  }

  const dropScale = c.maxDrop > 0 ? barMax / c.maxDrop : 0;
  const barW = 8;
  const barBottom = bandY - 4;
  const drops: DropLayout[] = [];
  stages.forEach((s, i) => {
    const total = dropTotal(s);
    if (!(total > 0)) return;
    const block = layouts[i].block;
    const boundary = i + 1 < n ? colX(i + 1) : colX(i) + colW - barW;
    const length = Math.max(2, total * dropScale);
    const bar: Rect = { x: boundary - barW / 2, y: barBottom - length, width: barW, height: length };
    let y = barBottom;
    const segments = s.drops.map((d) => {
      const height = (d.count / total) * length;
      y -= height;
      return { ...d, rect: { x: bar.x, y, width: barW, height } };
    });
    const sourceW = s.value > 0 ? clamp((block.width * total) / s.value, 2, block.width) : 2;
    const x0 = block.x + block.width;
    const xa = x0 - sourceW;
    const ribbon =
      `M${pt(xa, block.y)}C${pt(xa, barBottom)} ${pt(bar.x, (block.y + barBottom) / 2)} ${pt(bar.x, barBottom)}` +
      `L${pt(bar.x + barW, barBottom)}C${pt(bar.x + barW, (block.y + barBottom) / 2)} ${pt(x0, barBottom)} ${pt(x0, block.y)}Z`;
    const text = firstThatFits(s.dropTexts, colW - 4, 'note', c);
    const w = measure(text, 'note');
    drops.push({ key: s.key, index: i, total, bar, segments, ribbon, label: label(text, 'note', boundary - w / 2, dropY, c, 'middle') });
  });
  spreadLabels(drops.map((d) => d.label), 'x', PAD / 2, chartW - PAD / 2);

  const order = [...c.arcStages].sort((a, b) => span(stages, a) - span(stages, b) || a - b);
  const arcs: ArcLayout[] = order.map((target, lane) => {
    const s = stages[target];
    const source = s.reworkFrom!;
    const from = layouts[source].block;
    const to = layouts[target].block;
    const laneY = arcY + 6 + lane * LANE_GAP;
    const xs = from.x + from.width / 2 - thickness / 5;
    const xt = to.x + to.width / 2 + thickness / 5;
    const r = Math.min(6, Math.abs(xs - xt) / 2);
    const path =
      `M${pt(xs, from.y + from.height)}L${pt(xs, laneY - r)}Q${pt(xs, laneY)} ${pt(xs - r, laneY)}` +
      `L${pt(xt + r, laneY)}Q${pt(xt, laneY)} ${pt(xt, laneY - r)}L${pt(xt, to.y + to.height + 1)}`;
    const text = fitText(s.reworkText, colW - 4, 'note', measure);
    const w = measure(text, 'note');
    return {
      key: s.key,
      target,
      source,
      count: s.reworks,
      path,
      strokeWidth: strokeFor(s.reworks, c),
      label: label(text, 'note', (xs + xt) / 2 - w / 2, arcY + 6 + arcCount * LANE_GAP + 2, c, 'middle'),
    };
  });
  spreadLabels(arcs.map((a) => a.label), 'x', PAD / 2, chartW - PAD / 2);

  return { width: chartW, height: chartH, orientation: 'horizontal', lineHeight: lineH, stages: layouts, drops, arcs };
}

const span = (stages: readonly LayoutStage[], target: number) => Math.abs((stages[target].reworkFrom ?? target) - target);

function strokeFor(count: number, c: Context): number {
  return round(1.5 + (4.5 * count) / Math.max(1, c.maxReworks));
}

/** Moves labels sharing a lane apart along `axis` (in place). */
function spreadLabels(labels: Label[], axis: 'x' | 'y', min: number, max: number): void {
  if (labels.length < 2) return;
  const size = axis === 'x' ? 'width' : 'height';
  const starts = dodge(
    labels.map((l) => ({ center: l[axis] + l[size] / 2, size: l[size] })),
    min,
    max,
    axis === 'x' ? 6 : 1,
  );
  labels.forEach((l, i) => (l[axis] = starts[i]));
}
