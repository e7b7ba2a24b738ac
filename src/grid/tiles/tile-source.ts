/**
 * Vector tiles of the grid, from a URL template or a PMTiles archive, through a `TileReader`:
 * decoded on the main thread (no worker, nothing fetched from a CDN) and kept by address, so
 * going back to a level or a view fetches nothing. A unit index that grows (the index on demand)
 * links the kept tiles again from their kept bytes: features of units that came since are drawn,
 * and still nothing is fetched twice. A tile that fails (HTTP error, network, bytes
 * that are no vector tile, a part of an archive that is not there) is reported by its address, and
 * its bad features by index; an archive that cannot be read at all is reported once. The other
 * tiles are drawn.
 */
import type { ValidationIssue } from '../../core/validation';
import type { LonLatTransform } from '../model/hierarchy';
import type { GridLevel } from '../model/levels';
import { decodeTile, emptyTile, tilePath, type TileIndex, type TileUnits } from './tile-units';

/** Decoded tiles kept (about a screen's worth per level for several levels). */
const KEPT_TILES = 512;
/** Issues kept per tile, and in all. */
const ISSUES_PER_TILE = 20;
const ISSUES_SHOWN = 1000;

/** A template the layer can fill: `{z}`, `{x}` and `{y}` all present. */
export const isTileTemplate = (template: string): boolean => ['{z}', '{x}', '{y}'].every((part) => template.includes(part));

/** A single PMTiles archive: `….pmtiles` (a query or fragment may follow) or `pmtiles://…`. */
export const isPmtiles = (tiles: string): boolean => /^pmtiles:\/\//i.test(tiles) || /\.pmtiles(\?|#|$)/i.test(tiles);

/** The URL of one tile of one level. */
export function tileUrl(template: string, level: GridLevel, { z, x, y }: TileIndex): string {
  const filled = template.replace(/\{z\}/g, String(z)).replace(/\{x\}/g, String(x)).replace(/\{y\}/g, String(y));
  if (template.includes('{level}')) return filled.replace(/\{level\}/g, encodeURIComponent(level));
  const hash = filled.indexOf('#');
  const [base, fragment] = hash >= 0 ? [filled.slice(0, hash), filled.slice(hash)] : [filled, ''];
  return `${base}${base.includes('?') ? '&' : '?'}level=${encodeURIComponent(level)}${fragment}`;
}

/** Why a tile (or, `archive`: every tile of an archive) could not be read. */
export class TileFailure extends Error {
  constructor(
    readonly code: 'tile-load-failed' | 'tile-corrupt',
    message: string,
    readonly archive = false,
  ) {
    super(message);
  }
}

/** Where a grid's tiles come from. */
export interface TileReader {
  /** The template or the archive's URL. */
  readonly source: string;
  /** The address a tile is kept by and reported with. */
  address(level: GridLevel, tile: TileIndex): string;
  /** The vector-tile layer holding the level's units (undefined: every layer). */
  layer(level: GridLevel): string | undefined;
  /** A tile's bytes (empty: no units). Throws a `TileFailure`, or the abort when `signal` aborted. */
  read(level: GridLevel, tile: TileIndex, signal?: AbortSignal): Promise<ArrayBuffer>;
  /** The deepest zoom an archive says it has tiles for (null: it cannot be read); a template does not say. */
  deepestZoom?(): Promise<number | null>;
}

/** Tiles from a URL template, fetched with the page's `requestInit` (a 204 is a tile without units). */
export function templateReader(template: string, init: () => RequestInit | undefined): TileReader {
  return {
    source: template,
    address: (level, tile) => tileUrl(template, level, tile),
    layer: () => undefined,
    async read(level, tile, signal) {
      let response: Response;
      try {
        response = await fetch(tileUrl(template, level, tile), { ...init(), signal });
      } catch (error) {
        if (signal?.aborted) throw error;
        throw new TileFailure('tile-load-failed', error instanceof Error ? error.message : String(error));
      }
      if (response.status === 204) return new ArrayBuffer(0);
      if (!response.ok) throw new TileFailure('tile-load-failed', `HTTP ${response.status} ${response.statusText}`.trim());
      return response.arrayBuffer();
    },
  };
}

/**
 * Tiles from one PMTiles archive, each level a layer named after it; the archive reader (and the
 * `pmtiles` package) is loaded when the archive is first opened, so pages without one never load it.
 */
export function pmtilesReader(tiles: string, init: () => RequestInit | undefined): TileReader {
  const url = tiles.replace(/^pmtiles:\/\//i, '');
  let archive: Promise<Required<Pick<TileReader, 'read' | 'deepestZoom'>>> | undefined;
  const open = () => (archive ??= import('./pmtiles-archive').then((module) => module.archiveReader(url, init)));
  return {
    source: url,
    address: (level, { z, x, y }) => `${url} ${level} ${z}/${x}/${y}`,
    layer: (level) => level,
    read: async (level, tile, signal) => (await open()).read(level, tile, signal),
    deepestZoom: async () => (await open()).deepestZoom(),
  };
}

/** A kept tile: its bytes, and what they decoded to against the unit index of link `links`. */
interface KeptTile {
  level: GridLevel;
  tile: TileIndex;
  layer: string | undefined;
  bytes: ArrayBuffer;
  units: TileUnits;
  links: number;
}

export class TileSource {
  private readonly tiles = new Map<string, KeptTile>();
  /** Bumped when the unit index grew: kept tiles are decoded again against it when next used. */
  private links = 0;
  private readonly issues = new Map<string, { issues: ValidationIssue[]; total: number }>();
  /** From the tiles' CRS (the data's) into the display CRS; null when they are the same. */
  private transform: LonLatTransform | null = null;

  /** `unitOf`: the unit of an id in the current index; `report`: every tile issue so far, after each change; `partialIndex`: the index holds only part of the units (ids it lacks are no error). */
  constructor(
    private readonly unitOf: (id: string) => number,
    private readonly report: (issues: ValidationIssue[], total: number) => void,
    private readonly partialIndex: () => boolean = () => false,
  ) {}

  /** Forgets every tile and issue (new units index, template or CRS). */
  clear(transform: LonLatTransform | null): void {
    this.transform = transform;
    this.tiles.clear();
    if (this.issues.size) {
      this.issues.clear();
      this.report([], 0);
    }
  }

  /**
   * The unit index grew (same units, more of them, same CRS): the kept tiles stay, and are decoded
   * again from their bytes when next used, so their features link to the units now known.
   */
  relink(): void {
    this.links++;
  }

  /** The version of the links: a deck layer keyed by it asks for its tiles again (from here, nothing fetched). */
  get linkVersion(): number {
    return this.links;
  }

  /** One tile of a level: decoded, or null when it failed (reported). Aborting `signal` rejects. */
  async load(reader: TileReader, level: GridLevel, tile: TileIndex, signal?: AbortSignal): Promise<TileUnits | null> {
    const address = reader.address(level, tile);
    const kept = this.tiles.get(address);
    if (kept) {
      // Most recently used last.
      this.tiles.delete(address);
      this.tiles.set(address, kept);
      return this.linked(address, kept);
    }
    let bytes: ArrayBuffer;
    try {
      bytes = await reader.read(level, tile, signal);
    } catch (error) {
      if (signal?.aborted) throw error;
      return this.fail(reader, address, tile, error instanceof TileFailure ? error : new TileFailure('tile-load-failed', String(error)));
    }
    const layer = reader.layer(level);
    let units: TileUnits;
    try {
      units = this.decode(bytes, tile, layer);
    } catch (error) {
      return this.fail(reader, address, tile, new TileFailure('tile-corrupt', error instanceof Error ? error.message : String(error)));
    }
    this.setIssues(address, units.issues, units.total);
    this.tiles.set(address, { level, tile, layer, bytes, units, links: this.links });
    if (this.tiles.size > KEPT_TILES) this.tiles.delete(this.tiles.keys().next().value!);
    return units;
  }

  private decode(bytes: ArrayBuffer, tile: TileIndex, layer: string | undefined): TileUnits {
    return bytes.byteLength ? decodeTile(bytes, tile, this.unitOf, ISSUES_PER_TILE, this.transform, layer, this.partialIndex()) : emptyTile(tile, this.transform);
  }

  /** A kept tile's units, decoded again (the same bytes decoded before) when the index grew since. */
  private linked(address: string, kept: KeptTile): TileUnits {
    if (kept.links === this.links) return kept.units;
    kept.units = this.decode(kept.bytes, kept.tile, kept.layer);
    kept.links = this.links;
    this.setIssues(address, kept.units.issues, kept.units.total);
    return kept.units;
  }

  /** The decoded tiles of a level that cover (x, y), the one of zoom `z` first, then the nearest zooms. */
  tilesAt(level: GridLevel, x: number, y: number, z: number): TileUnits[] {
    const found: TileUnits[] = [];
    for (const [address, entry] of this.tiles) {
      if (entry.level !== level) continue;
      const [w, s, e, n] = entry.units.bounds;
      if (x >= w && x <= e && y >= s && y <= n) found.push(this.linked(address, entry));
    }
    return found.sort((a, b) => Math.abs(a.tile.z - z) - Math.abs(b.tile.z - z) || b.tile.z - a.tile.z);
  }

  /** Reports a tile by its address; an archive that cannot be read, once, as `tiles`. */
  private fail(reader: TileReader, address: string, tile: TileIndex, { code, message, archive }: TileFailure): null {
    const params = { detail: message };
    // Every tile of an unreadable archive fails the same way: reported once.
    if (archive && this.issues.has('')) return null;
    if (archive) this.setIssues('', [{ path: 'tiles', message: `tiles ${reader.source}: ${message}`, severity: 'error', code, params }], 1);
    else this.setIssues(address, [{ path: tilePath(tile), message: `tile ${address}: ${message}`, severity: 'error', code, params }], 1);
    return null;
  }

  /** A tile's issues replace its earlier ones (a tile loaded again after an error). */
  private setIssues(key: string, issues: ValidationIssue[], total: number): void {
    if (!issues.length && !this.issues.has(key)) return;
    if (issues.length) this.issues.set(key, { issues, total });
    else this.issues.delete(key);
    const all: ValidationIssue[] = [];
    let sum = 0;
    // In address order, not arrival order: the same tiles give the same report.
    for (const url of [...this.issues.keys()].sort()) {
      const entry = this.issues.get(url)!;
      sum += entry.total;
      for (const issue of entry.issues) if (all.length < ISSUES_SHOWN) all.push(issue);
    }
    this.report(all, sum);
  }
}
