/** The part of a CSR graph a search needs. */
export interface CsrAdjacency {
  nodeCount: number;
  offsets: Int32Array;
  arcTarget: Int32Array;
  arcLength: Float64Array;
}

/** Sources with a starting distance (e.g. the access leg plus the offset along the edge) and a label. */
export interface Seeds {
  node: ArrayLike<number>;
  dist: ArrayLike<number>;
  label: ArrayLike<number>;
  count: number;
}

/**
 * Reusable arrays for bounded searches over one graph: a binary min-heap on typed arrays that
 * keeps each entry's key beside its node (comparisons never jump into the big `dist` array, which
 * is what makes a heap slow on a million nodes), lazy deletion instead of decrease-key, and a list
 * of touched nodes so a reset costs what the search did, not the graph's size — an isochrone
 * click on a 1M-node graph stays in milliseconds.
 */
export class DijkstraWorkspace {
  readonly dist: Float64Array;
  /** Label of the source that reached each node (e.g. facility index); -1 when untouched. */
  readonly label: Int32Array;
  private readonly settled: Uint8Array;
  private heapKey: Float64Array;
  private heapNode: Int32Array;
  readonly touched: Int32Array;
  touchedCount = 0;

  constructor(readonly size: number) {
    this.dist = new Float64Array(size).fill(Infinity);
    this.label = new Int32Array(size).fill(-1);
    this.settled = new Uint8Array(size);
    this.touched = new Int32Array(size);
    this.heapKey = new Float64Array(1024);
    this.heapNode = new Int32Array(1024);
  }

  reset(): void {
    const { dist, label, settled, touched } = this;
    for (let i = 0; i < this.touchedCount; i++) {
      const node = touched[i]!;
      dist[node] = Infinity;
      label[node] = -1;
      settled[node] = 0;
    }
    this.touchedCount = 0;
  }

  /**
   * Multi-source Dijkstra bounded by `bound` metres. Afterwards every node whose true distance is
   * ≤ bound has that exact distance in `dist` and the label of its nearest source in `label`;
   * every other node holds Infinity. Ties keep the source seen first. Returns the number of
   * settled nodes.
   */
  run(graph: CsrAdjacency, seeds: Seeds, bound: number): number {
    this.reset();
    const { offsets, arcTarget, arcLength } = graph;
    const { dist, label, settled, touched } = this;
    let heapKey = this.heapKey;
    let heapNode = this.heapNode;
    // Heap operations are written inline: closures over the mutable heap size are much slower.
    let size = 0;
    let touchedCount = 0;

    for (let s = 0; s < seeds.count; s++) {
      const node = seeds.node[s]!;
      const d = seeds.dist[s]!;
      if (!(d <= bound) || !(d < dist[node]!)) continue;
      if (dist[node] === Infinity) touched[touchedCount++] = node;
      dist[node] = d;
      label[node] = seeds.label[s]!;
      if (size === heapKey.length) ({ heapKey, heapNode } = this.grow());
      let i = size++;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (heapKey[parent]! <= d) break;
        heapKey[i] = heapKey[parent]!;
        heapNode[i] = heapNode[parent]!;
        i = parent;
      }
      heapKey[i] = d;
      heapNode[i] = node;
    }

    let settledCount = 0;
    while (size > 0) {
      const u = heapNode[0]!;
      const du = heapKey[0]!;
      size--;
      if (size > 0) {
        const lastKey = heapKey[size]!;
        const lastNode = heapNode[size]!;
        const half = size >> 1;
        let i = 0;
        while (i < half) {
          let child = 2 * i + 1;
          let childKey = heapKey[child]!;
          const right = child + 1;
          if (right < size && heapKey[right]! < childKey) {
            child = right;
            childKey = heapKey[right]!;
          }
          if (childKey >= lastKey) break;
          heapKey[i] = childKey;
          heapNode[i] = heapNode[child]!;
          i = child;
        }
        heapKey[i] = lastKey;
        heapNode[i] = lastNode;
      }
      if (settled[u] === 1 || du > dist[u]!) continue; // stale entry
      settled[u] = 1;
      settledCount++;
      const lu = label[u]!;
      const end = offsets[u + 1]!;
      for (let k = offsets[u]!; k < end; k++) {
        const v = arcTarget[k]!;
        const nd = du + arcLength[k]!;
        if (nd > bound || nd >= dist[v]!) continue; // settled nodes fail here too: their distance is ≤ du
        if (dist[v] === Infinity) touched[touchedCount++] = v;
        dist[v] = nd;
        label[v] = lu;
        if (size === heapKey.length) ({ heapKey, heapNode } = this.grow());
        let i = size++;
        while (i > 0) {
          const parent = (i - 1) >> 1;
          if (heapKey[parent]! <= nd) break;
          heapKey[i] = heapKey[parent]!;
          heapNode[i] = heapNode[parent]!;
          i = parent;
        }
        heapKey[i] = nd;
        heapNode[i] = v;
      }
    }
    this.touchedCount = touchedCount;
    return settledCount;
  }

  /** Doubles the heap (searches start small: an isochrone click should not allocate for the whole graph). */
  private grow(): { heapKey: Float64Array; heapNode: Int32Array } {
    const heapKey = new Float64Array(this.heapKey.length * 2);
    const heapNode = new Int32Array(this.heapNode.length * 2);
    heapKey.set(this.heapKey);
    heapNode.set(this.heapNode);
    this.heapKey = heapKey;
    this.heapNode = heapNode;
    return { heapKey, heapNode };
  }

  /**
   * Same contract as `run`, as Δ-stepping: nodes go into distance buckets of width `delta`, a
   * bucket is emptied in any order and a node is rescanned when it improves inside its bucket, so
   * no heap is needed. Exact (label-correcting); fast when `delta` is near the shorter edges.
   */
  runBuckets(graph: CsrAdjacency, seeds: Seeds, bound: number, delta: number): number {
    this.reset();
    const { offsets, arcTarget, arcLength } = graph;
    const { dist, label, touched } = this;
    // 1 once a node is scanned at its current distance; cleared when it improves (a byte per node stays in cache).
    const scanned = this.scannedFlag ?? (this.scannedFlag = new Uint8Array(this.size));
    const perMetre = 1 / delta;
    const bucketCount = Math.floor(bound * perMetre) + 1;
    // Buckets are singly linked lists in one typed-array pool: no per-search garbage.
    const head = new Int32Array(bucketCount).fill(-1);
    let poolNode = this.poolNode;
    let poolNext = this.poolNext;
    let used = 0;
    let touchedCount = 0;
    for (let s = 0; s < seeds.count; s++) {
      const node = seeds.node[s]!;
      const d = seeds.dist[s]!;
      if (!(d <= bound) || !(d < dist[node]!)) continue;
      if (dist[node] === Infinity) touched[touchedCount++] = node;
      dist[node] = d;
      label[node] = seeds.label[s]!;
      if (used === poolNode.length) ({ poolNode, poolNext } = this.growPool());
      const b = Math.floor(d * perMetre);
      poolNode[used] = node;
      poolNext[used] = head[b]!;
      head[b] = used++;
    }
    let scans = 0;
    for (let b = 0; b < bucketCount; b++) {
      while (head[b] !== -1) {
        const entry = head[b]!;
        head[b] = poolNext[entry]!;
        const u = poolNode[entry]!;
        const du = dist[u]!;
        if (scanned[u] === 1 || Math.floor(du * perMetre) !== b) continue; // already scanned at this distance, or moved to an earlier bucket
        scanned[u] = 1;
        scans++;
        const lu = label[u]!;
        const end = offsets[u + 1]!;
        for (let k = offsets[u]!; k < end; k++) {
          const v = arcTarget[k]!;
          const nd = du + arcLength[k]!;
          if (nd > bound || nd >= dist[v]!) continue;
          if (dist[v] === Infinity) touched[touchedCount++] = v;
          dist[v] = nd;
          label[v] = lu;
          scanned[v] = 0;
          if (used === poolNode.length) ({ poolNode, poolNext } = this.growPool());
          const target = Math.floor(nd * perMetre);
          poolNode[used] = v;
          poolNext[used] = head[target]!;
          head[target] = used++;
        }
      }
    }
    for (let i = 0; i < touchedCount; i++) scanned[touched[i]!] = 0;
    this.touchedCount = touchedCount;
    return scans;
  }

  private poolNode: Int32Array = new Int32Array(1024);
  private poolNext: Int32Array = new Int32Array(1024);

  private growPool(): { poolNode: Int32Array; poolNext: Int32Array } {
    const poolNode = new Int32Array(this.poolNode.length * 2);
    const poolNext = new Int32Array(this.poolNext.length * 2);
    poolNode.set(this.poolNode);
    poolNext.set(this.poolNext);
    this.poolNode = poolNode;
    this.poolNext = poolNext;
    return { poolNode, poolNext };
  }

  private scannedFlag: Uint8Array | null = null;
}
