import { expect } from 'chai';
import { findSelfIntersection, isConvexRing, isStarShapedRing, labelPoint, pointInRing, ringArea2, ringCentroid, segmentsIntersect, simplifyRing } from '../../src/grid/model/geometry';

describe('grid geometry helpers', () => {
  it('tells crossing, touching and disjoint segments apart', () => {
    expect(segmentsIntersect(0, 0, 2, 2, 0, 2, 2, 0)).to.equal(true); // X
    expect(segmentsIntersect(0, 0, 2, 0, 1, 0, 1, 5)).to.equal(true); // T: endpoint on segment
    expect(segmentsIntersect(0, 0, 2, 0, 1, 0, 3, 0)).to.equal(true); // collinear overlap
    expect(segmentsIntersect(0, 0, 2, 0, 3, 0, 4, 0)).to.equal(false); // collinear apart
    expect(segmentsIntersect(0, 0, 2, 0, 0, 1, 2, 1)).to.equal(false); // parallel
  });

  it('finds the crossing of a bow tie and accepts a square', () => {
    expect(findSelfIntersection([0, 0, 1, 1, 1, 0, 0, 1, 0, 0])).to.deep.equal([0, 2]);
    expect(findSelfIntersection([0, 0, 1, 0, 1, 1, 0, 1, 0, 0])).to.equal(null);
  });

  it('finds a crossing in a long ring through the sweep', () => {
    // A 100-gon whose vertex 50 is pulled across the ring: its two segments cross the far side.
    const ring: number[] = [];
    for (let i = 0; i < 100; i++) ring.push(Math.cos((i / 100) * 2 * Math.PI), Math.sin((i / 100) * 2 * Math.PI));
    ring.push(ring[0], ring[1]);
    expect(findSelfIntersection(ring)).to.equal(null);
    ring[100] = 2; // vertex 50 (x) moved from -1 to +2
    expect(findSelfIntersection(ring)).to.not.equal(null);
  });

  it('names the first crossing pair of a long ring, as the short-ring loop does', () => {
    // A 100-gon with vertices 10 and 60 pulled through the centre to the far side: segments 9, 10
    // (around vertex 10) and 59, 60 (around vertex 60) cross the ring; the lowest pair is reported.
    const ring: number[] = [];
    for (let i = 0; i < 100; i++) ring.push(Math.cos((i / 100) * 2 * Math.PI), Math.sin((i / 100) * 2 * Math.PI));
    ring.push(ring[0], ring[1]);
    for (const v of [10, 60]) {
      ring[v * 2] *= -1.5;
      ring[v * 2 + 1] *= -1.5;
    }
    const first = findSelfIntersection(ring)!;
    // Brute force over every non-adjacent pair: the smallest (i, j) that touches.
    let expected: [number, number] | null = null;
    for (let i = 0; i < 100 && !expected; i++) {
      for (let j = i + 2; j < 100 && !expected; j++) {
        if (i === 0 && j === 99) continue;
        const at = (k: number) => ring.slice(k * 2, k * 2 + 4) as [number, number, number, number];
        if (segmentsIntersect(...at(i), ...at(j))) expected = [i, j];
      }
    }
    expect(expected![0]).to.equal(9);
    expect(first).to.deep.equal(expected);
  });

  it('tells convex rings, which need no crossing test, from the rest', () => {
    expect(isConvexRing([0, 0, 1, 0, 1, 1, 0, 1, 0, 0])).to.equal(true); // counter-clockwise square
    expect(isConvexRing([0, 0, 0, 1, 1, 1, 1, 0, 0, 0])).to.equal(true); // clockwise
    expect(isConvexRing([0, 0, 1, 0, 2, 0, 2, 1, 2, 2, 0, 2, 0, 0])).to.equal(true); // vertices along its sides
    expect(isConvexRing([0, 0, 2, 0, 2, 1, 1, 1, 1, 2, 0, 2, 0, 0])).to.equal(false); // an L: one turn the other way
    expect(isConvexRing([0, 0, 1, 0, 2, 0, 1, 0, 1, 1, 0, 0])).to.equal(false); // goes back on itself
    expect(isConvexRing([0, 0, 1, 0, 1, 0, 1, 1, 0, 0])).to.equal(false); // a repeated vertex
    expect(isConvexRing([0, 0, 1, 1, 2, 2, 0, 0])).to.equal(false); // all on one line
    // A pentagram: every turn the same way, but it goes round twice (and crosses itself).
    const star: number[] = [];
    for (let k = 0; k <= 5; k++) star.push(Math.cos((k * 4 * Math.PI) / 5), Math.sin((k * 4 * Math.PI) / 5));
    star[10] = star[0];
    star[11] = star[1];
    expect(isConvexRing(star)).to.equal(false);
    expect(findSelfIntersection(star)).to.not.equal(null);
  });

  it('tells rings that go once round their middle (simple by their shape) from the rest', () => {
    // A plus sign: concave, but every vertex is seen from its middle (1.5, 1.5) in order.
    const plus = [1, 0, 2, 0, 2, 1, 3, 1, 3, 2, 2, 2, 2, 3, 1, 3, 1, 2, 0, 2, 0, 1, 1, 1, 1, 0];
    expect(isConvexRing(plus)).to.equal(false);
    expect(isStarShapedRing(plus)).to.equal(true);
    expect(findSelfIntersection(plus)).to.equal(null);
    expect(isStarShapedRing([0, 0, 0, 1, 1, 1, 1, 0, 0, 0])).to.equal(true); // clockwise square
    // An L: the mean of its vertices is its inner corner, a vertex: not decided here.
    expect(isStarShapedRing([0, 0, 2, 0, 2, 1, 1, 1, 1, 2, 0, 2, 0, 0])).to.equal(false);
    expect(isStarShapedRing([0, 0, 1, 1, 1, 0, 0, 1, 0, 0])).to.equal(false); // bow tie
    // A C shape whose opening faces its middle: a ray from there meets the ring three times.
    const c = [0, 0, 3, 0, 3, 1, 1, 1, 1, 2, 3, 2, 3, 3, 0, 3, 0, 0];
    expect(isStarShapedRing(c)).to.equal(false);
    expect(findSelfIntersection(c)).to.equal(null);
    // A pentagram goes round its middle twice.
    const star: number[] = [];
    for (let k = 0; k <= 5; k++) star.push(Math.cos((k * 4 * Math.PI) / 5), Math.sin((k * 4 * Math.PI) / 5));
    star[10] = star[0];
    star[11] = star[1];
    expect(isStarShapedRing(star)).to.equal(false);
  });

  it('measures area, centroid and containment', () => {
    const square = [0, 0, 2, 0, 2, 2, 0, 2, 0, 0];
    expect(ringArea2(square)).to.equal(8);
    expect(ringCentroid(square)).to.deep.equal([1, 1]);
    expect(pointInRing(1, 1, square)).to.equal(true);
    expect(pointInRing(3, 1, square)).to.equal(false);
  });

  it('puts a label inside a U shape whose centroid falls in the notch: its pole of inaccessibility', () => {
    // U: x 0..3, y 0..3 minus the notch x 1..2, y 1..3. Centroid (1.5, 9.5/7) is in the notch. The
    // inside point farthest from the outline sits in a bottom corner, as far from the two outer
    // edges as from the notch's corner: x = y = d with √2 (1 − d) = d, d = 2 − √2 (polylabel finds
    // it to 1 % of the unit's size).
    const u = [0, 0, 3, 0, 3, 3, 2, 3, 2, 1, 1, 1, 1, 3, 0, 3, 0, 0];
    const [cx, cy] = ringCentroid(u);
    expect(cx).to.be.closeTo(1.5, 1e-12);
    expect(cy).to.be.closeTo(9.5 / 7, 1e-12);
    const [x, y] = labelPoint(u, [[0, 9]]);
    const pole = 2 - Math.SQRT2;
    const mirrored = x > 1.5 ? 3 - x : x; // the two bottom corners are alike
    expect(mirrored).to.be.closeTo(pole, 0.03);
    expect(y).to.be.closeTo(pole, 0.03);
    expect(pointInRing(x, y, u)).to.equal(true);
  });

  it('keeps the centroid when it is inside, and avoids holes', () => {
    const square = [0, 0, 4, 0, 4, 4, 0, 4, 0, 0];
    expect(labelPoint(square, [[0, 5]])).to.deep.equal([2, 2]);
    // A hole x 1..3, y 1..3 around the centroid: the label goes into the band, in one of its four
    // alike corners, 2 − √2 from both outer edges (as far as from the hole's corner).
    const withHole = [...square, 1, 1, 1, 3, 3, 3, 3, 1, 1, 1];
    const [x, y] = labelPoint(withHole, [[0, 5], [5, 5]]);
    const fromEdge = (v: number) => Math.min(v, 4 - v);
    expect(fromEdge(x)).to.be.closeTo(2 - Math.SQRT2, 0.03);
    expect(fromEdge(y)).to.be.closeTo(2 - Math.SQRT2, 0.03);
    expect(pointInRing(x, y, withHole, 5, 5)).to.equal(false);
  });
});

describe('ring simplification', () => {
  it('drops vertices within the tolerance and keeps the corners', () => {
    // A 10 × 10 square with a 0.1 bump on its bottom edge and a collinear vertex on its right edge.
    const ring = [0, 0, 5, 0.1, 10, 0, 10, 5, 10, 10, 0, 10, 0, 0];
    expect(simplifyRing(ring, 0.5)).to.deep.equal([0, 0, 10, 0, 10, 10, 0, 10, 0, 0]);
    expect(simplifyRing(ring, 0.05)).to.deep.equal([0, 0, 5, 0.1, 10, 0, 10, 10, 0, 10, 0, 0]);
  });

  it('never goes below a triangle', () => {
    const tiny = [0, 0, 1, 0, 1, 1, 0, 1, 0, 0];
    const simplified = simplifyRing(tiny, 100);
    expect(simplified.length).to.equal(8);
    expect(simplified.slice(0, 2)).to.deep.equal([0, 0]);
    expect(simplified.slice(-2)).to.deep.equal([0, 0]);
  });
});
