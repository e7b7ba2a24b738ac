/** A bare deck.gl Deck on a canvas (for testing a layer without any element), frames, and pixel reads of an ImageData. */
import { Deck, type Layer } from '@deck.gl/core';

export interface BareDeck {
  deck: Deck;
  canvas: HTMLCanvasElement;
  destroy(): void;
}

export async function bareDeck(view = { longitude: 106.55, latitude: 29.56, zoom: 12 }, width = 400, height = 300): Promise<BareDeck> {
  const canvas = document.createElement('canvas');
  canvas.style.cssText = `width:${width}px;height:${height}px;display:block`;
  canvas.width = width;
  canvas.height = height;
  document.body.append(canvas);
  const deck = new Deck({
    canvas,
    width,
    height,
    useDevicePixels: false,
    initialViewState: { ...view, pitch: 0, bearing: 0 },
    controller: false,
    deviceProps: { type: 'webgl', webgl: { preserveDrawingBuffer: true } } as never,
    layers: [],
  });
  await new Promise((resolve) => setTimeout(resolve, 100));
  return {
    deck,
    canvas,
    destroy() {
      deck.finalize();
      canvas.remove();
    },
  };
}

/** Sets layers and resolves after two drawn frames with everything loaded (hex results land a frame late, more under load). */
export async function drawLayers(deck: Deck, layers: Layer[]): Promise<void> {
  deck.setProps({ layers });
  for (let i = 0; i < 2 || (i < 60 && !layers.every((layer) => layer.isLoaded)); i++) {
    await new Promise<void>((resolve) => {
      deck.setProps({
        onAfterRender: () => {
          deck.setProps({ onAfterRender: () => {} });
          resolve();
        },
      });
      deck.redraw('test');
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export function readCanvas(canvas: HTMLCanvasElement): ImageData {
  const copy = document.createElement('canvas');
  copy.width = canvas.width;
  copy.height = canvas.height;
  const context = copy.getContext('2d')!;
  context.drawImage(canvas, 0, 0);
  return context.getImageData(0, 0, copy.width, copy.height);
}

/** Number of pixels with any opacity. */
export function paintedPixels(image: ImageData): number {
  let n = 0;
  for (let i = 3; i < image.data.length; i += 4) if (image.data[i] > 0) n++;
  return n;
}

export function pixelAt(image: ImageData, x: number, y: number): [number, number, number, number] {
  const i = (Math.round(y) * image.width + Math.round(x)) * 4;
  return [image.data[i], image.data[i + 1], image.data[i + 2], image.data[i + 3]];
}
