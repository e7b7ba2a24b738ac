import { expect } from 'chai';
import { contours } from 'd3';
import { ContourWorkspace } from '../../src/life-circle/engine/contour';

/** A seeded field: values in [0, 1), a share of them -Infinity (unreached cells, as the isochrone raster has). */
function field(nx: number, ny: number, seed: number, unreached: number): Float64Array {
  let state = seed;
  const next = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  return Float64Array.from({ length: nx * ny }, () => (next() < unreached ? -Infinity : next()));
}

const d3Contour = (values: Float64Array, nx: number, ny: number, threshold: number) =>
  contours().size([nx, ny]).smooth(true).contour(values as unknown as number[], threshold).coordinates;

describe('life-circle isochrones: the marching squares on reused buffers', () => {
  it('draws d3-contour’s rings, vertex for vertex, on noisy fields with unreached cells, saddles and holes', () => {
    const workspace = new ContourWorkspace();
    let rings = 0;
    for (const [nx, ny, seed, unreached] of [[23, 17, 1, 0], [40, 31, 2, 0.2], [2, 2, 3, 0], [9, 60, 4, 0.5], [31, 8, 5, 0.05]] as const) {
      const values = field(nx, ny, seed, unreached);
      for (const threshold of [0.2, 0.5, 0.8]) {
        const ours = workspace.contour(values, nx, ny, threshold, (x, y) => [x, y]);
        expect(ours, `${nx}×${ny} seed ${seed} at ${threshold}`).to.deep.equal(d3Contour(values, nx, ny, threshold));
        rings += ours.flat().length;
      }
    }
    // The fields are rough enough to exercise exteriors, holes and two-line (saddle) squares.
    expect(rings).to.be.greaterThan(100);
  });

  it('keeps a hole in its exterior and draws a field that reaches the border', () => {
    // A 7×7 square of 1s with a 0 in the middle, at the grid's edge on one side.
    const nx = 7;
    const ny = 7;
    const values = Float64Array.from({ length: nx * ny }, (_, k) => (k % nx === 3 && Math.floor(k / nx) === 3 ? 0 : 1));
    const ours = new ContourWorkspace().contour(values, nx, ny, 0.5, (x, y) => [x, y]);
    expect(ours).to.deep.equal(d3Contour(values, nx, ny, 0.5));
    expect(ours.map((polygon) => polygon.length)).to.deep.equal([2]);
  });

  it('maps each vertex through the given function', () => {
    const values = Float64Array.from([0, 0, 0, 0, 1, 0, 0, 0, 0]);
    const ours = new ContourWorkspace().contour(values, 3, 3, 0.5, (x, y) => [x * 10, y * 10 + 1]);
    const expected = d3Contour(values, 3, 3, 0.5).map((polygon) => polygon.map((ring) => ring.map(([x, y]) => [x! * 10, y! * 10 + 1])));
    expect(ours).to.deep.equal(expected);
  });
});
