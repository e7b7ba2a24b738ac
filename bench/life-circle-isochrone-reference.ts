// The isochrone the plain way, for the life-circle bench to check the engine's clicks against, in
// the same run: the same bounded search and the same reached segments, then every cell of each
// segment's bounding box (no row intervals, no skipping of cells already nearer, no reused
// buffers), d3-contour, the projection back to degrees and Turf's rewind. Its shapes must be the
// engine's, number for number.
import { rewind } from '@turf/turf';
import { contours } from 'd3';
import type { Feature, MultiPolygon, Position } from 'geojson';
import { DijkstraWorkspace, snapToGraph } from '../src/life-circle/engine/index';
import type { WalkingGraph } from '../src/life-circle/engine/index';

// The engine's defaults: 50 m of land beside a reached road, origins within 500 m of one.
const LATERAL = 50;
const SNAP_TOLERANCE = 500;
const OFF_NETWORK_PENALTY = 1000;

/** The reached area within `distance` metres of `origin` ([lon, lat]) as MultiPolygon coordinates. */
export function referenceIsochrone(graph: WalkingGraph, origin: [number, number], distance: number): Position[][][] {
  const { projection, edgeFrom, edgeTo, edgeLength, nodeX, nodeY, offsets, arcTarget, arcLength } = graph;
  const cellSize = Math.max(5, distance / 150);
  const ox = projection.x(origin[0]);
  const oy = projection.y(origin[1]);
  const snap = snapToGraph(graph, ox, oy, SNAP_TOLERANCE);
  if (snap.edge === -1) return [];
  const search = new DijkstraWorkspace(graph.nodeCount);
  const e0 = snap.edge;
  const along0 = snap.t * edgeLength[e0]!;
  search.run(graph, { node: [edgeFrom[e0]!, edgeTo[e0]!], dist: [snap.access + along0, snap.access + edgeLength[e0]! - along0], label: [0, 0], count: 2 }, distance);
  const { dist, touched, touchedCount } = search;

  // Segments: [ax, ay, bx, by, distance at a, distance at b, length]; every reached edge once.
  const segments: number[][] = [];
  for (let i = 0; i < touchedCount; i++) {
    const u = touched[i]!;
    if (!(dist[u]! <= distance)) continue;
    for (let k = offsets[u]!; k < offsets[u + 1]!; k++) {
      const v = arcTarget[k]!;
      const reachedV = dist[v]! <= distance;
      if (reachedV && v < u) continue;
      segments.push([nodeX[u]!, nodeY[u]!, nodeX[v]!, nodeY[v]!, dist[u]!, reachedV ? dist[v]! : Infinity, arcLength[k]!]);
    }
  }
  const px = nodeX[edgeFrom[e0]!]! + snap.t * (nodeX[edgeTo[e0]!]! - nodeX[edgeFrom[e0]!]!);
  const py = nodeY[edgeFrom[e0]!]! + snap.t * (nodeY[edgeTo[e0]!]! - nodeY[edgeFrom[e0]!]!);
  segments.push([px, py, nodeX[edgeFrom[e0]!]!, nodeY[edgeFrom[e0]!]!, snap.access, Infinity, along0]);
  segments.push([px, py, nodeX[edgeTo[e0]!]!, nodeY[edgeTo[e0]!]!, snap.access, Infinity, edgeLength[e0]! - along0]);
  segments.push([ox, oy, px, py, 0, Infinity, snap.access]);

  const reach = LATERAL + 2 * cellSize;
  const xs = segments.flatMap((s) => [s[0]!, s[2]!]);
  const ys = segments.flatMap((s) => [s[1]!, s[3]!]);
  const [minX, maxX, minY, maxY] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  let cell = cellSize;
  while (((maxX - minX + 2 * reach) / cell) * ((maxY - minY + 2 * reach) / cell) > 4e6) cell *= 1.5;
  const x0 = minX - reach;
  const y0 = minY - reach;
  const nx = Math.max(2, Math.ceil((maxX - minX + 2 * reach) / cell) + 1);
  const ny = Math.max(2, Math.ceil((maxY - minY + 2 * reach) / cell) + 1);
  // Negated distances: d3-contour keeps values at or above its threshold.
  const negated = new Float64Array(nx * ny).fill(-Infinity);
  for (const [ax, ay, bx, by, da, db, length] of segments as [number, number, number, number, number, number, number][]) {
    const dx = bx - ax;
    const dy = by - ay;
    const lengthSq = dx * dx + dy * dy;
    const ix0 = Math.max(0, Math.floor((Math.min(ax, bx) - reach - x0) / cell - 0.5));
    const ix1 = Math.min(nx - 1, Math.ceil((Math.max(ax, bx) + reach - x0) / cell - 0.5));
    const iy0 = Math.max(0, Math.floor((Math.min(ay, by) - reach - y0) / cell - 0.5));
    const iy1 = Math.min(ny - 1, Math.ceil((Math.max(ay, by) + reach - y0) / cell - 0.5));
    for (let iy = iy0; iy <= iy1; iy++) {
      const cy = y0 + (iy + 0.5) * cell;
      for (let ix = ix0; ix <= ix1; ix++) {
        const cx = x0 + (ix + 0.5) * cell;
        const t = Math.min(1, Math.max(0, lengthSq > 0 ? ((cx - ax) * dx + (cy - ay) * dy) / lengthSq : 0));
        const ex = ax + t * dx - cx;
        const ey = ay + t * dy - cy;
        const offSq = ex * ex + ey * ey;
        if (offSq > reach * reach) continue;
        const off = Math.sqrt(offSq);
        const network = Math.min(da + t * length, db + (1 - t) * length);
        const value = -(network + off + (off > LATERAL ? (off - LATERAL) * OFF_NETWORK_PENALTY : 0));
        negated[iy * nx + ix] = Math.max(negated[iy * nx + ix]!, value);
      }
    }
  }
  const shape = contours().size([nx, ny]).smooth(true).contour(Array.from(negated), -distance);
  const polygons = shape.coordinates.map((polygon) =>
    polygon.map((ring) => ring.map(([gx, gy]) => [projection.lon(x0 + gx! * cell), projection.lat(y0 + gy! * cell)])),
  );
  const shaped: Feature<MultiPolygon> = { type: 'Feature', geometry: { type: 'MultiPolygon', coordinates: polygons }, properties: {} };
  rewind(shaped, { mutate: true });
  return shaped.geometry.coordinates;
}
