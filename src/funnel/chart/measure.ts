/**
 * Text measuring for the layout with a canvas (the same font the SVG uses, so boxes are exact).
 * Widths are kept per font: a redraw with new numbers measures only the texts it has not seen.
 */
import type { Measure, TextStyle } from './text';

let context: CanvasRenderingContext2D | null | undefined;
/** The font last set on the context (setting one parses it; its getter may not return it as set). */
let contextFont = '';
/** One measure per font (a page shows few); each keeps the widths it has measured. */
const measures = new Map<string, Measure>();
/** Widths kept per font before the cache starts afresh (labels with changing counts add up). */
const MAX_WIDTHS = 5000;

/** A `Measure` for `family` at `fontSize` px; values follow the element's CSS for each style. */
export function canvasMeasure(family: string, fontSize: number): Measure {
  const font = `${fontSize}px ${family}`;
  let measure = measures.get(font);
  if (!measure) {
    if (measures.size >= 16) measures.clear();
    measure = newMeasure(family, fontSize);
    measures.set(font, measure);
  }
  return measure;
}

function newMeasure(family: string, fontSize: number): Measure {
  if (context === undefined) context = document.createElement('canvas').getContext('2d');
  const fonts: Record<TextStyle, string> = {
    name: `400 ${fontSize}px ${family}`,
    value: `600 ${fontSize}px ${family}`,
    note: `400 ${fontSize * 0.86}px ${family}`,
  };
  const cache = new Map<string, number>();
  return (text, style) => {
    const key = `${style}\u0000${text}`;
    let width = cache.get(key);
    if (width === undefined) {
      if (context) {
        if (contextFont !== fonts[style]) context.font = contextFont = fonts[style];
        width = context.measureText(text).width;
      } else {
        width = text.length * fontSize * (style === 'note' ? 0.86 : 1) * 0.6;
      }
      // A pixel of slack: canvas and SVG text can round differently.
      width = Math.ceil(width) + 1;
      if (cache.size >= MAX_WIDTHS) cache.clear();
      cache.set(key, width);
    }
    return width;
  };
}
