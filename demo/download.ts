/** Demo helper: saves a map's `toImage()` PNG under `filename`. */
import type { CityMap } from '../src/map/city-map';

export async function downloadMapImage(map: CityMap, filename: string): Promise<void> {
  const blob = await map.toImage();
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = filename;
  link.click();
  // The click starts the download asynchronously: keep the URL alive a moment.
  setTimeout(() => URL.revokeObjectURL(link.href), 1000);
}
