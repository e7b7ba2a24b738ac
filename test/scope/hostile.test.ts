/**
 * A hostile corpus for `<city-scope>`: its `units` rows come from a backend, so they get the
 * same treatment as every element's data. Over 50 bad rows (wrong types, NaN / ±Infinity, 10 MB
 * strings, prototype names, HTML, duplicates, cycles, rows that throw when read) mixed into a
 * fixed valid hierarchy, whole inputs that are no hierarchy at all, and bad values of every
 * attribute. For each: nothing is thrown, every problem is reported with its row and field, the
 * valid part gives exactly the selection a clean hierarchy gives, and nothing becomes HTML.
 */
import { expect } from 'chai';
import '../../src/scope/index';
import { UnitTree, type CityScope } from '../../src/scope/index';
import type { CityErrorDetail } from '../../src/core/events';
import { collectUncaught } from '../helpers/index';

const HTML = '<img src=x onerror="window.__pwned=1">';
const HUGE = 'x'.repeat(10 * 1024 * 1024);
type Row = Record<string, unknown>;

const row = (id: unknown, parent: unknown, level: unknown = 'community', extra: Row = {}): Row => ({ id, parent, name: `${String(id)}名`, level, ...extra });

/** The valid hierarchy: 区 D1 > 街道 S1, S2 > 社区 C1, C2, C3 > 网格 G1, and prototype-named units. */
const VALID: Row[] = [
  row('D1', null, 'district'),
  row('S1', 'D1', 'street'),
  row('S2', 'D1', 'street'),
  row('C1', 'S1'),
  row('C2', 'S1'),
  row('C3', 'S2'),
  row('G1', 'C1', 'grid'),
  row('__proto__', null, 'district', { name: HTML }),
  row('constructor', '__proto__', 'street'),
  row('toString', 'constructor'),
  row(7, 'C3', 'grid'),
  row('P1', 'D1', 'street', { name: '' }), // an empty name: the id is shown
];

interface Entry {
  label: string;
  row: () => unknown;
  /** Issue path after `units[i]`, its code and severity. */
  issues: [string, string, 'error' | 'warning'][];
  /** A kept row: what a clean input would give for it. */
  kept?: Row;
}

const withoutName = (id: string, parent: string | null): Row => ({ id, parent, level: 'community' });
const throwing = (field: string) => () => {
  const record = row('T1', 'S1');
  Object.defineProperty(record, field, { enumerable: true, get: () => { throw new Error('hostile getter'); } });
  return record;
};
const revoked = () => {
  const { proxy, revoke } = Proxy.revocable({ id: 'R1' }, {});
  revoke();
  return proxy;
};

const KEPT: Entry[] = [
  { label: 'name 42', row: () => row('K1', 'S1', 'community', { name: 42 }), issues: [['.name', 'wrong-type', 'warning']], kept: withoutName('K1', 'S1') },
  { label: 'name {}', row: () => row('K2', 'S1', 'community', { name: { toString: () => HTML } }), issues: [['.name', 'wrong-type', 'warning']], kept: withoutName('K2', 'S1') },
  { label: 'name array', row: () => row('K3', 'S2', 'community', { name: ['a'] }), issues: [['.name', 'wrong-type', 'warning']], kept: withoutName('K3', 'S2') },
  { label: 'name true', row: () => row('K4', 'S2', 'community', { name: true }), issues: [['.name', 'wrong-type', 'warning']], kept: withoutName('K4', 'S2') },
  { label: 'name NaN', row: () => row('K5', 'S2', 'community', { name: NaN }), issues: [['.name', 'wrong-type', 'warning']], kept: withoutName('K5', 'S2') },
  { label: 'level county', row: () => row('K6', 'S1', 'county'), issues: [['.level', 'unknown-value', 'warning']], kept: row('K6', 'S1', null) },
  { label: 'level __proto__', row: () => row('K7', 'S1', '__proto__'), issues: [['.level', 'unknown-value', 'warning']], kept: row('K7', 'S1', null) },
  { label: 'level constructor', row: () => row('K8', 'S1', 'constructor'), issues: [['.level', 'unknown-value', 'warning']], kept: row('K8', 'S1', null) },
  { label: 'level 3', row: () => row('K9', 'S1', 3), issues: [['.level', 'unknown-value', 'warning']], kept: row('K9', 'S1', null) },
  { label: 'level HTML', row: () => row('K10', 'S1', HTML), issues: [['.level', 'unknown-value', 'warning']], kept: row('K10', 'S1', null) },
  { label: 'level 10 MB', row: () => row('K11', 'S1', HUGE), issues: [['.level', 'unknown-value', 'warning']], kept: row('K11', 'S1', null) },
  { label: 'level {}', row: () => row('K12', 'S1', {}), issues: [['.level', 'unknown-value', 'warning']], kept: row('K12', 'S1', null) },
  { label: 'parent ghost', row: () => row('K13', 'ghost'), issues: [['.parent', 'unknown-reference', 'warning']], kept: row('K13', null) },
  { label: 'parent hasOwnProperty', row: () => row('K14', 'hasOwnProperty'), issues: [['.parent', 'unknown-reference', 'warning']], kept: row('K14', null) },
  { label: 'parent valueOf', row: () => row('K15', 'valueOf'), issues: [['.parent', 'unknown-reference', 'warning']], kept: row('K15', null) },
  { label: 'parent 10 MB', row: () => row('K16', HUGE), issues: [['.parent', 'unknown-reference', 'warning']], kept: row('K16', null) },
  { label: 'parent {}', row: () => row('K17', {}), issues: [['.parent', 'wrong-type', 'warning']], kept: row('K17', null) },
  { label: 'parent true', row: () => row('K18', true), issues: [['.parent', 'wrong-type', 'warning']], kept: row('K18', null) },
  { label: 'parent NaN', row: () => row('K19', NaN), issues: [['.parent', 'wrong-type', 'warning']], kept: row('K19', null) },
  { label: 'parent array', row: () => row('K20', ['S1']), issues: [['.parent', 'wrong-type', 'warning']], kept: row('K20', null) },
  { label: 'its own parent', row: () => row('K21', 'K21'), issues: [['.parent', 'unknown-reference', 'warning']], kept: row('K21', null) },
  // A cycle: cut where the walk from its first row closes it; that row becomes a top unit.
  { label: 'a cycle (1/2)', row: () => row('CY1', 'CY2'), issues: [['.parent', 'unknown-reference', 'warning']], kept: row('CY1', null) },
  { label: 'a cycle (2/2)', row: () => row('CY2', 'CY1'), issues: [], kept: row('CY2', 'CY1') },
  // Accepted as they are (as the grid layer takes them): an id of spaces is an id; a long name is cut for display.
  { label: 'id of spaces', row: () => row('   ', 'S1'), issues: [], kept: row('   ', 'S1') },
  { label: 'name 10 MB', row: () => row('K22', 'S1', 'community', { name: HUGE }), issues: [], kept: row('K22', 'S1', 'community', { name: `${'x'.repeat(200)}…` }) },
  { label: 'name HTML', row: () => row('K23', 'S1', 'community', { name: HTML }), issues: [], kept: row('K23', 'S1', 'community', { name: HTML }) },
  { label: 'unknown extra fields', row: () => row('K24', 'S1', 'community', { population: 'many', __proto__: { id: 'X' }, constructor: 1 }), issues: [], kept: row('K24', 'S1') },
];

const REJECTED: Entry[] = [
  { label: 'null row', row: () => null, issues: [['', 'wrong-type', 'error']] },
  { label: 'undefined row', row: () => undefined, issues: [['', 'wrong-type', 'error']] },
  { label: 'number row', row: () => 42, issues: [['', 'wrong-type', 'error']] },
  { label: 'string row', row: () => HTML, issues: [['', 'wrong-type', 'error']] },
  { label: 'boolean row', row: () => true, issues: [['', 'wrong-type', 'error']] },
  { label: 'NaN row', row: () => NaN, issues: [['', 'wrong-type', 'error']] },
  { label: 'empty array row', row: () => [], issues: [['', 'wrong-type', 'error']] },
  { label: 'array row', row: () => ['C9', 'S1'], issues: [['', 'wrong-type', 'error']] },
  { label: 'a throwing id getter', row: throwing('id'), issues: [['', 'wrong-type', 'error']] },
  { label: 'a throwing name getter', row: throwing('name'), issues: [['', 'wrong-type', 'error']] },
  { label: 'a throwing proxy', row: () => new Proxy({}, { get: () => { throw new Error('hostile proxy'); } }), issues: [['', 'wrong-type', 'error']] },
  { label: 'a revoked proxy', row: revoked, issues: [['', 'wrong-type', 'error']] },
  { label: 'JSON own __proto__ key carrying the id', row: () => JSON.parse('{"__proto__": {"id": "P9", "parent": "S1"}}'), issues: [['.id', 'missing', 'error']] },
  { label: 'id missing', row: () => ({ parent: 'S1' }), issues: [['.id', 'missing', 'error']] },
  { label: 'id null', row: () => row(null, 'S1'), issues: [['.id', 'missing', 'error']] },
  { label: 'id empty', row: () => row('', 'S1'), issues: [['.id', 'missing', 'error']] },
  { label: 'id NaN', row: () => row(NaN, 'S1'), issues: [['.id', 'wrong-type', 'error']] },
  { label: 'id Infinity', row: () => row(Infinity, 'S1'), issues: [['.id', 'wrong-type', 'error']] },
  { label: 'id -Infinity', row: () => row(-Infinity, 'S1'), issues: [['.id', 'wrong-type', 'error']] },
  { label: 'id {}', row: () => row({}, 'S1'), issues: [['.id', 'wrong-type', 'error']] },
  { label: 'id with toString', row: () => row({ toString: () => 'C1' }, 'S1'), issues: [['.id', 'wrong-type', 'error']] },
  { label: 'id array', row: () => row(['C9'], 'S1'), issues: [['.id', 'wrong-type', 'error']] },
  { label: 'id true', row: () => row(true, 'S1'), issues: [['.id', 'wrong-type', 'error']] },
  { label: 'id of 201 characters', row: () => row('y'.repeat(201), 'S1'), issues: [['.id', 'out-of-range', 'error']] },
  { label: 'id 10 MB', row: () => row(HUGE, 'S1'), issues: [['.id', 'out-of-range', 'error']] },
  { label: 'duplicate C1 under another parent', row: () => row('C1', 'S2'), issues: [['.id', 'duplicate-id', 'error']] },
  { label: 'duplicate __proto__', row: () => row('__proto__', 'D1', 'street'), issues: [['.id', 'duplicate-id', 'error']] },
  { label: 'duplicate constructor', row: () => row('constructor', 'S1'), issues: [['.id', 'duplicate-id', 'error']] },
  { label: 'duplicate 7 as text', row: () => row('7', 'S1', 'grid'), issues: [['.id', 'duplicate-id', 'error']] },
  { label: 'duplicate D1 as a child of its own child', row: () => row('D1', 'C1', 'district'), issues: [['.id', 'duplicate-id', 'error']] },
];

/** Valid rows interleaved with the corpus; the clean rows a correct reading must equal. */
function buildInputs() {
  const hostile: unknown[] = [];
  const clean: Row[] = [];
  const expected: string[] = [];
  let valid = 0;
  [...KEPT, ...REJECTED].forEach((entry, k) => {
    if (k % 5 === 0 && valid < VALID.length) {
      hostile.push(VALID[valid]);
      clean.push(VALID[valid++]);
    }
    const index = hostile.length;
    hostile.push(entry.row());
    expected.push(...entry.issues.map(([path, code, severity]) => `units[${index}]${path} ${code} ${severity}`));
    if (entry.kept) clean.push(entry.kept);
  });
  while (valid < VALID.length) {
    hostile.push(VALID[valid]);
    clean.push(VALID[valid++]);
  }
  return { hostile, clean, expected };
}

async function mountScope(attributes = ''): Promise<CityScope> {
  const wrap = document.createElement('div');
  wrap.innerHTML = `<city-scope ${attributes}></city-scope>`;
  document.body.append(wrap);
  const scope = wrap.querySelector('city-scope')!;
  await scope.updateComplete;
  return scope;
}

const issues = (scope: CityScope, prefix = 'units') =>
  scope.errors.flatMap((e) => e.issues.filter((i) => i.path.startsWith(prefix)).map((i) => `${i.path} ${i.code} ${i.severity}`));

/** Everything the scope's hierarchy answers for the ids given: names, levels, paths, subtrees. */
function answers(scope: CityScope, ids: string[]) {
  const tree = scope.selection.tree!;
  return {
    ids: tree.ids,
    names: tree.names,
    levels: tree.levels,
    parents: Array.from(tree.parents, (p) => (p < 0 ? null : tree.ids[p])),
    paths: ids.map((id) => tree.path(id)),
    subtrees: ids.map((id) => tree.subtree(id)),
  };
}

/** For each unit selected in turn, which of `ids` the selection includes. */
async function inclusions(scope: CityScope, ids: string[]): Promise<boolean[][]> {
  const out: boolean[][] = [];
  for (const unit of ids) {
    scope.unit = unit;
    await scope.updateComplete;
    expect(scope.selection.unit, unit).to.equal(unit);
    out.push(ids.map((id) => scope.selection.includes(id)));
  }
  scope.unit = null;
  await scope.updateComplete;
  return out;
}

function expectNoHtml(scope: CityScope): void {
  expect(scope.shadowRoot!.querySelector('img, b, script')).to.equal(null);
  expect(document.querySelectorAll('img').length).to.equal(0);
  expect((window as { __pwned?: number }).__pwned).to.equal(undefined);
}

describe('<city-scope> against a hostile corpus', function () {
  this.timeout(60_000);
  const uncaught = collectUncaught();
  const { hostile, clean, expected } = buildInputs();
  const cleanIds = clean.map((r) => String(r.id));
  /** Every clean id, plus ids that name no unit (and must be in no unit). */
  const probeIds = [...cleanIds, 'ghost', 'hasOwnProperty', 'valueOf', 'T1', 'R1', 'P9', 'C9', '  ', ''];

  afterEach(async () => {
    await new Promise((resolve) => setTimeout(resolve, 20)); // an injected onerror would have fired by now
    document.querySelectorAll('city-scope').forEach((s) => s.parentElement!.remove());
    expect(uncaught, 'uncaught errors').to.deep.equal([]);
    expect((window as { __pwned?: number }).__pwned).to.equal(undefined);
  });

  it('has a corpus of 50+ bad rows around a valid hierarchy, and a clean run that reports nothing', async () => {
    expect(KEPT.length + REJECTED.length).to.be.at.least(50);
    expect(hostile.length).to.equal(VALID.length + KEPT.length + REJECTED.length);
    const reference = await mountScope();
    reference.units = clean;
    await reference.updateComplete;
    expect(reference.errors).to.deep.equal([]);
    expect(reference.selection.tree!.ids).to.deep.equal(cleanIds);
  });

  it('reports every bad row by index and field, and gives exactly the clean hierarchy’s answers and selections', async () => {
    const reference = await mountScope();
    reference.units = clean;
    await reference.updateComplete;
    const scope = await mountScope();
    const reports: CityErrorDetail[] = [];
    scope.addEventListener('city-error', (e) => reports.push(e.detail));
    scope.units = hostile;
    await scope.updateComplete;

    expect([...issues(scope)].sort()).to.deep.equal([...expected].sort());
    expect(reports.at(-1)!.severity).to.equal('error');
    for (const e of scope.errors) for (const i of e.issues) expect(i.message.length, i.path).to.be.below(400);
    expect(answers(scope, probeIds)).to.deep.equal(answers(reference, probeIds));
    expect(await inclusions(scope, cleanIds)).to.deep.equal(await inclusions(reference, cleanIds));
    // The panel names the rows, as text.
    const panel = scope.shadowRoot!.querySelector('[part="error"]')!;
    expect(panel.textContent).to.contain(expected[0].split(' ')[0]);
    expect(panel.textContent!.length).to.be.below(20_000);
    expectNoHtml(scope);
  });

  it('reads the same corpus as a grids FeatureCollection (properties as rows), paths naming the feature', async () => {
    const reference = await mountScope();
    reference.units = clean;
    await reference.updateComplete;
    const scope = await mountScope();
    scope.units = { type: 'FeatureCollection', features: hostile.map((properties) => ({ type: 'Feature', geometry: null, properties })) };
    await scope.updateComplete;
    const asFeatures = expected.map((i) => i.replace(/^units\[(\d+)\]/, 'features[$1].properties'));
    expect([...issues(scope, 'features')].sort()).to.deep.equal([...asFeatures].sort());
    expect(answers(scope, probeIds)).to.deep.equal(answers(reference, probeIds));
    expectNoHtml(scope);
  });

  it('reports a unit whose polygon is unusable (it has no area), and places positions exactly as without it', async () => {
    const square = (x0: number, y0: number, x1: number, y1: number) => [[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]];
    const feature = (id: string, parent: string | null, geometry: unknown) => ({ type: 'Feature', properties: { id, parent }, geometry });
    const clean = [feature('D', null, { type: 'Polygon', coordinates: [square(0, 0, 10, 10)] }), feature('S1', 'D', { type: 'Polygon', coordinates: [square(0, 0, 5, 10)] })];
    const bad: [unknown, string][] = [
      [{ type: 'Polygon', coordinates: [square(5, 0, 10, 10).map(([x, y], i) => (i === 1 ? [NaN, y] : [x, y]))] }, 'NaN vertex'],
      [{ type: 'Polygon', coordinates: [square(5, 0, 10, 10), [[6, 1], [NaN, 1], [7, 2], [6, 1]]] }, 'NaN hole'],
      [{ type: 'Point', coordinates: [7, 7] }, 'a Point'],
      [{ type: 'Polygon', coordinates: 'x' }, 'text coordinates'],
      [{ type: 'Polygon', coordinates: [square(500, 0, 510, 10)] }, 'longitude 500'],
      [HTML, 'text'],
      [42, 'a number'],
    ];
    const hostile = [...clean, ...bad.map(([geometry], k) => feature(`B${k}`, 'D', geometry)), feature('N', 'D', null)];
    const reference = UnitTree.from({ type: 'FeatureCollection', features: [...clean, ...bad.map((_, k) => feature(`B${k}`, 'D', null)), feature('N', 'D', null)] });
    const tree = UnitTree.from({ type: 'FeatureCollection', features: hostile });
    expect(tree.issues.map((i) => `${i.path} ${i.code} ${i.severity}`)).to.deep.equal(bad.map((_, k) => `features[${k + 2}].geometry invalid-geometry warning`));
    expect(reference.issues).to.deep.equal([]);
    const at = (t: UnitTree, x: number, y: number) => t.ids[t.areas!.locate(x, y)] ?? null;
    for (const [x, y] of [[1, 1], [7, 7], [6.5, 1.5], [505, 5], [11, 11]]) expect(at(tree, x, y), `${x},${y}`).to.equal(at(reference, x, y));
    expect(tree.ids).to.deep.equal(reference.ids);
  });

  it('survives input that is no hierarchy at all: reported, nothing selected by it, later good rows used', async () => {
    const scope = await mountScope('unit="C1"');
    const { proxy, revoke } = Proxy.revocable([], {});
    revoke();
    const throwingCollection = { type: 'FeatureCollection', get features(): unknown[] { throw new Error('hostile getter'); } };
    const cases: [string, unknown][] = [
      ['a number', 42], ['a string', HTML], ['10 MB of text', HUGE], ['an object', { C1: 'S1' }], ['a Set', new Set(VALID)], ['a Map', new Map([['C1', 'S1']])],
      ['NaN', NaN], ['true', true], ['features not an array', { type: 'FeatureCollection', features: 'many' }],
      ['a throwing features getter', throwingCollection], ['a revoked proxy', proxy],
    ];
    for (const [label, units] of cases) {
      scope.units = units;
      await scope.updateComplete;
      expect(issues(scope).map((i) => i.split(' ').slice(0, 3).join(' ')), label).to.deep.equal(['units wrong-type error']);
      expect(scope.selection.tree?.size ?? 0, label).to.equal(0);
      // Without a hierarchy, the unit asked for is the exact unit only.
      expect([scope.selection.unit, scope.selection.includes('C1'), scope.selection.includes('G1')], label).to.deep.equal(['C1', true, false]);
      expectNoHtml(scope);
    }
    scope.units = hostile;
    await scope.updateComplete;
    expect(scope.selection.includes('G1')).to.equal(true);
    expect(scope.selection.includes('C2')).to.equal(false);
  });

  // ---- Attributes -------------------------------------------------------------------------------

  const BAD_ATTRIBUTES: [string, string, string[]][] = [
    ['unit', 'ghost', ['unit']],
    ['unit', 'hasOwnProperty', ['unit']],
    ['unit', 'valueOf', ['unit']],
    ['unit', HTML, ['unit']],
    ['unit', HUGE, ['unit']],
    ['from', 'yesterday', ['from']],
    ['from', '2026-02-30', ['from']],
    ['from', '+275760-09-14T00:00:00Z', ['from']],
    ['from', '__proto__', ['from']],
    ['from', HTML, ['from']],
    ['to', HUGE, ['to']],
    ['to', 'constructor', ['to']],
    ['to', '2026-11-01T25:00', ['to']],
  ];

  it('reports a bad value of every attribute as a warning naming it, selects as without it, and forgets it once removed', async () => {
    const scope = await mountScope();
    scope.units = hostile;
    await scope.updateComplete;
    const before = scope.selection;
    expect([before.unit, before.window]).to.deep.equal([null, { from: null, to: null }]);
    for (const [name, value, paths] of BAD_ATTRIBUTES) {
      const label = `${name}=${value.slice(0, 30)}`;
      scope.setAttribute(name, value);
      await scope.updateComplete;
      const report = scope.errors.find((e) => e.issues.some((i) => !i.path.startsWith('units')))!;
      expect(report.severity, label).to.equal('warning');
      expect(report.issues.map((i) => i.path), label).to.deep.equal(paths);
      for (const i of report.issues) expect(i.message.length, label).to.be.below(400);
      expect([scope.selection.unit, scope.selection.window], label).to.deep.equal([null, { from: null, to: null }]);
      expect(scope.selection.includes('C1'), label).to.equal(true);
      scope.removeAttribute(name);
      await scope.updateComplete;
      expect(issues(scope, '').filter((i) => !i.startsWith('units')), `${label}: removed`).to.deep.equal([]);
      expectNoHtml(scope);
    }
    // A reversed window: reported, ignored as a whole.
    scope.setAttribute('from', '2026-11-30');
    scope.setAttribute('to', '2026-11-01');
    await scope.updateComplete;
    expect(issues(scope, '').filter((i) => !i.startsWith('units'))).to.deep.equal(['to unknown-value warning']);
    expect(scope.selection.window).to.deep.equal({ from: null, to: null });
    scope.removeAttribute('from');
    scope.removeAttribute('to');
    await scope.updateComplete;
    expect(issues(scope, '').filter((i) => !i.startsWith('units'))).to.deep.equal([]);
  });

  it('takes bad values set by script (unit, from, to as non-text) without throwing', async () => {
    const scope = await mountScope();
    scope.units = clean;
    await scope.updateComplete;
    const set = scope as unknown as Record<string, unknown>;
    for (const [name, value] of [['unit', 42], ['unit', {}], ['unit', ['C1']], ['from', NaN], ['from', 1e300], ['to', {}], ['to', new Date(NaN)]] as const) {
      set[name] = value;
      await scope.updateComplete;
      expect([scope.selection.unit, scope.selection.window], `${name}=${String(value)}`).to.deep.equal([null, { from: null, to: null }]);
      expect(scope.errors.some((e) => e.issues.some((i) => i.path === name)), `${name}=${String(value)}`).to.equal(true);
      set[name] = null;
      await scope.updateComplete;
      expect(scope.errors, `${name} cleared`).to.deep.equal([]);
    }
  });
});
