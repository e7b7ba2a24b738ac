/**
 * PNG export of a map: the options every exporting element takes, and the compositing of the map's
 * picture (live canvas or snapshot) with its background and its layers' overlays.
 */
import { describeValue } from '../core/validation';
import type { MapLayerChild } from './map-context';

/** Options of `toImage()`. */
export interface ImageOptions {
  /** Output pixels per CSS pixel (default: `devicePixelRatio`, or 1). */
  scale?: number;
}

/** Largest output side in pixels (Chromium cannot encode much larger canvases). */
export const MAX_IMAGE_SIDE = 16384;

/**
 * The output scale asked for by `options` (default: device pixel ratio). Throws an Error naming
 * `tag` when the options are unusable, or when the image would exceed `MAX_IMAGE_SIDE`.
 */
export function imageScale(tag: string, options: unknown, size: { width: number; height: number }): number {
  const given = options != null && typeof options === 'object' ? (options as ImageOptions).scale : undefined;
  if (options != null && typeof options !== 'object') {
    throw new TypeError(`<${tag}>: toImage() options must be an object like {scale: 2}, got ${describeValue(options)}`);
  }
  const scale = given === undefined ? (typeof window !== 'undefined' && window.devicePixelRatio) || 1 : given;
  if (typeof scale !== 'number' || !Number.isFinite(scale) || scale <= 0) {
    throw new RangeError(`<${tag}>: toImage() scale must be a positive number, got ${describeValue(given)}`);
  }
  const side = Math.max(size.width, size.height) * scale;
  if (side > MAX_IMAGE_SIDE) {
    throw new RangeError(`<${tag}>: toImage() scale ${scale} gives ${Math.round(side)} px, more than the ${MAX_IMAGE_SIDE} px an image side may have`);
  }
  return scale;
}

/** Draws background, picture and overlays into a new canvas of `size` × `scale` pixels and encodes it as PNG. */
export function composeImage(
  tag: string,
  size: { width: number; height: number },
  scale: number,
  background: string,
  picture: CanvasImageSource | null,
  children: readonly MapLayerChild[],
): Promise<Blob> {
  const { width, height } = size;
  const output = document.createElement('canvas');
  output.width = Math.max(1, Math.round(width * scale));
  output.height = Math.max(1, Math.round(height * scale));
  const context = output.getContext('2d')!;
  context.scale(output.width / Math.max(1, width), output.height / Math.max(1, height));
  context.fillStyle = background;
  context.fillRect(0, 0, width, height);
  if (picture) context.drawImage(picture, 0, 0, width, height);
  for (const child of children) {
    context.save();
    try {
      child.paintOverlays?.(context, { width, height });
    } finally {
      context.restore();
    }
  }
  return new Promise<Blob>((resolve, reject) =>
    output.toBlob(
      (blob) => (blob ? resolve(blob) : reject(new Error(`<${tag}>: the ${output.width}×${output.height} px PNG could not be encoded`))),
      'image/png',
    ),
  );
}
