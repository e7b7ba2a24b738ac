/**
 * PNG export of a map: the compositing of the map's picture (live canvas or snapshot) with its background and its layers' overlays.
 */
import type { MapLayerChild } from './map-context';

export { imageScale, MAX_IMAGE_SIDE, type ImageOptions } from '../core/image';

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
