// Checks what `npm run build` promises: one ESM entry per element, the single-file bundle, types,
// custom-elements.json named in package.json, and no deck.gl/luma.gl in the funnel's import graph.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
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

// Every event is documented the same way in three places: the element's JSDoc (custom-elements.json,
// with its detail type), the README's event table, and the types the package exports.
if (existsSync(pkg.customElements)) {
  const manifest = JSON.parse(readFileSync(pkg.customElements, 'utf8'));
  const readme = readFileSync('README.md', 'utf8');
  const typeFiles = readdirSync('dist/types', { recursive: true }).filter((file) => String(file).endsWith('.d.ts')).map((file) => join('dist/types', String(file)));
  const typesText = typeFiles.map((file) => readFileSync(file, 'utf8')).join('\n');
  const exported = (name) => new RegExp(`export (interface|type|declare class|class) ${name}\\b|export (type )?\\{[^}]*\\b${name}\\b`).test(typesText);
  const declaredEvents = new Set();
  for (const module of manifest.modules) {
    for (const declaration of module.declarations ?? []) {
      if (!declaration.tagName?.startsWith('city-')) continue;
      for (const event of declaration.events ?? []) {
        declaredEvents.add(event.name);
        const detail = /^CustomEvent<(\w+)>$/.exec(event.type?.text ?? '')?.[1];
        if (!detail) {
          problems.push(`<${declaration.tagName}> ${event.name}: custom-elements.json has no CustomEvent<Detail> type (got ${event.type?.text ?? 'none'})`);
          continue;
        }
        const row = readme.split('\n').find((line) => line.startsWith(`| \`${event.name}\` |`));
        if (!row) problems.push(`README's event table has no row for ${event.name}`);
        else if (!row.includes(`\`${detail}\``)) problems.push(`README's row for ${event.name} does not name its detail type ${detail}`);
        else if (!row.includes(`<${declaration.tagName}>`) && !row.includes('every element')) problems.push(`README's row for ${event.name} does not name <${declaration.tagName}>`);
        if (!exported(detail)) problems.push(`no declaration file exports the type ${detail} (${event.name})`);
      }
    }
  }
  // And every event an element can fire (the typed event map) is declared in some element's JSDoc.
  const mapEvents = typeFiles.flatMap((file) =>
    [...readFileSync(file, 'utf8').matchAll(/interface CityEventMap \{([^}]*)\}/g)].flatMap((block) => [...block[1].matchAll(/'(city-[a-z-]+)'/g)].map((m) => m[1])),
  );
  for (const name of new Set(mapEvents)) if (!declaredEvents.has(name)) problems.push(`${name} is in an event map but no element's JSDoc declares it (@fires)`);
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

// The database side ships with the package: what server/postgis/README.md tells a city to run.
const packed = JSON.parse(spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { encoding: 'utf8' }).stdout || '[]')[0];
const packedFiles = new Set((packed?.files ?? []).map((file) => file.path));
for (const file of ['server/postgis/citykit.sql', 'server/postgis/funnel.sql', 'server/postgis/serve.mjs', 'server/postgis/README.md']) {
  if (!packedFiles.has(file)) problems.push(`the package lacks ${file}`);
}

if (problems.length) {
  console.error(`dist check failed:\n- ${[...new Set(problems)].join('\n- ')}`);
  process.exit(1);
}
console.log('dist check: entries, bundle, types and custom-elements.json present; every event typed in the manifest, the README table and the exports; every bare import declared; funnel entry free of deck.gl; server/postgis packed');
