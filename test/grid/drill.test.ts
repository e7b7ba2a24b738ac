import { expect } from 'chai';
import { ClickUndo, DOUBLE_CLICK_MS, drillTarget, drillTrail, rankByValue, resolveDrill, unitsBounds, upTarget } from '../../src/grid/model/drill';
import { GridIndex } from '../../src/grid/model/hierarchy';
import { validateGridCollection } from '../../src/grid/model/validate';
import { sampleGrid } from './fixtures';

const index = new GridIndex(validateGridCollection(sampleGrid()).units);
const u = (id: string) => index.indexOf(id);
const ids = (units: ArrayLike<number>) => Array.from(units, (unit) => index.ids[unit]);
/** What a request resolves to: level, focus id (as reflected) and the ids shown. */
const shown = (level: unknown, focusId?: string, how: { focusChanged?: boolean; levelChanged?: boolean } = {}) => {
  const resolved = resolveDrill(index, { level, focusId, ...how })!;
  return [resolved.level, resolved.focusId, ids(index.visibleUnits(resolved.state))];
};

describe('grid drill state (model)', () => {
  it('resolves level and focus into a consistent state', () => {
    expect(shown(undefined)).to.deep.equal(['district', undefined, ['D1', 'D2']]);
    expect(shown('community', 'D1')).to.deep.equal(['community', 'D1', ['C1', 'C2', 'C3']]);
    expect(shown('community', 'S3', { focusChanged: true })).to.deep.equal(['community', 'S3', ['C4']]);
    expect(shown('street', 'D1', { focusChanged: true })).to.deep.equal(['street', 'D1', ['S1', 'S2']]);
    expect(shown('street', 'S3', { levelChanged: true })).to.deep.equal(['street', undefined, ['S1', 'S2', 'S3']]); // not below S3: focus cleared
    expect(shown('community', 'C2')).to.deep.equal(['community', 'S1', ['C1', 'C2']]); // a leaf: among its siblings
    expect(shown('micro-grid')).to.deep.equal(['district', undefined, ['D1', 'D2']]); // not in the data: the top
    expect(shown('community', 'nope')).to.deep.equal(['community', 'nope', ['C1', 'C2', 'C3', 'C4']]); // unknown focus kept, to be reported
    expect(shown('constructor', '__proto__')).to.deep.equal(['district', '__proto__', ['D1', 'D2']]);
    expect(resolveDrill(new GridIndex([]), { level: 'district', focusId: undefined })).to.equal(null);
  });

  it('drills into a unit, goes up one level, and names the way', () => {
    expect(drillTarget(index, u('D1'))).to.deep.equal({ id: 'D1', level: 'street', path: ['D1'] });
    expect(drillTarget(index, u('S1'))).to.deep.equal({ id: 'S1', level: 'community', path: ['D1', 'S1'] });
    expect(drillTarget(index, u('C1'))).to.equal(null); // a leaf
    expect(drillTarget(index, null)).to.deep.equal({ id: null, level: 'district', path: [] });
    expect(upTarget(index, { level: 'community', focus: u('S1') })).to.deep.equal({ id: 'D1', level: 'street', path: ['D1'] });
    expect(upTarget(index, { level: 'street', focus: u('D1') })).to.deep.equal({ id: null, level: 'district', path: [] });
    expect(upTarget(index, { level: 'community', focus: null })).to.deep.equal({ id: null, level: 'street', path: [] });
    expect(upTarget(index, { level: 'district', focus: null })).to.equal(null);
    expect(drillTrail(index, { level: 'community', focus: u('S1') })).to.deep.equal({ top: 'district', level: undefined, path: [u('D1'), u('S1')] });
    expect(drillTrail(index, { level: 'street', focus: null })).to.deep.equal({ top: 'district', level: 'street', path: [] });
  });

  it('gives the extent of units and ranks them by value, no data last', () => {
    expect(unitsBounds(index, [u('S1'), u('C4')])).to.deep.equal([116, 39.9, 116.04, 39.92]);
    expect(unitsBounds(index, [])).to.equal(null);
    const values = new Float64Array(index.size).fill(NaN);
    values[u('C1')] = 5;
    values[u('C3')] = 7;
    values[u('C4')] = 5;
    expect(ids(rankByValue(values, Int32Array.from(['C1', 'C2', 'C3', 'C4'], u)))).to.deep.equal(['C3', 'C1', 'C4', 'C2']);
  });

  it('remembers the inputs before the clicks of a double-click', () => {
    const undo = new ClickUndo<string>();
    undo.click(1000, 'before');
    undo.click(1000 + DOUBLE_CLICK_MS - 1, 'after the first click');
    expect(undo.take(1000 + 2 * DOUBLE_CLICK_MS - 2)).to.equal('before');
    expect(undo.take(1000 + 2 * DOUBLE_CLICK_MS)).to.equal(null); // taken
    undo.click(0, 'old');
    expect(undo.take(DOUBLE_CLICK_MS + 1)).to.equal(null); // no recent click
  });
});
