/**
 * Vector tiles of the grid from a URL template: `{z}`, `{x}`, `{y}` and `{level}` filled in (a
 * template without `{level}` gets `level=` in its query, as the PostGIS tile server reads it),
 * fetched with the page's `requestInit`, decoded on the main thread (no worker, nothing fetched
 * from a CDN) and kept by URL, so going back to a level or a view fetches nothing. A tile that
 * fails (HTTP error, network, bytes that are no vector tile) is reported by its address, and its
 * bad features by index; the other tiles are drawn.
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

/** The URL of one tile of one level. */
export function tileUrl(template: string, level: GridLevel, { z, x, y }: TileIndex): string {
  const filled = template.replace(/\{z\}/g, String(z)).replace(/\{x\}/g, String(x)).replace(/\{y\}/g, String(y));
  if (template.includes('{level}')) return filled.replace(/\{level\}/g, encodeURIComponent(level));
  const hash = filled.indexOf('#');
  const [base, fragment] = hash >= 0 ? [filled.slice(0, hash), filled.slice(hash)] : [filled, ''];
  return `${base}${base.includes('?') ? '&' : '?'}level=${encodeURIComponent(level)}${fragment}`;
}

export class TileSource {
  private readonly tiles = new Map<string, { level: GridLevel; units: TileUnits }>();
  private readonly issues = new Map<string, { issues: ValidationIssue[]; total: number }>();
  /** From the tiles' CRS (the data's) into the display CRS; null when they are the same. */
  private transform: LonLatTransform | null = null;

  /** `unitOf`: the unit of an id in the current index; `report`: every tile issue so far, after each change. */
  constructor(
    private readonly unitOf: (id: string) => number,
    private readonly report: (issues: ValidationIssue[], total: number) => void,
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

  /** One tile of a level: decoded, or null when it failed (reported). Aborting `signal` rejects. */
  async load(template: string, level: GridLevel, tile: TileIndex, init: RequestInit | undefined, signal?: AbortSignal): Promise<TileUnits | null> {
    const url = tileUrl(template, level, tile);
    const kept = this.tiles.get(url);
    if (kept) {
      // Most recently used last.
      this.tiles.delete(url);
      this.tiles.set(url, kept);
      return kept.units;
    }
    let bytes: ArrayBuffer;
    try {
      const response = await fetch(url, { ...init, signal });
      if (response.status === 204) bytes = new ArrayBuffer(0);
      else if (!response.ok) return this.fail(url, tile, 'tile-load-failed', `HTTP ${response.status} ${response.statusText}`.trim());
      else bytes = await response.arrayBuffer();
    } catch (error) {
      if (signal?.aborted) throw error;
      return this.fail(url, tile, 'tile-load-failed', error instanceof Error ? error.message : String(error));
    }
    let units: TileUnits;
    try {
      units = bytes.byteLength ? decodeTile(bytes, tile, this.unitOf, ISSUES_PER_TILE, this.transform) : emptyTile(tile, this.transform);
    } catch (error) {
      return this.fail(url, tile, 'tile-corrupt', error instanceof Error ? error.message : String(error));
    }
    this.setIssues(url, units.issues, units.total);
    this.tiles.set(url, { level, units });
    if (this.tiles.size > KEPT_TILES) this.tiles.delete(this.tiles.keys().next().value!);
    return units;
  }

  /** The decoded tiles of a level that cover (x, y), the one of zoom `z` first, then the nearest zooms. */
  tilesAt(level: GridLevel, x: number, y: number, z: number): TileUnits[] {
    const found: TileUnits[] = [];
    for (const entry of this.tiles.values()) {
      if (entry.level !== level) continue;
      const [w, s, e, n] = entry.units.bounds;
      if (x >= w && x <= e && y >= s && y <= n) found.push(entry.units);
    }
    return found.sort((a, b) => Math.abs(a.tile.z - z) - Math.abs(b.tile.z - z) || b.tile.z - a.tile.z);
  }

  private fail(url: string, tile: TileIndex, code: string, detail: string): null {
    this.setIssues(url, [{ path: tilePath(tile), message: `tile ${url}: ${detail}`, severity: 'error', code, params: { detail } }], 1);
    return null;
  }

  /** A tile's issues replace its earlier ones (a tile loaded again after an error). */
  private setIssues(key: string, issues: ValidationIssue[], total: number): void {
    if (!issues.length && !this.issues.has(key)) return;
    if (issues.length) this.issues.set(key, { issues, total });
    else this.issues.delete(key);
    const all: ValidationIssue[] = [];
    let sum = 0;
    // In URL order, not arrival order: the same tiles give the same report.
    for (const url of [...this.issues.keys()].sort()) {
      const entry = this.issues.get(url)!;
      sum += entry.total;
      for (const issue of entry.issues) if (all.length < ISSUES_SHOWN) all.push(issue);
    }
    this.report(all, sum);
  }
}
