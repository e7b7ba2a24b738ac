import { expect } from 'chai';
import { GridColoring } from '../../src/grid/model/coloring';
import { GridIndex } from '../../src/grid/model/hierarchy';
import { validateGridCollection } from '../../src/grid/model/validate';
import { sampleGrid } from './fixtures';

const index = new GridIndex(validateGridCollection(sampleGrid()).units);
const u = (id: string) => index.indexOf(id);
const NO_DATA = [9, 8, 7, 255];
const OPTIONS = { type: 'quantize' as const, palette: ['#000000', '#ffffff'], classes: 2 };
const rgba = (coloring: GridColoring, id: string) => Array.from(coloring.colors.subarray(u(id) * 4, u(id) * 4 + 4));

describe('grid colouring (model)', () => {
  const communities = { level: 'community' as const, focus: null };
  const shown = Int32Array.from(['C1', 'C2', 'C3', 'C4'], u);

  it('colours the shown units by class, counts them, and packs those without a value', () => {
    const coloring = new GridColoring(index);
    coloring.setScaleOptions(OPTIONS, 'events');
    const values = new Float64Array(index.size).fill(NaN);
    values[u('C1')] = 0;
    values[u('C2')] = 10;
    values[u('C3')] = 4;
    const result = coloring.recolor(communities, shown, values, NO_DATA);
    expect([result.counts, result.noData, result.scaleError]).to.deep.equal([[2, 1], 1, null]);
    expect(result.classes.map((c) => [c.from, c.to])).to.deep.equal([[0, 5], [5, 10]]);
    expect([rgba(coloring, 'C1'), rgba(coloring, 'C2'), rgba(coloring, 'C3'), rgba(coloring, 'C4')]).to.deep.equal([
      [0, 0, 0, 255],
      [255, 255, 255, 255],
      [0, 0, 0, 255],
      NO_DATA,
    ]);
    expect(coloring.version).to.equal(1);
    expect(Array.from(coloring.noDataPack!.units)).to.deep.equal([u('C4')]);
    expect(coloring.pack(communities, shown)).to.equal(coloring.pack(communities, shown)); // kept per drill state
  });

  it('keeps a level’s classes while values refresh, and builds them anew when the settings change', () => {
    const coloring = new GridColoring(index);
    coloring.setScaleOptions(OPTIONS, 'events');
    const values = new Float64Array(index.size).fill(1);
    values[u('C2')] = 3;
    expect(coloring.recolor(communities, shown, values, NO_DATA).classes.map((c) => c.to)).to.deep.equal([2, 3]);
    values[u('C2')] = 100;
    expect(coloring.recolor(communities, shown, values, NO_DATA).classes.map((c) => c.to)).to.deep.equal([2, 3]);
    expect(coloring.noDataPack).to.equal(null);
    expect(coloring.setScaleOptions(OPTIONS, 'events')).to.equal(false);
    expect(coloring.setScaleOptions(OPTIONS, 'population')).to.equal(true);
    expect(coloring.recolor(communities, shown, values, NO_DATA).classes.map((c) => c.to)).to.deep.equal([50.5, 100]);
  });
});
