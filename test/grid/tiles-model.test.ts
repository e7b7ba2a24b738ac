/**
 * The tile mode's pure parts: tile URLs, the unit index as grid features, decoding a tile of the
 * sample (made by the PostGIS tile function) into the parts of its units, picking in a tile.
 */
import { expect } from 'chai';
import { GridIndex } from '../../src/grid/model/hierarchy';
import { unitIssuePath, unitRowsCollection } from '../../src/grid/model/unit-rows';
import { validateGridCollection } from '../../src/grid/model/validate';
import { tilesMaxZoomReader, tilesReader } from '../../src/grid/tiles/grid-tiles';
import { tileUrl } from '../../src/grid/tiles/tile-source';
import type { ValidationIssue } from '../../src/core/validation';
import { decodeTile, shownParts, tileBounds, unitAtInTile, unitRingsInTile } from '../../src/grid/tiles/tile-units';

const SAMPLE = '/test/fixtures/tiles/sample';

async function sampleIndex(): Promise<GridIndex> {
  const rows = (await (await fetch(`${SAMPLE}/units.json`)).json()) as unknown[];
  return new GridIndex(validateGridCollection(unitRowsCollection(rows).collection).units);
}

async function tileBytes(level: string, z: number, x: number, y: number): Promise<ArrayBuffer> {
  return (await fetch(`${SAMPLE}/${level}/${z}/${x}/${y}.pbf`)).arrayBuffer();
}

describe('grid tiles: model', () => {
  it('fills a URL template, the level through {level} or the query', () => {
    const at = { z: 11, x: 1629, y: 846 };
    expect(tileUrl('/t/{level}/{z}/{x}/{y}.pbf', 'micro-grid', at)).to.equal('/t/micro-grid/11/1629/846.pbf');
    expect(tileUrl('/tiles/{z}/{x}/{y}.pbf', 'street', at)).to.equal('/tiles/11/1629/846.pbf?level=street');
    expect(tileUrl('/tiles/{z}/{x}/{y}.pbf?key=k#v', 'grid', at)).to.equal('/tiles/11/1629/846.pbf?key=k&level=grid#v');
  });

  it('reads `tiles` and `tiles-max-zoom` under the attribute policy (bad: reported, default used)', () => {
    const read = <T>(reader: (issues: ValidationIssue[], value: unknown) => T, value: unknown) => {
      const issues: ValidationIssue[] = [];
      return [reader(issues, value), issues.map((i) => i.path)];
    };
    expect(read(tilesReader, '/t/{z}/{x}/{y}.pbf')).to.deep.equal(['/t/{z}/{x}/{y}.pbf', []]);
    expect(read(tilesReader, null)).to.deep.equal([undefined, []]);
    expect(read(tilesReader, '/t/{z}/{x}.pbf')).to.deep.equal([undefined, ['tiles']]);
    expect(read(tilesReader, 'grids.pmtiles')).to.deep.equal(['grids.pmtiles', []]);
    expect(read(tilesReader, '/t/grids.PMTiles?v=2')).to.deep.equal(['/t/grids.PMTiles?v=2', []]);
    expect(read(tilesReader, 'pmtiles:///t/grids')).to.deep.equal(['pmtiles:///t/grids', []]);
    expect(read(tilesReader, '/t/grids.pmtiles.json')).to.deep.equal([undefined, ['tiles']]);
    expect(read(tilesMaxZoomReader, 16)).to.deep.equal([16, []]);
    expect(read(tilesMaxZoomReader, undefined)).to.deep.equal([14, []]);
    expect(read(tilesMaxZoomReader, 'deep')).to.deep.equal([14, ['tiles-max-zoom']]);
    expect(read(tilesMaxZoomReader, 14.5)).to.deep.equal([14, ['tiles-max-zoom']]);
    expect(read(tilesMaxZoomReader, 25)).to.deep.equal([14, ['tiles-max-zoom']]);
  });

  it('gives a tile its Web-Mercator bounds', () => {
    expect(tileBounds({ z: 0, x: 0, y: 0 }).map((v) => Math.round(v * 1e6) / 1e6)).to.deep.equal([-180, -85.051129, 180, 85.051129]);
    expect(tileBounds({ z: 1, x: 1, y: 0 }).map((v) => Math.round(v * 1e6) / 1e6)).to.deep.equal([0, 0, 180, 85.051129]);
  });

  it('makes the unit index grid features of their boxes; bad rows reported by row, the validation’s issues pointed at rows', () => {
    const rows = [
      { id: 'D', parent: null, name: 'D', level: 'district', bbox: [0, 0, 2, 2] },
      'junk',
      { id: 'S', parent: 'D', name: 'S', level: 'street', bbox: [0, 0, 1] },
      { id: 'S2', parent: 'D', name: 'S2', level: 'street', bbox: [1, 0, 2, 2], events: 4 },
      { id: 'P', parent: 'D', name: 'P', level: 'street', bbox: [1, 1, 1, 1] },
      { id: 'X', parent: 'D', name: 'X', level: 'nowhere', bbox: [0, 0, 1, 1] },
    ];
    const { collection, issues, sources } = unitRowsCollection(rows);
    expect(issues.map((i) => [i.path, i.code])).to.deep.equal([
      ['units[1]', 'wrong-type'],
      ['units[2].bbox', 'wrong-type'],
    ]);
    expect(sources).to.deep.equal([0, 3, 4, 5]);
    const validation = validateGridCollection(collection);
    expect(validation.units.map((u) => u.id)).to.deep.equal(['D', 'S2', 'P']);
    expect(validation.issues.map((i) => unitIssuePath(i, sources).path)).to.deep.equal(['units[5].level']);
    const index = new GridIndex(validation.units);
    expect(Array.from(index.bboxes.subarray(4, 8))).to.deep.equal([1, 0, 2, 2]);
    // A unit that is a point still gets a (tiny) box.
    expect(index.bboxes[10]).to.be.greaterThan(1);
    expect(Object.getPrototypeOf(index.features[1].properties)).to.equal(null);
    expect(index.features[1].properties!.events).to.equal(4);
  });

  it('decodes a tile into the parts of the units it holds, reporting features the index lacks', async () => {
    const index = await sampleIndex();
    const z10 = [await tileBytes('street', 10, 814, 423), await tileBytes('street', 10, 815, 423)];
    const tiles = z10.map((bytes, k) => decodeTile(bytes, { z: 10, x: 814 + k, y: 423 }, (id) => index.indexOf(id)));
    const ids = (k: number) => [...new Set(Array.from(tiles[k].pack.partUnit, (u) => index.ids[u]))].sort();
    // The two tiles together hold every street.
    expect([...new Set([...ids(0), ...ids(1)])].sort()).to.deep.equal(['D1S1', 'D1S2', 'D1S3', 'D1S4']);
    expect(tiles.map((t) => t.issues)).to.deep.equal([[], []]);
    expect(tiles[0].properties.get(index.indexOf(ids(0)[0]))!.level).to.equal('street');
    // Ids the index lacks: reported, not drawn.
    const partial = decodeTile(z10[0], { z: 10, x: 814, y: 423 }, (id) => (id === ids(0)[0] ? -1 : index.indexOf(id)));
    expect(partial.issues.map((i) => [i.path.replace(/\[\d+\]\.properties/, '[k].properties'), i.code, i.severity])).to.deep.equal([
      ['tiles[10/814/423].features[k].properties.id', 'unknown-reference', 'warning'],
    ]);
    expect(Array.from(partial.pack.partUnit)).to.not.include(index.indexOf(ids(0)[0]));
    expect(() => decodeTile(new TextEncoder().encode('<html>not a tile</html>').buffer, { z: 10, x: 814, y: 423 }, () => 0)).to.throw();
  });

  it('keeps the shown units’ parts with their triangles, and picks the shown unit at a point', async () => {
    const index = await sampleIndex();
    const tile = decodeTile(await tileBytes('street', 10, 814, 423), { z: 10, x: 814, y: 423 }, (id) => index.indexOf(id));
    const unit = tile.pack.partUnit[0];
    const only = new Uint8Array(index.size);
    only[unit] = 1;
    const kept = shownParts(tile.pack, only);
    expect(new Set(kept.partUnit)).to.deep.equal(new Set([unit]));
    expect(kept.indices.length % 3).to.equal(0);
    expect(Math.max(...kept.indices)).to.be.lessThan(kept.positions.length / 2);
    // A point inside the unit: the middle of its first triangle.
    const [a, b, c] = Array.from(kept.indices.subarray(0, 3));
    const x = (kept.positions[a * 2] + kept.positions[b * 2] + kept.positions[c * 2]) / 3;
    const y = (kept.positions[a * 2 + 1] + kept.positions[b * 2 + 1] + kept.positions[c * 2 + 1]) / 3;
    expect(unitAtInTile(tile, only, x, y)).to.equal(unit);
    expect(unitAtInTile(tile, new Uint8Array(index.size), x, y)).to.equal(-1);
    expect(unitRingsInTile(tile, unit).length).to.equal(kept.ringCount);
  });
});
