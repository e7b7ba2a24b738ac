/**
 * The briefing as one PNG: the map as shown, then the key figures below it — title and settings,
 * population covered per category as bars, the worst units, and the plan's change when a plan is
 * active. Drawn on a canvas (no DOM text, so no inline styles); light colours whatever the theme,
 * as a briefing goes into slides and print.
 */
import { FONT_STACK } from '../../core/theme';
import type { BriefingFigures } from './figures';

export const BRIEFING_COLORS = { background: '#ffffff', text: '#1f2937', muted: '#5b6472', bar: '#2e7d32', track: '#e3e7ec' } as const;

const PAD = 24;
const MIN_WIDTH = 760;
const LINE = 22;
const HEADING = 30;
/** Room between the summary and the first section's heading. */
const SECTION_GAP = 10;
const BAR = { x: 230, width: 240, height: 12 };

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Where everything goes: the image size, the map's box, and each category's bar track. */
export interface BriefingLayout {
  width: number;
  height: number;
  map: Box;
  /** Baseline y of the title. */
  title: number;
  bars: Box[];
  /** Baseline y of the first line of the worst units and of the comparison (null: not shown). */
  worst: number | null;
  comparison: number | null;
}

export function briefingLayout(mapWidth: number, mapHeight: number, figures: BriefingFigures): BriefingLayout {
  const width = Math.max(mapWidth, MIN_WIDTH);
  const map = { x: Math.round((width - mapWidth) / 2), y: 0, width: mapWidth, height: mapHeight };
  let y = mapHeight + PAD + 22;
  const title = y;
  y += LINE + 4; // meta
  y += LINE + 6; // summary
  y += HEADING + SECTION_GAP; // categories heading
  const bars = figures.categories.map(() => {
    const box = { x: PAD + BAR.x, y: y - BAR.height + 2, width: BAR.width, height: BAR.height };
    y += LINE;
    return box;
  });
  let worst: number | null = null;
  if (figures.worst && figures.worst.rows.length) {
    y += HEADING;
    worst = y;
    y += LINE * figures.worst.rows.length;
  }
  let comparison: number | null = null;
  if (figures.comparison) {
    y += HEADING;
    comparison = y;
    y += LINE * figures.comparison.rows.length;
  }
  return { width, height: Math.ceil(y + PAD), map, title, bars, worst, comparison };
}

/** Draws the briefing: `map` is the map's PNG as an image. */
export async function drawBriefing(map: ImageBitmap, figures: BriefingFigures): Promise<Blob> {
  const layout = briefingLayout(map.width, map.height, figures);
  const canvas = document.createElement('canvas');
  canvas.width = layout.width;
  canvas.height = layout.height;
  const context = canvas.getContext('2d');
  if (!context) throw new Error('no 2D canvas');
  context.fillStyle = BRIEFING_COLORS.background;
  context.fillRect(0, 0, layout.width, layout.height);
  context.drawImage(map, layout.map.x, layout.map.y);

  const text = (value: string, x: number, y: number, size: number, options: { bold?: boolean; color?: string; maxWidth?: number } = {}) => {
    context.font = `${options.bold ? '600 ' : ''}${size}px ${FONT_STACK}`;
    context.fillStyle = options.color ?? BRIEFING_COLORS.text;
    context.fillText(value, x, y, options.maxWidth ?? layout.width - x - PAD);
  };
  let y = layout.title;
  text(figures.title, PAD, y, 20, { bold: true });
  y += LINE + 4;
  text(figures.meta, PAD, y - 6, 13, { color: BRIEFING_COLORS.muted });
  y += LINE + 6;
  text(figures.summary.join('   ·   '), PAD, y - 8, 15);
  const categoriesHeading = (layout.bars[0]?.y ?? y + HEADING + SECTION_GAP) - LINE + 4;
  text(figures.headings.categories, PAD, categoriesHeading, 14, { bold: true, color: BRIEFING_COLORS.muted });
  figures.categories.forEach((category, i) => {
    const bar = layout.bars[i]!;
    const baseline = bar.y + bar.height - 2;
    text(`${category.required ? '▲' : '△'} ${category.label}`, PAD, baseline, 14, { maxWidth: BAR.x - 12 });
    context.fillStyle = BRIEFING_COLORS.track;
    context.fillRect(bar.x, bar.y, bar.width, bar.height);
    context.fillStyle = BRIEFING_COLORS.bar;
    context.fillRect(bar.x, bar.y, Math.round(bar.width * Math.min(1, Math.max(0, category.share))), bar.height);
    text(category.text, bar.x + bar.width + 12, baseline, 14);
  });
  if (figures.worst && layout.worst !== null) {
    text(figures.worst.heading, PAD, layout.worst - LINE - 2, 14, { bold: true, color: BRIEFING_COLORS.muted });
    figures.worst.rows.forEach((row, i) => {
      const baseline = layout.worst! + i * LINE - 6;
      text(row.name, PAD, baseline, 14, { maxWidth: BAR.x - 12 });
      text(row.text, PAD + BAR.x, baseline, 14);
    });
  }
  if (figures.comparison && layout.comparison !== null) {
    const heading = layout.comparison - LINE - 2;
    text(figures.headings.comparison, PAD, heading, 14, { bold: true, color: BRIEFING_COLORS.muted });
    text(figures.comparison.headers.slice(1).join(' / '), PAD + BAR.x, heading, 13, { color: BRIEFING_COLORS.muted });
    figures.comparison.rows.forEach(([name, ...values], i) => {
      const baseline = layout.comparison! + i * LINE - 6;
      text(name!, PAD, baseline, 14, { maxWidth: BAR.x - 12 });
      text(values.join(' / '), PAD + BAR.x, baseline, 14);
    });
  }
  return new Promise((resolve, reject) => canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('the canvas gave no PNG'))), 'image/png'));
}
