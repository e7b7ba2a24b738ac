# Peer for the life-circle bench: igraph's C Dijkstra on the same contracted network.
# igraph has no distance cutoff, and any zero weight makes it switch to a much slower algorithm,
# so each category gets a super-source joined to its seeds by their starting distances (at least
# 1e-9 m), on a directed graph (two arcs per link) so that no path runs through another
# category's super-source. Reads <dir>/graph.bin and <dir>/seeds.bin, prints one JSON line.
import json, struct, sys, time
from array import array

import igraph

folder = sys.argv[1]
with open(f"{folder}/graph.bin", "rb") as f:
    node_count, arc_count, target_count = struct.unpack("<iii", f.read(12))
    offsets = array("i"); offsets.fromfile(f, node_count + 1)
    targets = array("i"); targets.fromfile(f, arc_count)
    lengths = array("d"); lengths.fromfile(f, arc_count)
    wanted = array("i"); wanted.fromfile(f, target_count)
with open(f"{folder}/seeds.bin", "rb") as f:
    (category_count,) = struct.unpack("<i", f.read(4))
    seeds = []
    for _ in range(category_count):
        (count,) = struct.unpack("<i", f.read(4))
        nodes = array("i"); nodes.fromfile(f, count)
        dists = array("d"); dists.fromfile(f, count)
        seeds.append((nodes, dists))

edges = []
weights = []
for u in range(node_count):
    for k in range(offsets[u], offsets[u + 1]):
        edges.append((u, targets[k]))
        weights.append(lengths[k])
for c, (nodes, dists) in enumerate(seeds):
    for n, d in zip(nodes, dists):
        edges.append((node_count + c, n))
        weights.append(max(d, 1e-9))
graph = igraph.Graph(n=node_count + category_count, edges=edges, directed=True)
graph.es["weight"] = weights

wall = []
cpu = []
first = None
for c in range(category_count):
    w0 = time.perf_counter()
    c0 = time.process_time()
    row = graph.distances(source=[node_count + c], target=wanted, weights="weight", mode="out")[0]
    cpu.append((time.process_time() - c0) * 1000)
    wall.append((time.perf_counter() - w0) * 1000)
    if c == 0:
        first = row
with open(f"{folder}/first.bin", "wb") as f:
    array("d", first).tofile(f)
print(json.dumps({"version": igraph.__version__, "wall": wall, "cpu": cpu}))
