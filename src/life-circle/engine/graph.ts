import { IssueCollector } from '../../core/validation';
import type { ValidationIssue } from '../../core/validation';
import { BoundsAccumulator, LocalProjection } from './projection';
import { isRoadLines, readRoadLines } from './roads';
import { SegmentGrid } from './segment-grid';

export type { RoadLines } from './roads';
export { readRoadLines } from './roads';

/**
 * Walking network as a CSR graph on typed arrays, in local metres. Roads connect where they share
 * a vertex (as in OpenStreetMap); lines that cross without one are bridges or tunnels. Each
 * segment between consecutive vertices is an edge, so snapping to an edge is snapping to a segment.
 */
export interface WalkingGraph {
  projection: LocalProjection;
  nodeCount: number;
  edgeCount: number;
  nodeX: Float64Array;
  nodeY: Float64Array;
  /** CSR: arcs of node i are `offsets[i] .. offsets[i + 1] - 1`. */
  offsets: Int32Array;
  arcTarget: Int32Array;
  arcLength: Float64Array;
  /** Segment (edge) of each arc. */
  arcEdge: Int32Array;
  edgeFrom: Int32Array;
  edgeTo: Int32Array;
  edgeLength: Float64Array;
  /** The same network with mid-line vertices contracted away (what the per-category searches run on). */
  core: CoreGraph;
  /** Uniform grid over the segments (nearest-segment queries); null for an empty graph. */
  edgeIndex: SegmentGrid | null;
  /** Connected component of each node, and the size (nodes) of each component. */
  component: Int32Array;
  componentCount: number;
  /** Component with the most road length. */
  mainComponent: number;
  totalLength: number;
  issues: ValidationIssue[];
  /** Bytes held in typed arrays and the spatial index. */
  bytes: number;
  /** Milliseconds per build phase. */
  timings: Record<string, number>;
}

/**
 * The network with chains of degree-2 vertices (shape points of a line) collapsed into single
 * links between junctions and dead ends: about a third of the nodes on typical road data, same
 * distances. A point on segment e sits `position(e, t)` metres along chain `edgeChain[e]`.
 */
export interface CoreGraph {
  nodeCount: number;
  offsets: Int32Array;
  arcTarget: Int32Array;
  arcLength: Float64Array;
  chainCount: number;
  /** Core node at each end of a chain, and its length. */
  chainFrom: Int32Array;
  chainTo: Int32Array;
  chainLength: Float64Array;
  /** Per segment: its chain, the distance from the chain's start to the segment's start (in chain direction), and whether it runs with the chain. */
  edgeChain: Int32Array;
  edgeChainOffset: Float64Array;
  edgeChainForward: Uint8Array;
  /** Core id of each network node, -1 for a contracted mid-line vertex. */
  coreNode: Int32Array;
  bytes: number;
}

/** Metres along its chain of a point at fraction t of segment e. */
export function chainPosition(graph: WalkingGraph, e: number, t: number): number {
  const { core, edgeLength } = graph;
  const along = t * edgeLength[e]!;
  return core.edgeChainOffset[e]! + (core.edgeChainForward[e] === 1 ? along : edgeLength[e]! - along);
}

/**
 * Chains from the CSR arrays. Read by arc (length, direction) rather than by segment: a walk goes
 * through nodes in memory order, while its segments' rows lie anywhere.
 */
function contractChains(
  nodeCount: number,
  offsets: Int32Array,
  arcTarget: Int32Array,
  arcLength: Float64Array,
  arcEdge: Int32Array,
  arcForward: Uint8Array,
  edgeFrom: Int32Array,
): CoreGraph {
  const edgeCount = edgeFrom.length;
  const isCore = new Uint8Array(nodeCount);
  // Every chain but a ring starts and ends on an arc of a core node: half those arcs is the count.
  let coreArcs = 0;
  for (let n = 0; n < nodeCount; n++) {
    const degree = offsets[n + 1]! - offsets[n]!;
    if (degree === 2) continue;
    isCore[n] = 1;
    coreArcs += degree;
  }
  const edgeChain = new Int32Array(edgeCount).fill(-1);
  const edgeChainOffset = new Float64Array(edgeCount);
  const edgeChainForward = new Uint8Array(edgeCount);
  // Sized exactly (rings, rare, grow them): the ends become core ids in place, the arrays are the core's.
  let chainFrom = new Int32Array(coreArcs / 2);
  let chainTo = new Int32Array(coreArcs / 2);
  let chainLength = new Float64Array(coreArcs / 2);
  let chainCount = 0;
  const walk = (start: number, firstArc: number): void => {
    const chain = chainCount;
    if (chain === chainFrom.length) {
      const grown = Math.max(16, 2 * chain);
      chainFrom = resized(chainFrom, grown);
      chainTo = resized(chainTo, grown);
      chainLength = resized(chainLength, grown);
    }
    let arc = firstArc;
    let offset = 0;
    for (;;) {
      const e = arcEdge[arc]!;
      const next = arcTarget[arc]!;
      edgeChain[e] = chain;
      edgeChainOffset[e] = offset;
      edgeChainForward[e] = arcForward[arc]!;
      offset += arcLength[arc]!;
      if (isCore[next]) {
        chainFrom[chain] = start;
        chainTo[chain] = next;
        chainLength[chain] = offset;
        chainCount++;
        return;
      }
      // A mid-line vertex has two arcs: leave by the other segment (compared by edge, so parallel segments work).
      const k = offsets[next]!;
      arc = arcEdge[k] === e ? k + 1 : k;
    }
  };
  for (let n = 0; n < nodeCount; n++) {
    if (!isCore[n]) continue;
    for (let k = offsets[n]!; k < offsets[n + 1]!; k++) if (edgeChain[arcEdge[k]!] === -1) walk(n, k);
  }
  // Rings made only of mid-line vertices: promote one vertex to a core node.
  for (let e = 0; e < edgeCount; e++) {
    if (edgeChain[e] !== -1) continue;
    const start = edgeFrom[e]!;
    isCore[start] = 1;
    const k = offsets[start]!;
    walk(start, arcEdge[k] === e ? k : k + 1);
  }
  const coreNode = new Int32Array(nodeCount).fill(-1);
  let coreCount = 0;
  for (let n = 0; n < nodeCount; n++) if (isCore[n]) coreNode[n] = coreCount++;
  const from = resized(chainFrom, chainCount);
  const to = resized(chainTo, chainCount);
  const length = resized(chainLength, chainCount);
  for (let c = 0; c < chainCount; c++) {
    from[c] = coreNode[from[c]!]!;
    to[c] = coreNode[to[c]!]!;
  }
  const coreOffsets = new Int32Array(coreCount + 1);
  for (let c = 0; c < chainCount; c++) {
    coreOffsets[from[c]! + 1]!++;
    coreOffsets[to[c]! + 1]!++;
  }
  for (let i = 0; i < coreCount; i++) coreOffsets[i + 1]! += coreOffsets[i]!;
  const fill = coreOffsets.slice(0, coreCount);
  const target = new Int32Array(2 * chainCount);
  const weight = new Float64Array(2 * chainCount);
  for (let c = 0; c < chainCount; c++) {
    let k = fill[from[c]!]!++;
    target[k] = to[c]!;
    weight[k] = length[c]!;
    k = fill[to[c]!]!++;
    target[k] = from[c]!;
    weight[k] = length[c]!;
  }
  const bytes =
    coreOffsets.byteLength + target.byteLength + weight.byteLength + from.byteLength * 2 + length.byteLength + edgeChain.byteLength + edgeChainOffset.byteLength + edgeChainForward.byteLength + coreNode.byteLength;
  return {
    nodeCount: coreCount,
    offsets: coreOffsets,
    arcTarget: target,
    arcLength: weight,
    chainCount,
    chainFrom: from,
    chainTo: to,
    chainLength: length,
    edgeChain,
    edgeChainOffset,
    edgeChainForward,
    coreNode,
    bytes,
  };
}

/** The array with exactly `length` entries (itself when it has them; a copy cut or padded with zeros otherwise). */
function resized<T extends Int32Array | Float64Array>(array: T, length: number): T {
  if (array.length === length) return array;
  const out = new (array.constructor as new (length: number) => T)(length);
  out.set(array.subarray(0, Math.min(length, array.length)));
  return out;
}

/** Where a point meets the network: edge, fraction along it from `edgeFrom`, and the access leg. */
export interface SnapColumns {
  /** -1 when no road is within the snap tolerance. */
  edge: Int32Array;
  t: Float64Array;
  /** Straight distance from the point to the snapped point, metres. */
  access: Float64Array;
}

export interface BuildGraphOptions {
  /** Use this projection (e.g. one fitted to all inputs); default: fitted to the roads. */
  projection?: LocalProjection;
  issues?: IssueCollector;
  path?: string;
  /** Join dead ends lying within this many metres of another line's interior (default 1 m; 0 turns it off). */
  junctionTolerance?: number;
}

/** Builds the CSR walking graph from a roads FeatureCollection (or lines already read). */
export function buildWalkingGraph(roads: unknown, options: BuildGraphOptions = {}): WalkingGraph {
  const issues = options.issues ?? new IssueCollector();
  const path = options.path ?? 'roads';
  const lines = isRoadLines(roads) ? roads : readRoadLines(roads, issues, path);
  const { coords, lineStart } = lines;
  const vertexCount = coords.length / 2;
  let projection = options.projection;
  if (!projection) {
    const bounds = new BoundsAccumulator();
    for (let i = 0; i < vertexCount; i++) bounds.add(coords[2 * i]!, coords[2 * i + 1]!);
    projection = LocalProjection.fromBounds(bounds.bounds);
  }

  const timings: Record<string, number> = {};
  let mark = now();
  const lap = (name: string): void => {
    const t = now();
    timings[name] = t - mark;
    mark = t;
  };

  // 1. Merge vertices at the same position (1 cm grid) into nodes.
  const { vertexNode, nodeCount: merged, rawX, rawY } = mergeVertices(coords, projection);
  let nodeCount = merged;

  lap('nodes');
  // 2. Renumber nodes along a Hilbert curve so that searches touch nearby memory.
  const order = hilbertOrder(rawX, rawY, nodeCount);
  const rank = new Int32Array(nodeCount);
  let nodeX = new Float64Array(nodeCount);
  let nodeY = new Float64Array(nodeCount);
  for (let i = 0; i < nodeCount; i++) {
    const old = order[i]!;
    rank[old] = i;
    nodeX[i] = rawX[old]!;
    nodeY[i] = rawY[old]!;
  }

  lap('order');
  // 3. Edges: one per segment, zero-length segments dropped.
  const lineCount = lineStart.length - 1;
  let edgeCapacity = 0;
  for (let l = 0; l < lineCount; l++) edgeCapacity += Math.max(0, lineStart[l + 1]! - lineStart[l]! - 1);
  let edgeFrom = new Int32Array(edgeCapacity);
  let edgeTo = new Int32Array(edgeCapacity);
  let edgeLength = new Float64Array(edgeCapacity);
  let edgeCount = 0;
  for (let l = 0; l < lineCount; l++) {
    // Positions read by first-seen node id (close to the input order, so mostly forward in
    // memory); only the ids go through the Hilbert rank.
    for (let v = lineStart[l]!; v < lineStart[l + 1]! - 1; v++) {
      const p = vertexNode[v]!;
      const q = vertexNode[v + 1]!;
      if (p === q) continue;
      edgeFrom[edgeCount] = rank[p]!;
      edgeTo[edgeCount] = rank[q]!;
      edgeLength[edgeCount] = Math.hypot(rawX[q]! - rawX[p]!, rawY[q]! - rawY[p]!);
      edgeCount++;
    }
  }
  if (edgeCount < edgeCapacity) {
    edgeFrom = edgeFrom.slice(0, edgeCount);
    edgeTo = edgeTo.slice(0, edgeCount);
    edgeLength = edgeLength.slice(0, edgeCount);
  }
  lap('edges');
  let edgeIndex = indexEdges(nodeX, nodeY, edgeFrom, edgeTo);
  lap('index');

  // 4. T-junctions: a dead end lying on (or within `junctionTolerance` of) another line's
  // interior is joined to it, splitting that segment; digitised or generated data often has them.
  const junctionTolerance = options.junctionTolerance ?? 1;
  if (edgeIndex && junctionTolerance > 0) {
    const degree = new Int32Array(nodeCount);
    for (let e = 0; e < edgeCount; e++) {
      degree[edgeFrom[e]!]!++;
      degree[edgeTo[e]!]!++;
    }
    const splits: { edge: number; t: number; node: number; gap: number }[] = [];
    const view = { edgeIndex };
    for (let n = 0; n < nodeCount; n++) {
      if (degree[n] !== 1) continue;
      const hit = nearestEdge(view, nodeX[n]!, nodeY[n]!, junctionTolerance, n);
      if (hit.edge === -1 || hit.t <= 0 || hit.t >= 1) continue;
      splits.push({ edge: hit.edge, t: hit.t, node: n, gap: hit.distance });
    }
    if (splits.length > 0) {
      ({ nodeX, nodeY, edgeFrom, edgeTo, edgeLength } = applySplits(nodeX, nodeY, edgeFrom, edgeTo, edgeLength, splits));
      nodeCount = nodeX.length;
      edgeCount = edgeFrom.length;
      edgeIndex = indexEdges(nodeX, nodeY, edgeFrom, edgeTo);
      issues.warn(path, `joined ${splits.length} dead end(s) lying within ${junctionTolerance} m of another road to it (T-junctions without a shared vertex)`);
    }
  }
  let totalLength = 0;
  for (let e = 0; e < edgeCount; e++) totalLength += edgeLength[e]!;

  lap('junctions');
  // 5. CSR adjacency (undirected: two arcs per edge).
  const offsets = new Int32Array(nodeCount + 1);
  for (let e = 0; e < edgeCount; e++) {
    offsets[edgeFrom[e]! + 1]!++;
    offsets[edgeTo[e]! + 1]!++;
  }
  for (let i = 0; i < nodeCount; i++) offsets[i + 1]! += offsets[i]!;
  const fill = offsets.slice(0, nodeCount);
  const arcTarget = new Int32Array(2 * edgeCount);
  const arcLength = new Float64Array(2 * edgeCount);
  const arcEdge = new Int32Array(2 * edgeCount);
  // Whether an arc runs from its segment's `edgeFrom` (only the chains read it).
  const arcForward = new Uint8Array(2 * edgeCount);
  for (let e = 0; e < edgeCount; e++) {
    const a = edgeFrom[e]!;
    const b = edgeTo[e]!;
    let k = fill[a]!++;
    arcTarget[k] = b;
    arcLength[k] = edgeLength[e]!;
    arcEdge[k] = e;
    arcForward[k] = 1;
    k = fill[b]!++;
    arcTarget[k] = a;
    arcLength[k] = edgeLength[e]!;
    arcEdge[k] = e;
  }
  lap('csr');
  const core = contractChains(nodeCount, offsets, arcTarget, arcLength, arcEdge, arcForward, edgeFrom);
  lap('contract');

  // 6. Connected components (union–find over edges).
  const { component, componentCount, componentLength } = components(nodeCount, edgeFrom, edgeTo, edgeLength);
  let mainComponent = 0;
  for (let c = 1; c < componentCount; c++) if (componentLength[c]! > componentLength[mainComponent]!) mainComponent = c;
  if (componentCount > 1) {
    const share = totalLength > 0 ? componentLength[mainComponent]! / totalLength : 0;
    issues.warn(
      path,
      `road network has ${componentCount} disconnected parts; the largest holds ${(share * 100).toFixed(1)}% of the length. Places on other parts reach only their own part.`,
    );
  }
  if (edgeCount === 0) issues.error(path, 'no usable road segments: network distances are unavailable');
  lap('components');

  const bytes =
    nodeX.byteLength * 2 +
    offsets.byteLength +
    arcTarget.byteLength +
    arcLength.byteLength +
    edgeFrom.byteLength * 2 +
    edgeLength.byteLength +
    component.byteLength +
    arcEdge.byteLength +
    core.bytes +
    (edgeIndex ? edgeIndex.bytes : 0);

  return {
    projection,
    nodeCount,
    edgeCount,
    nodeX,
    nodeY,
    offsets,
    arcTarget,
    arcLength,
    arcEdge,
    edgeFrom,
    edgeTo,
    edgeLength,
    edgeIndex,
    core,
    component,
    componentCount,
    mainComponent,
    totalLength,
    issues: issues.issues,
    bytes,
    timings,
  };
}

/** The buffers of a graph, for `postMessage(…, transfer)` (built on one thread, used on another). */
export function graphTransferables(graph: WalkingGraph): ArrayBuffer[] {
  const { core, edgeIndex } = graph;
  const arrays = [
    graph.nodeX, graph.nodeY, graph.offsets, graph.arcTarget, graph.arcLength, graph.arcEdge, graph.edgeFrom, graph.edgeTo, graph.edgeLength, graph.component,
    core.offsets, core.arcTarget, core.arcLength, core.chainFrom, core.chainTo, core.chainLength, core.edgeChain, core.edgeChainOffset, core.edgeChainForward, core.coreNode,
    ...(edgeIndex ? [edgeIndex.cellStart, edgeIndex.ids] : []),
  ];
  // Each buffer once: a chain array may be a view of another's buffer.
  return [...new Set(arrays.map((array) => array.buffer as ArrayBuffer))];
}

/** A graph that crossed threads, with this thread's projection (the same origin) and its classes back. */
export function reviveGraph(graph: WalkingGraph, projection: LocalProjection): WalkingGraph {
  return { ...graph, projection, edgeIndex: graph.edgeIndex ? SegmentGrid.revive(graph.edgeIndex) : null };
}

const now = (): number => (typeof performance !== 'undefined' ? performance.now() : Date.now());

/** Grid index over the segments; null when there are none. */
function indexEdges(nodeX: Float64Array, nodeY: Float64Array, edgeFrom: Int32Array, edgeTo: Int32Array): SegmentGrid | null {
  return edgeFrom.length === 0 ? null : new SegmentGrid(nodeX, nodeY, edgeFrom, edgeTo);
}

/** Splits segments at T-junction points; each dead end gets a connector (or is the split point when it lies on the line). */
function applySplits(
  nodeX: Float64Array,
  nodeY: Float64Array,
  edgeFrom: Int32Array,
  edgeTo: Int32Array,
  edgeLength: Float64Array,
  splits: { edge: number; t: number; node: number; gap: number }[],
) {
  const xs = Array.from(nodeX);
  const ys = Array.from(nodeY);
  const from = Array.from(edgeFrom);
  const to = Array.from(edgeTo);
  const length = Array.from(edgeLength);
  splits.sort((p, q) => p.edge - q.edge || p.t - q.t || p.node - q.node);
  for (let i = 0; i < splits.length; ) {
    const edge = splits[i]!.edge;
    const a = edgeFrom[edge]!;
    const b = edgeTo[edge]!;
    let previous = a;
    let first = true;
    for (; i < splits.length && splits[i]!.edge === edge; i++) {
      const split = splits[i]!;
      let point: number;
      if (split.gap === 0) point = split.node;
      else {
        point = xs.length;
        xs.push(nodeX[a]! + split.t * (nodeX[b]! - nodeX[a]!));
        ys.push(nodeY[a]! + split.t * (nodeY[b]! - nodeY[a]!));
        from.push(split.node);
        to.push(point);
        length.push(split.gap);
      }
      const piece = Math.hypot(xs[point]! - xs[previous]!, ys[point]! - ys[previous]!);
      if (first) {
        to[edge] = point;
        length[edge] = piece;
        first = false;
      } else {
        from.push(previous);
        to.push(point);
        length.push(piece);
      }
      previous = point;
    }
    from.push(previous);
    to.push(b);
    length.push(Math.hypot(xs[b]! - xs[previous]!, ys[b]! - ys[previous]!));
  }
  return {
    nodeX: Float64Array.from(xs),
    nodeY: Float64Array.from(ys),
    edgeFrom: Int32Array.from(from),
    edgeTo: Int32Array.from(to),
    edgeLength: Float64Array.from(length),
  };
}

/** Hash of a quantised position (two int32). */
function positionHash(qx: number, qy: number): number {
  let h = Math.imul(qx, 0x9e3779b1) ^ Math.imul(qy, 0x85ebca77);
  h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d);
  return h ^ (h >>> 13);
}

const PARTITION_BITS = 11;

/**
 * Node of each vertex, vertices at the same position (1 cm grid) merged, nodes numbered in order
 * of first appearance, with their positions in metres. One global hash table would miss the cache
 * on nearly every vertex; instead the vertices are partitioned by the hash's top bits (one
 * scattering pass, keys carried along), each partition is grouped with a small table that stays in
 * cache, and one forward pass numbers the groups.
 */
function mergeVertices(coords: Float64Array, projection: LocalProjection): { vertexNode: Int32Array; nodeCount: number; rawX: Float64Array; rawY: Float64Array } {
  const count = coords.length / 2;
  const { kx, ky, lon0, lat0 } = projection;
  const qx = new Int32Array(count);
  const qy = new Int32Array(count);
  const partitions = 1 << PARTITION_BITS;
  const shift = 32 - PARTITION_BITS;
  const start = new Int32Array(partitions + 1);
  for (let i = 0; i < count; i++) {
    // projection.x / projection.y, inlined.
    const x = Math.round((coords[2 * i]! - lon0) * kx * 100);
    const y = Math.round((coords[2 * i + 1]! - lat0) * ky * 100);
    qx[i] = x;
    qy[i] = y;
    start[(positionHash(x, y) >>> shift) + 1]!++;
  }
  let largest = 0;
  for (let p = 0; p < partitions; p++) {
    largest = Math.max(largest, start[p + 1]!);
    start[p + 1]! += start[p]!;
  }
  // Stable scatter: within a partition the vertices keep their order.
  const fill = start.slice(0, partitions);
  const sortedX = new Int32Array(count);
  const sortedY = new Int32Array(count);
  const sortedVertex = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const x = qx[i]!;
    const y = qy[i]!;
    const k = fill[positionHash(x, y) >>> shift]!++;
    sortedX[k] = x;
    sortedY[k] = y;
    sortedVertex[k] = i;
  }
  // First vertex at each vertex's position (the first of its partition there); reuses qx's memory.
  const first = qx;
  let size = 16;
  while (size < 2 * largest) size *= 2;
  const mask = size - 1;
  const slots = new Int32Array(size);
  const stamp = new Int32Array(size);
  for (let p = 0; p < partitions; p++) {
    const from = start[p]!;
    const to = start[p + 1]!;
    for (let k = from; k < to; k++) {
      const x = sortedX[k]!;
      const y = sortedY[k]!;
      let slot = positionHash(x, y) & mask;
      for (;;) {
        if (stamp[slot] !== p + 1) {
          stamp[slot] = p + 1;
          slots[slot] = k;
          first[sortedVertex[k]!] = sortedVertex[k]!;
          break;
        }
        const other = slots[slot]!;
        if (sortedX[other] === x && sortedY[other] === y) {
          first[sortedVertex[k]!] = sortedVertex[other]!;
          break;
        }
        slot = (slot + 1) & mask;
      }
    }
  }
  let nodeCount = 0;
  for (let i = 0; i < count; i++) if (first[i] === i) nodeCount++;
  // qy is free by now: it becomes the node of each vertex.
  const vertexNode = qy;
  const rawX = new Float64Array(nodeCount);
  const rawY = new Float64Array(nodeCount);
  nodeCount = 0;
  for (let i = 0; i < count; i++) {
    const f = first[i]!;
    if (f !== i) {
      vertexNode[i] = vertexNode[f]!;
      continue;
    }
    rawX[nodeCount] = (coords[2 * i]! - lon0) * kx;
    rawY[nodeCount] = (coords[2 * i + 1]! - lat0) * ky;
    vertexNode[i] = nodeCount++;
  }
  return { vertexNode, nodeCount, rawX, rawY };
}

/** Node permutation sorted by Hilbert index (16 bits per axis over the bounding box). */
function hilbertOrder(x: Float64Array, y: Float64Array, count: number): Int32Array {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (let i = 0; i < count; i++) {
    minX = Math.min(minX, x[i]!);
    maxX = Math.max(maxX, x[i]!);
    minY = Math.min(minY, y[i]!);
    maxY = Math.max(maxY, y[i]!);
  }
  const sx = maxX > minX ? 65535 / (maxX - minX) : 0;
  const sy = maxY > minY ? 65535 / (maxY - minY) : 0;
  const keys = new Uint32Array(count);
  for (let i = 0; i < count; i++) keys[i] = hilbert(Math.floor((x[i]! - minX) * sx), Math.floor((y[i]! - minY) * sy));
  // Stable LSD radix sort on the 32-bit key, two 16-bit digits: equal keys keep the node order.
  let order = new Int32Array(count);
  for (let i = 0; i < count; i++) order[i] = i;
  let spare = new Int32Array(count);
  const bucketStart = new Int32Array(65537);
  for (let shift = 0; shift < 32; shift += 16) {
    bucketStart.fill(0);
    for (let i = 0; i < count; i++) bucketStart[((keys[i]! >>> shift) & 0xffff) + 1]!++;
    for (let b = 0; b < 65536; b++) bucketStart[b + 1]! += bucketStart[b]!;
    for (let i = 0; i < count; i++) {
      const node = order[i]!;
      spare[bucketStart[(keys[node]! >>> shift) & 0xffff]!++] = node;
    }
    [order, spare] = [spare, order];
  }
  return order;
}

// Hilbert index of (x, y) in a 2^16 grid (after "Fast Hilbert curve generation" by rawrunprotected, public domain; also used by flatbush).
function hilbert(x: number, y: number): number {
  let a = x ^ y;
  let b = 0xffff ^ a;
  let c = 0xffff ^ (x | y);
  let d = x & (y ^ 0xffff);
  let A = a | (b >> 1);
  let B = (a >> 1) ^ a;
  let C = (c >> 1) ^ (b & (d >> 1)) ^ c;
  let D = (a & (c >> 1)) ^ (d >> 1) ^ d;
  a = A;
  b = B;
  c = C;
  d = D;
  A = (a & (a >> 2)) ^ (b & (b >> 2));
  B = (a & (b >> 2)) ^ (b & ((a ^ b) >> 2));
  C ^= (a & (c >> 2)) ^ (b & (d >> 2));
  D ^= (b & (c >> 2)) ^ ((a ^ b) & (d >> 2));
  a = A;
  b = B;
  c = C;
  d = D;
  A = (a & (a >> 4)) ^ (b & (b >> 4));
  B = (a & (b >> 4)) ^ (b & ((a ^ b) >> 4));
  C ^= (a & (c >> 4)) ^ (b & (d >> 4));
  D ^= (b & (c >> 4)) ^ ((a ^ b) & (d >> 4));
  a = A;
  b = B;
  c = C;
  d = D;
  C ^= (a & (c >> 8)) ^ (b & (d >> 8));
  D ^= (b & (c >> 8)) ^ ((a ^ b) & (d >> 8));
  a = C ^ (C >> 1);
  b = D ^ (D >> 1);
  let i0 = x ^ y;
  let i1 = b | (0xffff ^ (i0 | a));
  i0 = (i0 | (i0 << 8)) & 0x00ff00ff;
  i0 = (i0 | (i0 << 4)) & 0x0f0f0f0f;
  i0 = (i0 | (i0 << 2)) & 0x33333333;
  i0 = (i0 | (i0 << 1)) & 0x55555555;
  i1 = (i1 | (i1 << 8)) & 0x00ff00ff;
  i1 = (i1 | (i1 << 4)) & 0x0f0f0f0f;
  i1 = (i1 | (i1 << 2)) & 0x33333333;
  i1 = (i1 | (i1 << 1)) & 0x55555555;
  return ((i1 << 1) | i0) >>> 0;
}

function components(nodeCount: number, edgeFrom: Int32Array, edgeTo: Int32Array, edgeLength: Float64Array) {
  const parent = new Int32Array(nodeCount);
  for (let i = 0; i < nodeCount; i++) parent[i] = i;
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]!]!;
      i = parent[i]!;
    }
    return i;
  };
  for (let e = 0; e < edgeFrom.length; e++) {
    const a = find(edgeFrom[e]!);
    const b = find(edgeTo[e]!);
    if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
  }
  const component = new Int32Array(nodeCount);
  const rootId = new Int32Array(nodeCount).fill(-1);
  let componentCount = 0;
  for (let i = 0; i < nodeCount; i++) {
    const root = find(i);
    if (rootId[root] === -1) rootId[root] = componentCount++;
    component[i] = rootId[root]!;
  }
  const componentLength = new Float64Array(componentCount);
  for (let e = 0; e < edgeFrom.length; e++) componentLength[component[edgeFrom[e]!]!]! += edgeLength[e]!;
  return { component, componentCount, componentLength };
}

interface EdgeView {
  edgeIndex: SegmentGrid | null;
}

const hit = { edge: -1, t: 0, distanceSq: Infinity };

/** Nearest segment to a point within `tolerance` metres, skipping segments that touch node `exclude` (exact segment distance). */
function nearestEdge(view: EdgeView, x: number, y: number, tolerance: number, exclude = -1): { edge: number; t: number; distance: number } {
  const index = view.edgeIndex;
  if (!index || !Number.isFinite(x) || !Number.isFinite(y)) return { edge: -1, t: 0, distance: Infinity };
  index.nearest(x, y, tolerance, exclude, hit);
  if (hit.edge === -1 || hit.distanceSq > tolerance * tolerance) return { edge: -1, t: 0, distance: Infinity };
  return { edge: hit.edge, t: hit.t, distance: Math.sqrt(hit.distanceSq) };
}

/** Nearest edge to a projected point within `tolerance` metres: edge (-1 if none), fraction along it from `edgeFrom`, access leg. */
export function snapToGraph(graph: WalkingGraph, x: number, y: number, tolerance: number): { edge: number; t: number; access: number } {
  const hit = nearestEdge(graph, x, y, tolerance);
  return { edge: hit.edge, t: hit.t, access: hit.distance };
}

/** Snaps many projected points; unsnapped points get edge -1 and access Infinity. */
export function snapPoints(graph: WalkingGraph, x: Float64Array, y: Float64Array, tolerance: number): SnapColumns {
  const count = x.length;
  const edge = new Int32Array(count).fill(-1);
  const t = new Float64Array(count);
  const access = new Float64Array(count).fill(Infinity);
  const index = graph.edgeIndex;
  if (!index) return { edge, t, access };
  const limitSq = tolerance * tolerance;
  // Points taken cell by cell: consecutive queries read the same part of the grid and network.
  for (const i of index.order(x, y)) {
    if (!Number.isFinite(x[i]!) || !Number.isFinite(y[i]!)) continue;
    index.nearest(x[i]!, y[i]!, tolerance, -1, hit);
    if (hit.edge === -1 || hit.distanceSq > limitSq) continue;
    edge[i] = hit.edge;
    t[i] = hit.t;
    access[i] = Math.sqrt(hit.distanceSq);
  }
  return { edge, t, access };
}
