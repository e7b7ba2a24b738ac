/**
 * Text fitting for chart labels (pure: the caller supplies the measuring function, a canvas in
 * the browser, a fixed advance in tests).
 */

/** Label styles the layout distinguishes: stage names, bold figures, smaller notes. */
export type TextStyle = 'name' | 'value' | 'note';

/** Width in pixels of `text` drawn in `style`. */
export type Measure = (text: string, style: TextStyle) => number;

const ELLIPSIS = '…';
const LATIN = /[A-Za-z0-9]/;

/**
 * Cuts `text` to at most `max` characters (with an ellipsis). Labels come from backends and may
 * be megabytes long; nothing downstream should ever measure or render the whole of one.
 */
export function clipText(text: string, max = 120): string {
  if (text.length <= max) return text;
  // Do not split a surrogate pair.
  let end = max - 1;
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end--;
  return text.slice(0, end) + ELLIPSIS;
}

/** Longest prefix of `text` (plus an ellipsis when cut) no wider than `maxWidth`. */
export function fitText(text: string, maxWidth: number, style: TextStyle, measure: Measure): string {
  if (measure(text, style) <= maxWidth) return text;
  if (measure(ELLIPSIS, style) > maxWidth) return '';
  // Binary search on the prefix length: widths grow monotonically with the prefix.
  let low = 0;
  let high = text.length;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (measure(text.slice(0, mid) + ELLIPSIS, style) <= maxWidth) low = mid;
    else high = mid - 1;
  }
  return text.slice(0, low).trimEnd() + ELLIPSIS;
}

/**
 * Breaks `text` into at most `maxLines` lines no wider than `maxWidth`: at spaces in English,
 * between any two characters in Chinese (no spaces); a Latin word too long for a line, and the
 * last line when text is left over, end with an ellipsis.
 */
export function wrapText(text: string, maxWidth: number, maxLines: number, style: TextStyle, measure: Measure): string[] {
  const lines: string[] = [];
  let rest = text.trim();
  while (rest && lines.length < maxLines) {
    if (lines.length === maxLines - 1 || measure(rest, style) <= maxWidth) {
      lines.push(fitText(rest, maxWidth, style, measure));
      break;
    }
    const cut = longestFit(rest, maxWidth, style, measure);
    const space = rest[cut] === ' ' ? cut : rest.lastIndexOf(' ', cut);
    if (space <= 0 && LATIN.test(rest[cut - 1] ?? '') && LATIN.test(rest[cut] ?? '')) {
      // One long Latin word: an ellipsis reads better than a break inside the word.
      lines.push(fitText(rest, maxWidth, style, measure));
      break;
    }
    const breakAt = space > 0 ? space : Math.max(1, cut);
    lines.push(rest.slice(0, breakAt).trimEnd());
    rest = rest.slice(breakAt).trimStart();
  }
  return lines.filter((line) => line !== '');
}

function longestFit(text: string, maxWidth: number, style: TextStyle, measure: Measure): number {
  let low = 0;
  let high = text.length;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (measure(text.slice(0, mid), style) <= maxWidth) low = mid;
    else high = mid - 1;
  }
  return low;
}
