// Checks what `npm run build` promises: one ESM entry per element, the single-file bundle, types,
// custom-elements.json named in package.json, and no deck.gl/luma.gl in the funnel's import graph.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const problems = [];
const need = (path, what) => existsSync(path) || problems.push(`missing ${what}: ${path}`);

for (const [key, target] of Object.entries(pkg.exports)) {
  if (typeof target === 'string') {
    if (!target.includes('*')) need(target, `export ${key}`);
    continue;
  }
  need(target.import, `export ${key}`);
  need(target.types, `types of ${key}`);
}
need(pkg.customElements, 'custom-elements.json');
if (existsSync(pkg.customElements)) {
  const manifest = JSON.parse(readFileSync(pkg.customElements, 'utf8'));
  const tags = manifest.modules.flatMap((m) => (m.declarations ?? []).map((d) => d.tagName).filter(Boolean));
  for (const tag of ['city-map', 'city-grid-layer', 'city-risk-layer', 'city-closure-funnel', 'city-life-circle']) {
    if (!tags.includes(tag)) problems.push(`custom-elements.json lacks <${tag}>`);
  }
}

/** Every file the funnel entry statically imports, following relative imports inside dist. */
function importGraph(entry, seen = new Set()) {
  if (seen.has(entry)) return seen;
  seen.add(entry);
  const code = readFileSync(entry, 'utf8');
  for (const match of code.matchAll(/(?:import|export)\s*(?:[^'"]*?from\s*)?["']([^"']+)["']/g)) {
    const spec = match[1];
    if (spec.startsWith('.')) importGraph(resolve(dirname(entry), spec), seen);
    else seen.add(spec);
  }
  return seen;
}
if (existsSync('dist/funnel.js')) {
  const graph = [...importGraph(resolve('dist/funnel.js'))];
  const heavy = graph.filter((s) => /@deck\.gl|@luma\.gl|\/map-/.test(s));
  if (heavy.length) problems.push(`the funnel entry pulls in ${heavy.join(', ')}`);
}
const bundle = join('dist', 'citykit.bundle.js');
if (existsSync(bundle) && /\bfrom\s*["'][^./]/.test(readFileSync(bundle, 'utf8').slice(0, 2000))) {
  problems.push('citykit.bundle.js still imports bare module specifiers');
}

if (problems.length) {
  console.error(`dist check failed:\n- ${problems.join('\n- ')}`);
  process.exit(1);
}
console.log('dist check: entries, bundle, types and custom-elements.json present; funnel entry free of deck.gl');
