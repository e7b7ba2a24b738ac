// `npm run bench [-- name ...]`: runs the named benchmarks (all when none is named).
// Each bench prints its own figures and a ratio against the naive or peer way, in one process.
import { readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const here = dirname(fileURLToPath(import.meta.url));
const available = readdirSync(here)
  .filter((f) => /^[a-z-]+\.bench\.(ts|mjs)$/.test(f))
  .map((f) => ({ name: f.replace(/\.bench\.(ts|mjs)$/, ''), file: join(here, f) }));
const wanted = process.argv.slice(2);
const chosen = wanted.length ? available.filter((b) => wanted.includes(b.name)) : available;
const unknown = wanted.filter((w) => !available.some((b) => b.name === w));
if (unknown.length) {
  console.error(`Unknown benchmark(s): ${unknown.join(', ')}. Available: ${available.map((b) => b.name).join(', ')}`);
  process.exit(2);
}
let failed = 0;
for (const bench of chosen) {
  console.log(`\n=== bench: ${bench.name} ===`);
  const result = spawnSync(process.execPath, ['--expose-gc', '--max-old-space-size=12288', '--import', 'tsx', bench.file], {
    stdio: 'inherit',
  });
  if (result.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
