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
   * Same contract as `run`, as Δ-stepping (except that ties go to the lower label, whatever the
   * order of the sources: a search from a subset of them labels its nodes as the whole set would
   * wherever the subset holds the nearest): nodes go into distance buckets of width `delta`, a
   * bucket is emptied in any order and a node is rescanned when it improves inside its bucket, so
   * no heap is needed. Exact (label-correcting) for any width. Each bucket is a bitmap over node
   * ids, emptied in passes of ascending id: with thousands of sources the frontier is spread over
   * the whole city, and visiting it in distance order jumps around memory (~400 ns a node on a
   * 1M-node graph); in id order (nodes are numbered along a Hilbert curve) a pass walks memory
   * forward, which pays for the few rescans a wide bucket costs (~4× faster at Δ ≈ 200 m).
   */
  runBuckets(graph: CsrAdjacency, seeds: Seeds, bound: number, delta: number): number {
    this.reset();
    const { offsets, arcTarget, arcLength } = graph;
    const { dist, label, touched } = this;
    // A very narrow width would only cost bitmap memory: 4096 buckets at most.
    const perMetre = 1 / Math.max(delta, bound / 4096);
    const bucketCount = Math.floor(bound * perMetre) + 1;
    const words = (this.size + 31) >>> 5;
    if (this.bucketBits.length < bucketCount * words) this.bucketBits = new Int32Array(bucketCount * words);
    // Every bit set is consumed before the search ends, so the bitmaps are clear again for the next one.
    const bits = this.bucketBits;
    // Lowest and highest word holding a bit, per bucket (lowest === words: the bucket is empty).
    const low = new Int32Array(bucketCount).fill(words);
    const high = new Int32Array(bucketCount);
    let touchedCount = 0;
    for (let s = 0; s < seeds.count; s++) {
      const node = seeds.node[s]!;
      const d = seeds.dist[s]!;
      const l = seeds.label[s]!;
      if (!(d <= bound) || !(d < dist[node]! || (d === dist[node] && l < label[node]!))) continue;
      if (dist[node] === Infinity) touched[touchedCount++] = node;
      dist[node] = d;
      label[node] = l;
      const b = Math.floor(d * perMetre);
      const w = node >>> 5;
      bits[b * words + w]! |= 1 << (node & 31);
      if (w < low[b]!) low[b] = w;
      if (w > high[b]!) high[b] = w;
    }
    let scans = 0;
    for (let b = 0; b < bucketCount; b++) {
      const base = b * words;
      while (low[b]! < words) {
        // One pass: take the bucket's words in order; nodes improving into this bucket at a higher
        // id join this pass, at a lower id the next one.
        let w = low[b]!;
        const last = high[b]!;
        low[b] = words;
        high[b] = 0;
        for (; w <= last; w++) {
          let word = bits[base + w]!;
          if (word === 0) continue;
          bits[base + w] = 0;
          while (word !== 0) {
            const u = (w << 5) | (31 - Math.clz32(word & -word));
            word &= word - 1;
            const du = dist[u]!;
            if (Math.floor(du * perMetre) !== b) continue; // moved to an earlier bucket since
            scans++;
            const lu = label[u]!;
            const end = offsets[u + 1]!;
            for (let k = offsets[u]!; k < end; k++) {
              const v = arcTarget[k]!;
              const nd = du + arcLength[k]!;
              // An equal distance from a lower label relabels v and rescans it (rare: exact ties).
              if (nd > bound || nd > dist[v]! || (nd === dist[v] && lu >= label[v]!)) continue;
              if (dist[v] === Infinity) touched[touchedCount++] = v;
              dist[v] = nd;
              label[v] = lu;
              const target = Math.floor(nd * perMetre);
              const vw = v >>> 5;
              if (target === b && vw === w) {
                word |= 1 << (v & 31);
                continue;
              }
              bits[target * words + vw]! |= 1 << (v & 31);
              if (vw < low[target]!) low[target] = vw;
              if (vw > high[target]!) high[target] = vw;
            }
          }
        }
      }
    }
    this.touchedCount = touchedCount;
    return scans;
  }

  private bucketBits = new Int32Array(0);
}
