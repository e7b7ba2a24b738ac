// Checks what `npm run build` promises: one ESM entry per element, the single-file bundle, types,
// custom-elements.json named in package.json, and no deck.gl/luma.gl in the funnel's import graph.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { init, parse } from 'es-module-lexer';

await init;

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
  const [imports] = parse(readFileSync(entry, 'utf8'));
  for (const { n: spec } of imports) {
    if (!spec) continue;
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
/** Every bare import in dist/ must name a declared dependency, or users' bundlers cannot resolve it. */
const declared = new Set([...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.peerDependencies ?? {})]);
const packageName = (spec) => (spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]);
for (const entry of Object.values(pkg.exports).map((t) => (typeof t === 'string' ? t : t.import))) {
  if (!entry.endsWith('.js') || entry.includes('bundle') || !existsSync(entry)) continue;
  for (const spec of importGraph(resolve(entry))) {
    if (spec.startsWith('/') || declared.has(packageName(spec))) continue;
    problems.push(`${entry} imports ${spec}, which package.json does not declare as a dependency`);
  }
}
const bundle = join('dist', 'citykit.bundle.js');
if (existsSync(bundle) && /\bfrom\s*["'][^./]/.test(readFileSync(bundle, 'utf8').slice(0, 2000))) {
  problems.push('citykit.bundle.js still imports bare module specifiers');
}

if (problems.length) {
  console.error(`dist check failed:\n- ${problems.join('\n- ')}`);
  process.exit(1);
}
console.log('dist check: entries, bundle, types and custom-elements.json present; every bare import declared; funnel entry free of deck.gl');
