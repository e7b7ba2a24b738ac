/**
 * The funnel as a PNG for slides: the headline rates as a header line, then the SVG with its
 * computed styles inlined (custom properties and theme resolved), drawn onto a canvas.
 * Loaded on demand by `toImage()`, so pages that never export do not download it.
 */

/** Properties the stylesheet sets on the SVG's elements; copied as resolved values. */
const STYLE_PROPERTIES = [
  'fill',
  'fill-opacity',
  'stroke',
  'stroke-width',
  'stroke-opacity',
  'stroke-dasharray',
  'opacity',
  'font-family',
  'font-size',
  'font-weight',
  'font-variant-numeric',
  'dominant-baseline',
  'rx',
];

export interface ImageOptions {
  background: string;
  foreground: string;
  muted: string;
  fontFamily: string;
  /** Headline rates printed above the chart. */
  header: Array<{ label: string; value: string }>;
  /** Device pixels per CSS pixel. */
  scale: number;
}

export async function chartImage(svg: SVGSVGElement, options: ImageOptions): Promise<Blob> {
  const clone = svg.cloneNode(true) as SVGSVGElement;
  const originals = [svg, ...svg.querySelectorAll('*')];
  const copies = [clone, ...clone.querySelectorAll('*')];
  originals.forEach((node, i) => {
    const computed = getComputedStyle(node);
    // Through the CSSOM: a strict CSP (`style-src 'self'`) drops `setAttribute('style', …)`.
    const style = (copies[i] as SVGElement).style;
    for (const p of STYLE_PROPERTIES) style.setProperty(p, computed.getPropertyValue(p));
  });
  // Focus rings and hover tints are interaction state, not part of the picture.
  for (const ring of clone.querySelectorAll('.focus-ring, .hit')) ring.remove();
  clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  const width = Number(svg.getAttribute('width')) || svg.clientWidth;
  const height = Number(svg.getAttribute('height')) || svg.clientHeight;

  const canvas = document.createElement('canvas');
  const context = canvas.getContext('2d');
  if (!context) throw new Error('no 2D canvas context');
  const font = (scale: number) => ({ label: `${12 * scale}px ${options.fontFamily}`, value: `600 ${22 * scale}px ${options.fontFamily}` });
  const GAP = 24;
  const ROW = 56;
  const widths = options.header.map(({ label, value }) => {
    context.font = font(1).label;
    const labelWidth = context.measureText(label).width;
    context.font = font(1).value;
    return Math.max(labelWidth, context.measureText(value).width);
  });
  // One line of rates, its type shrunk a little if that fits them (a bulletin has eight);
  // below 70 % they flow into more rows instead.
  const room = width - 24 - GAP * Math.max(0, widths.length - 1);
  const total = widths.reduce((sum, w) => sum + w, 0);
  const shrink = total > room && room / total >= 0.7 ? room / total : 1;
  let x = 12;
  let y = 0;
  const placed = options.header.map((item, i) => {
    const itemWidth = widths[i] * shrink;
    if (x > 12 && x + itemWidth > width - 11.5) {
      x = 12;
      y += ROW;
    }
    const at = { ...item, x, y };
    x += itemWidth + GAP;
    return at;
  });
  const headerHeight = placed.length ? y + ROW : 0;

  canvas.width = Math.ceil(width * options.scale);
  canvas.height = Math.ceil((height + headerHeight) * options.scale);
  context.scale(options.scale, options.scale);
  context.fillStyle = options.background;
  context.fillRect(0, 0, width, height + headerHeight);
  const fonts = font(shrink);
  for (const item of placed) {
    context.font = fonts.label;
    context.fillStyle = options.muted;
    context.fillText(item.label, item.x, item.y + 20);
    context.font = fonts.value;
    context.fillStyle = options.foreground;
    context.fillText(item.value, item.x, item.y + 46);
  }

  const image = new Image();
  image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(new XMLSerializer().serializeToString(clone))}`;
  await image.decode();
  context.drawImage(image, 0, headerHeight, width, height);
  return new Promise((resolve, reject) =>
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('could not encode the PNG'))), 'image/png'),
  );
}
