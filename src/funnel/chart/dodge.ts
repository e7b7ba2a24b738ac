/**
 * One-dimensional label placement: moves labels along one axis as little as possible so that
 * none overlap, keeping their order and staying inside [min, max] when they fit.
 */

export interface DodgeItem {
  /** Where the label's centre would ideally be. */
  center: number;
  /** Its extent along the axis. */
  size: number;
}

/**
 * Start positions (same order as `items`) of non-overlapping intervals, `gap` apart at least.
 * Overlapping neighbours are merged into clusters centred on the mean of their wishes (the
 * least-squares position), then clusters are clamped to the bounds and merged again until
 * stable. When everything cannot fit, the result starts at `min` and runs past `max`.
 */
export function dodge(items: readonly DodgeItem[], min: number, max: number, gap = 2): number[] {
  const order = items.map((_, i) => i).sort((a, b) => items[a].center - items[b].center || a - b);
  interface Cluster {
    members: number[];
    size: number;
    /** Sum of (wished start − offset in cluster) over members; divided by the count it is the best start. */
    wishSum: number;
    start: number;
  }
  const clusters: Cluster[] = [];
  const clamp = (c: Cluster) => {
    const best = c.wishSum / c.members.length;
    c.start = Math.max(min, Math.min(best, max - c.size));
  };
  for (const index of order) {
    const item = items[index];
    const cluster: Cluster = { members: [index], size: item.size, wishSum: item.center - item.size / 2, start: 0 };
    clamp(cluster);
    clusters.push(cluster);
    // Merge backwards while the newest cluster collides with the one before it.
    while (clusters.length > 1) {
      const last = clusters[clusters.length - 1];
      const previous = clusters[clusters.length - 2];
      if (previous.start + previous.size + gap <= last.start + 1e-9) break;
      const offset = previous.size + gap;
      previous.wishSum += last.wishSum - offset * last.members.length;
      previous.members.push(...last.members);
      previous.size += gap + last.size;
      clamp(previous);
      clusters.pop();
    }
  }
  const starts = new Array<number>(items.length);
  for (const cluster of clusters) {
    let position = Math.max(min, cluster.start);
    for (const member of cluster.members) {
      starts[member] = position;
      position += items[member].size + gap;
    }
  }
  return starts;
}
