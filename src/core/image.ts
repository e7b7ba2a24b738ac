/**
 * The options every exporting element's `toImage()` takes, checked the same way everywhere: an
 * unusable scale, or an image too large to encode, rejects with an Error naming the element.
 */
import { describeValue } from './validation';

/** Options of `toImage()`. */
export interface ImageOptions {
  /** Output pixels per CSS pixel (default: `devicePixelRatio`, or 1). */
  scale?: number;
}

/** Largest output side in pixels (Chromium cannot encode much larger canvases). */
export const MAX_IMAGE_SIDE = 16384;

/**
 * The output scale asked for by `options` (default: `defaultScale`, else the device pixel ratio).
 * Throws an Error naming `tag` when the options are unusable, or when the image would exceed
 * `MAX_IMAGE_SIDE`.
 */
export function imageScale(tag: string, options: unknown, size: { width: number; height: number }, defaultScale?: number): number {
  const given = options != null && typeof options === 'object' ? (options as ImageOptions).scale : undefined;
  if (options != null && typeof options !== 'object') {
    throw new TypeError(`<${tag}>: toImage() options must be an object like {scale: 2}, got ${describeValue(options)}`);
  }
  const scale = given === undefined ? (defaultScale ?? ((typeof window !== 'undefined' && window.devicePixelRatio) || 1)) : given;
  if (typeof scale !== 'number' || !Number.isFinite(scale) || scale <= 0) {
    throw new RangeError(`<${tag}>: toImage() scale must be a positive number, got ${describeValue(given)}`);
  }
  const side = Math.max(size.width, size.height) * scale;
  if (side > MAX_IMAGE_SIDE) {
    throw new RangeError(`<${tag}>: toImage() scale ${scale} gives ${Math.round(side)} px, more than the ${MAX_IMAGE_SIDE} px an image side may have`);
  }
  return scale;
}
