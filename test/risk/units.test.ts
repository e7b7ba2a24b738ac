import { expect } from 'chai';
import { WebMercatorViewport } from '@deck.gl/core';
import { packRisks } from '../../src/risk/model/table';
import { compileFilter, countVisibleByLevel, timeHistogram, visibleRows, type RiskFilter } from '../../src/risk/model/filter';
import { NO_UNIT, RiskUnitIndex, exactUnitFilter } from '../../src/risk/model/units';
import { RiskLayer } from '../../src/risk/view/risk-layer';
import { UnitTree } from '../../src/scope/model/unit-tree';
import { bareDeck, drawLayers, readCanvas } from '../helpers/index';

// Unit indexes deliberately out of depth-first order: G1 lies below C1 below S1; C3 (last row) below S1 too.
const tree = UnitTree.fromRows([
  { id: 'S1', parent: null },
  { id: 'S2', parent: null },
  { id: 'C1', parent: 'S1' },
  { id: 'G1', parent: 'C1' },
  { id: 'C2', parent: 'S2' },
  { id: 'C3', parent: 'S1' },
]);
const GRIDS = ['S1', 'S2', 'C1', 'G1', 'C2', 'C3', 'ghost', undefined, 7];
const { table } = packRisks(
  GRIDS.map((grid, i) => ({ id: `r${i}`, grid, lon: 106.5, lat: 29.5, category: 'gas', level: i % 2 ? 'major' : 'low', time: `2024-05-0${1 + (i % 3)}T10:00:00Z` })),
);
const ids = (filter: RiskFilter) => Array.from(visibleRows(table, compileFilter(table, filter)), (row) => table.ids[row]).sort();
const gridOf = (id: string) => GRIDS[Number(id.slice(1))];

describe('risk records by scope unit (model/units)', () => {
  const index = new RiskUnitIndex(table, tree, 'wgs84');

  it('shows exactly the records whose grid lies in the unit or below it', () => {
    for (const unit of tree.ids) {
      const expected = table.ids.filter((id) => typeof gridOf(id) === 'string' && tree.contains(unit, gridOf(id) as string)).sort();
      expect(ids({ unit: index.filter(unit) }), unit).to.deep.equal(expected);
    }
    expect(ids({ unit: index.filter('S1') })).to.deep.equal(['r0', 'r2', 'r3', 'r5']);
    expect(ids({ unit: index.filter('C1') })).to.deep.equal(['r2', 'r3']);
  });

  it('keys records without a known grid outside every unit, shows all with all(), none for an unknown unit', () => {
    // Packing keeps each distinct grid id once; a record without one (or with a number) has code -1.
    expect(table.grids).to.deep.equal(['S1', 'S2', 'C1', 'G1', 'C2', 'C3', 'ghost']);
    expect(table.ids.map((id, row) => [id, table.gridCode[row]]).sort()).to.deep.equal([['r0', 0], ['r1', 1], ['r2', 2], ['r3', 3], ['r4', 4], ['r5', 5], ['r6', 6], ['r7', -1], ['r8', -1]]);
    expect(['r6', 'r7', 'r8'].map((id) => index.keys[table.ids.indexOf(id)])).to.deep.equal([NO_UNIT, NO_UNIT, NO_UNIT]);
    expect(ids({ unit: index.all() })).to.deep.equal([...table.ids].sort());
    expect(compileFilter(table, { unit: index.all() }).isAll).to.equal(false);
    expect(ids({ unit: index.filter('nowhere') })).to.deep.equal([]);
    // Selecting a unit keeps the same keys: only the interval moves.
    expect(index.filter('C2').keys).to.equal(index.all().keys);
  });

  it('places a record without a known grid in the deepest unit whose polygon holds it', () => {
    const square = (x0: number, y0: number, x1: number, y1: number) => ({ type: 'Polygon', coordinates: [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]] });
    const feature = (id: string, parent: string | null, geometry: unknown) => ({ type: 'Feature', geometry, properties: { id, parent } });
    const shaped = UnitTree.from({
      type: 'FeatureCollection',
      features: [feature('S1', null, square(106, 29, 107, 30)), feature('C1', 'S1', square(106, 29, 106.5, 29.5)), feature('S2', null, square(107, 29, 108, 30))],
    });
    // Its declared grid wins over its position; no grid, an unknown grid or a number: by position.
    const records = [
      { id: 'declared', grid: 'S2', lon: 106.2, lat: 29.2 },
      { id: 'inC1', lon: 106.2, lat: 29.2 },
      { id: 'inS1', grid: 'ghost', lon: 106.8, lat: 29.8 },
      { id: 'inS2', grid: 7, lon: 107.5, lat: 29.5 },
      { id: 'nowhere', lon: 110, lat: 29.5 },
    ].map((r) => ({ ...r, category: 'gas', level: 'low' }));
    const packed = packRisks(records).table;
    const shown = (units: RiskUnitIndex, unit: string) => Array.from(visibleRows(packed, compileFilter(packed, { unit: units.filter(unit) })), (row) => packed.ids[row]).sort();
    const units = new RiskUnitIndex(packed, shaped, 'wgs84');
    expect(shown(units, 'S1')).to.deep.equal(['inC1', 'inS1']);
    expect(shown(units, 'C1')).to.deep.equal(['inC1']);
    expect(shown(units, 'S2')).to.deep.equal(['declared', 'inS2']);
    expect(units.keys[packed.ids.indexOf('nowhere')]).to.equal(NO_UNIT);

    // Positions in GCJ-02 are converted to the polygons' WGS-84 first: (106.5018, 29.2) in GCJ-02 is
    // about (106.4972, 29.2027) in WGS-84, inside C1, while read as WGS-84 it lies east of C1.
    const edge = packRisks([{ id: 'edge', lon: 106.5018, lat: 29.2, category: 'gas', level: 'low' }]).table;
    const unitsOf = (index: RiskUnitIndex) => ['S1', 'C1', 'S2'].filter((unit) => visibleRows(edge, compileFilter(edge, { unit: index.filter(unit) })).length > 0);
    expect(unitsOf(new RiskUnitIndex(edge, shaped, 'wgs84'))).to.deep.equal(['S1']);
    expect(unitsOf(new RiskUnitIndex(edge, shaped, 'gcj02'))).to.deep.equal(['S1', 'C1']);
  });

  it('without a hierarchy matches the unit’s own id only', () => {
    expect(ids({ unit: exactUnitFilter(table, 'C1') })).to.deep.equal(['r2']);
    expect(ids({ unit: exactUnitFilter(table, 'ghost') })).to.deep.equal(['r6']);
    // Only r0 (low) names S1 itself; r2 (grid C1, below S1) is not counted without a hierarchy.
    expect(countVisibleByLevel(table, compileFilter(table, { unit: exactUnitFilter(table, 'S1') }))).to.deep.equal([1, 1, 0, 0, 0]);
  });

  it('counts by level and per day only the unit’s records', () => {
    const unit = index.filter('S1'); // r0 low 1 May, r2 low 3 May, r3 major 1 May, r5 major 3 May
    expect(countVisibleByLevel(table, compileFilter(table, { unit }))).to.deep.equal([4, 2, 0, 0, 2]);
    const histogram = Array.from(timeHistogram(table, { unit })!);
    expect(histogram.reduce((a, b) => a + b, 0)).to.equal(4);
    expect(histogram.slice(0, 3)).to.deep.equal([2, 0, 2]);
  });

  it('counts over a unit’s run of rows equal the walk over every row, for every unit of a random hierarchy', () => {
    // Seeded (mulberry32): 80 units, each below an earlier one or a root, listed in shuffled order.
    let seed = 20261203;
    const random = () => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    const units = Array.from({ length: 80 }, (_, i) => ({ id: `u${i}`, parent: i > 0 && random() < 0.85 ? `u${Math.floor(random() * i)}` : null }));
    for (let i = units.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [units[i], units[j]] = [units[j], units[i]];
    }
    const randomTree = UnitTree.fromRows(units);
    const grids = [...units.map((unit) => unit.id), 'ghost', undefined];
    const records = Array.from({ length: 3000 }, (_, i) => ({
      id: `q${i}`,
      grid: grids[Math.floor(random() * grids.length)],
      lon: 106.5 + random() * 0.1,
      lat: 29.5 + random() * 0.1,
      category: ['gas', 'bridge', 'flood'][Math.floor(random() * 3)],
      level: ['low', 'general', 'considerable', 'major'][Math.floor(random() * 4)],
      time: random() < 0.05 ? undefined : new Date(Date.UTC(2024, 4, 1) + Math.floor(random() * 40 * 86_400_000)).toISOString(),
    }));
    const packed = packRisks(records).table;
    const unitIndex = new RiskUnitIndex(packed, randomTree, 'wgs84');
    // The first two count from the unit's level prefix table (no window, every category), the last walks its rows.
    const filters: RiskFilter[] = [{}, { levels: ['low', 'considerable'] }, { from: Date.UTC(2024, 4, 10), to: Date.UTC(2024, 4, 20), categories: ['gas', 'flood'], levels: ['major', 'general'] }];
    let checked = 0;
    for (const unit of [...randomTree.ids, 'nowhere']) {
      const sliced = unitIndex.filter(unit);
      // The same keys and interval without the rows: every row is walked and its key tested.
      const walked = { keys: sliced.keys, range: sliced.range };
      expect(sliced.rows!.length, unit).to.equal(visibleRows(packed, compileFilter(packed, { unit: walked })).length);
      for (const filter of filters) {
        const bruteForce = [0, 0, 0, 0, 0];
        packed.ids.forEach((_, row) => {
          const grid = records[packed.source[row]].grid;
          const t = packed.time[row];
          const inWindow = filter.from === undefined || (t >= filter.from! && t < filter.to!);
          const passes = inWindow && (!filter.categories || filter.categories.includes(packed.categories[packed.category[row]])) && (!filter.levels || filter.levels.includes(['', 'low', 'general', 'considerable', 'major'][packed.level[row]] as never));
          if (passes && typeof grid === 'string' && randomTree.has(grid) && randomTree.contains(unit, grid)) bruteForce[packed.level[row]]++;
        });
        bruteForce[0] = bruteForce[1] + bruteForce[2] + bruteForce[3] + bruteForce[4];
        const counts = countVisibleByLevel(packed, compileFilter(packed, { ...filter, unit: sliced }));
        expect(counts, unit).to.deep.equal(countVisibleByLevel(packed, compileFilter(packed, { ...filter, unit: walked })));
        expect(counts, unit).to.deep.equal(bruteForce);
        expect(Array.from(timeHistogram(packed, { ...filter, unit: sliced })!), unit).to.deep.equal(Array.from(timeHistogram(packed, { ...filter, unit: walked })!));
        checked += counts[0];
      }
    }
    // "Everything" counts every record in a known unit or not, as the whole table's walk does.
    expect(countVisibleByLevel(packed, compileFilter(packed, { levels: ['major'], unit: unitIndex.all() }))).to.deep.equal(countVisibleByLevel(packed, compileFilter(packed, { levels: ['major'] })));
    // The check is not vacuous: units hold records, and the filters keep some.
    expect(checked).to.be.greaterThan(1000);
  });

  for (const mode of ['points', 'hex', 'heat'] as const) {
    it(`${mode}: the GPU hides the records outside the unit; a unit change keeps the uploaded columns`, async () => {
      // 200 records on a 20 × 10 lattice: the south half in C1 (below S1), the north half in S2.
      const lattice = Array.from({ length: 200 }, (_, i) => ({
        id: `p${i}`,
        lon: 106.5 + (i % 20) * 0.004,
        lat: 29.54 + Math.floor(i / 20) * 0.004,
        category: 'gas',
        level: 'major',
        grid: i < 100 ? 'C1' : 'S2',
      }));
      const packed = packRisks(lattice).table;
      const units = new RiskUnitIndex(packed, tree, 'wgs84');
      const view = { longitude: 106.538, latitude: 29.558, zoom: 13 };
      const { deck, canvas, destroy } = await bareDeck(view);
      try {
        const viewport = new WebMercatorViewport({ ...view, width: 400, height: 300 });
        const [, ySouth] = viewport.project([106.538, 29.548]);
        const [, yNorth] = viewport.project([106.538, 29.568]);
        const rowPainted = (image: ImageData, y: number) => {
          let n = 0;
          for (let x = 0; x < 400; x++) if (image.data[(Math.round(y) * 400 + x) * 4 + 3] > 0) n++;
          return n;
        };
        const draw = async (unit: ReturnType<RiskUnitIndex['all']>) => {
          const layer = new RiskLayer({ id: 't', table: packed, filter: compileFilter(packed, { unit }), mode, heatRadius: 20, heatDomain: [1, 50], heatTextureSize: 1024, hexRadius: 150 });
          await drawLayers(deck, [layer]);
          const image = readCanvas(canvas);
          return { south: rowPainted(image, ySouth) > 0, north: rowPainted(image, yNorth) > 0, columns: layer.state.columns };
        };
        const all = await draw(units.all());
        const s1 = await draw(units.filter('S1'));
        const s2 = await draw(units.filter('S2'));
        const c2 = await draw(units.filter('C2'));
        expect([all.south, all.north]).to.deep.equal([true, true]);
        expect([s1.south, s1.north]).to.deep.equal([true, false]);
        expect([s2.south, s2.north]).to.deep.equal([false, true]);
        expect([c2.south, c2.north]).to.deep.equal([false, false]);
        expect(s1.columns).to.equal(all.columns);
        expect(c2.columns).to.equal(all.columns);
      } finally {
        destroy();
      }
    });
  }
});
