/**
 * One PMTiles archive read with the `pmtiles` package through range requests made with the
 * page's `requestInit` (so the page's credentials and headers apply, and a static file on the
 * page's own server is all it takes). Loaded only when a grid reads an archive.
 */
import { PMTiles, TileType, type Source } from 'pmtiles';
import type { GridLevel } from '../model/levels';
import { TileFailure, type TileReader } from './tile-source';
import type { TileIndex } from './tile-units';

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Byte ranges of the archive by `fetch`; a server that ignores `Range` answers the whole file, which is cut here. */
function rangeSource(url: string, init: () => RequestInit | undefined): Source {
  return {
    getKey: () => url,
    async getBytes(offset, length, signal) {
      const base = init();
      const headers = new Headers(base?.headers);
      headers.set('Range', `bytes=${offset}-${offset + length - 1}`);
      let response: Response;
      try {
        response = await fetch(url, { ...base, headers, signal });
      } catch (error) {
        if (signal?.aborted) throw error;
        throw new TileFailure('tile-load-failed', message(error));
      }
      const missing = new TileFailure('tile-load-failed', `bytes ${offset}–${offset + length - 1} are not in the archive`);
      if (response.status === 416) throw missing;
      if (!response.ok) throw new TileFailure('tile-load-failed', `HTTP ${response.status} ${response.statusText}`.trim());
      const body = await response.arrayBuffer();
      const data = response.status === 206 ? body : body.slice(offset, offset + length);
      // The header read asks for the first 16 KiB of any archive; every later read must get what it asked for.
      if (offset > 0 && data.byteLength < length) throw missing;
      return { data };
    },
  };
}

export function archiveReader(url: string, init: () => RequestInit | undefined): Required<Pick<TileReader, 'read' | 'deepestZoom'>> {
  const archive = new PMTiles(rangeSource(url, init));
  const header = archive.getHeader().then(
    (found) => {
      if (found.tileType !== TileType.Mvt && found.tileType !== TileType.Unknown) throw new TileFailure('tile-corrupt', 'the archive holds no vector tiles', true);
      return found;
    },
    (error: unknown) => {
      throw new TileFailure(error instanceof TileFailure ? error.code : 'tile-corrupt', message(error), true);
    },
  );
  // Reported through the tiles that wait for it.
  header.catch(() => undefined);
  return {
    deepestZoom: () => header.then(
      (found) => found.maxZoom,
      () => null,
    ),
    async read(_level: GridLevel, { z, x, y }: TileIndex, signal?: AbortSignal): Promise<ArrayBuffer> {
      await header;
      try {
        // Not in the archive: a tile without units (archives leave empty tiles out).
        return (await archive.getZxy(z, x, y, signal))?.data ?? new ArrayBuffer(0);
      } catch (error) {
        if (signal?.aborted || error instanceof TileFailure) throw error;
        throw new TileFailure('tile-corrupt', message(error));
      }
    },
  };
}
