/** Text measuring for the layout with a canvas (the same font the SVG uses, so boxes are exact). */
import type { Measure, TextStyle } from './text';

let context: CanvasRenderingContext2D | null | undefined;

/** A `Measure` for `family` at `fontSize` px; values follow the element's CSS for each style. */
export function canvasMeasure(family: string, fontSize: number): Measure {
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
        context.font = fonts[style];
        width = context.measureText(text).width;
      } else {
        width = text.length * fontSize * (style === 'note' ? 0.86 : 1) * 0.6;
      }
      // A pixel of slack: canvas and SVG text can round differently.
      width = Math.ceil(width) + 1;
      cache.set(key, width);
    }
    return width;
  };
}
