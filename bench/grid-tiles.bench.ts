/**
 * `npm run bench -- grid-tiles`: the grid's tile decoding (src/grid/tiles/tile-units.ts: MVT →
 * the shown parts packed with their triangles, part boxes and unit properties, what the layer
 * draws and picks from) on the committed sample tiles (test/fixtures/tiles/sample, made by
 * `citykit.unit_tile`), beside the peer in the same run: loaders.gl's own binary MVT parse (what
 * deck.gl's MVTLayer does per tile in a worker, triangles included). Node, one thread.
 * Target: a tile decoded within 1.5× of the peer's time (the extra is the unit lookup, part boxes
 * and the properties kept per unit), median over every non-empty tile of the level, 7 rounds.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { MVTLoader } from '@loaders.gl/mvt';
import { timeCall } from './harness.mjs';
import { decodeTile, type TileIndex } from '../src/grid/tiles/tile-units';

const ROOT = join(import.meta.dirname, '../test/fixtures/tiles/sample');
const ROUNDS = 7;
const TARGET = 1.5;

const units = JSON.parse(readFileSync(join(ROOT, 'units.json'), 'utf8')) as { id: string }[];
const unitOf = new Map(units.map((u, k) => [u.id, k]));

function tilesOf(level: string, z: number): { tile: TileIndex; bytes: ArrayBuffer }[] {
  const out: { tile: TileIndex; bytes: ArrayBuffer }[] = [];
  const dir = join(ROOT, level, String(z));
  for (const x of readdirSync(dir)) {
    for (const file of readdirSync(join(dir, x))) {
      const path = join(dir, x, file);
      if (statSync(path).size === 0) continue;
      const data = readFileSync(path);
      out.push({ tile: { z, x: Number(x), y: Number(file.replace('.pbf', '')) }, bytes: data.buffer.slice(data.byteOffset, data.byteOffset + data.length) });
    }
  }
  return out;
}

const median = (list: number[]) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)];

console.log(`load average ${loadavg().map((v) => v.toFixed(1)).join(' ')} (figures under load inflate wall time; CPU time beside it)`);
for (const [level, z] of [['street', 14], ['micro-grid', 14], ['micro-grid', 13]] as const) {
  const tiles = tilesOf(level, z);
  const ours: number[] = [];
  const oursCpu: number[] = [];
  const peer: number[] = [];
  const peerCpu: number[] = [];
  let parts = 0;
  // Alternating rounds, so load changes hit both alike; the first round warms the JIT and is dropped.
  for (let round = 0; round <= ROUNDS; round++) {
    const a = timeCall(() => tiles.map(({ tile, bytes }) => decodeTile(bytes, tile, (id) => unitOf.get(id) ?? -1)));
    const b = timeCall(() => tiles.map(({ tile, bytes }) => MVTLoader.parseSync(bytes, { mvt: { shape: 'binary', coordinates: 'wgs84', tileIndex: tile } })));
    if (round === 0) {
      parts = a.value.reduce((sum, t) => sum + t.pack.length, 0);
      continue;
    }
    ours.push(a.ms / tiles.length);
    oursCpu.push(a.cpuMs / tiles.length);
    peer.push(b.ms / tiles.length);
    peerCpu.push(b.cpuMs / tiles.length);
  }
  const ratio = median(ours) / median(peer);
  const pass = ratio <= TARGET;
  console.log(
    `${level} z${z}: ${tiles.length} tiles, ${parts} parts — ours ${median(ours).toFixed(2)} ms/tile (CPU ${median(oursCpu).toFixed(2)}), ` +
      `loaders.gl binary ${median(peer).toFixed(2)} ms/tile (CPU ${median(peerCpu).toFixed(2)}); ours/peer ${ratio.toFixed(2)} ` +
      `(by CPU ${(median(oursCpu) / median(peerCpu)).toFixed(2)}) — ${pass ? 'PASS' : 'MISS'} (≤ ${TARGET})`,
  );
}
const memory = process.memoryUsage();
console.log(`heap ${(memory.heapUsed / 2 ** 20).toFixed(1)} MB, array buffers ${(memory.arrayBuffers / 2 ** 20).toFixed(1)} MB`);
