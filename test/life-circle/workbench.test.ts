// What-if plans through <city-life-circle>'s public contract: edits on the map (tap, drag, keys)
// and through methods, undo / redo, plans, the comparison and the plan files.
import { expect } from 'chai';
import '../../src/life-circle/index';
import { analyzeLifeCircle } from '../../src/life-circle/index';
import type { CityLifeCircle } from '../../src/life-circle/index';
import type { LifeCircleResult } from '../../src/life-circle/engine/types';
import type { CityPlanChangeDetail } from '../../src/life-circle/events';
import { applyEdits, type FacilityEdit } from '../../src/life-circle/model/scenario';
import type { CityMap } from '../../src/map/city-map';
import { clickAt, collectEvents, mapCanvas, nextEvent, pixelAt, project, runAxe, runnerCommand, unmount } from '../helpers/index';
import { PROFILE, at, expectSameResult, mountLifeCircle, pressKey, street } from './element-fixtures';

type Street = ReturnType<typeof street>;

function setUp(el: CityLifeCircle, data: Street = street()): Street {
  el.profile = PROFILE;
  el.level = 5;
  el.residences = data.residences;
  el.facilities = data.facilities;
  el.roads = data.roads;
  return data;
}

const panel = (el: CityLifeCircle) => el.shadowRoot!.querySelector<HTMLElement>('[part="panel"]')!;
const action = (el: CityLifeCircle, name: string) => panel(el).querySelector<HTMLButtonElement>(`[data-plan-action="${name}"]`)!;

/** A full analysis of the street with `edits` applied to its facilities. */
function fullRun(data: Street, edits: readonly FacilityEdit[]): LifeCircleResult {
  const { facilities, issues } = applyEdits(data.facilities, edits);
  expect(issues).to.deep.equal([]);
  return analyzeLifeCircle({ residences: data.residences, facilities, roads: data.roads }, { profile: PROFILE, level: 5, mode: 'walk' });
}

/** Every column of the element's result equals a full re-run's (all residences, exactly). */
function expectColumnsOf(el: CityLifeCircle, direct: LifeCircleResult): void {
  const a = el.result!.columns;
  const b = direct.columns;
  expect(a.residenceIds).to.deep.equal(b.residenceIds);
  expect(a.categories).to.deep.equal(b.categories);
  for (const key of Object.keys(b) as (keyof typeof b)[]) {
    const x = a[key] as unknown;
    const y = b[key] as unknown;
    if (ArrayBuffer.isView(y)) expect(Array.from(x as ArrayLike<number>), key).to.deep.equal(Array.from(y as unknown as ArrayLike<number>));
    else expect(x, key).to.deep.equal(y);
  }
  expect(el.result!.summary).to.deep.equal(direct.summary);
  expect(el.result!.coverage).to.deep.equal(direct.coverage);
}

/** Residence ids whose score differs between two results. */
function changedScores(a: LifeCircleResult, b: LifeCircleResult): string[] {
  return a.columns.residenceIds.filter((_, r) => !Object.is(a.columns.score[r], b.columns.score[r]));
}

/** Screen point (CSS px from the map's corner) of metres (x, y) of the street. */
const screenAt = (map: CityMap, x: number, y: number) => project(map, at(x, y));

/** A real key chord (`Control`, `Shift`… held while `key` is pressed) in the focused element. */
async function chord(modifiers: string[], key: string): Promise<void> {
  for (const modifier of modifiers) await runnerCommand('send-keys', { down: modifier });
  await pressKey(key);
  for (const modifier of [...modifiers].reverse()) await runnerCommand('send-keys', { up: modifier });
}

async function realDrag(map: CityMap, from: [number, number], to: [number, number]): Promise<void> {
  const rect = mapCanvas(map).getBoundingClientRect();
  const page = ([x, y]: [number, number]) => [Math.round(rect.left + x), Math.round(rect.top + y)];
  await runnerCommand('send-mouse', { type: 'move', position: page(from) });
  await runnerCommand('send-mouse', { type: 'down', button: 'left' });
  for (let i = 1; i <= 4; i++) await runnerCommand('send-mouse', { type: 'move', position: page([from[0] + ((to[0] - from[0]) * i) / 4, from[1] + ((to[1] - from[1]) * i) / 4]) });
  await runnerCommand('send-mouse', { type: 'up', button: 'left' });
  await runnerCommand('send-mouse', { type: 'move', position: [0, 0] });
}

describe('<city-life-circle> what-if plans', () => {
  let el: CityLifeCircle;
  afterEach(() => unmount(el));

  it('adds a facility where the map is clicked: exactly the residences a full re-run changes change; undo restores the baseline', async () => {
    el = mountLifeCircle<CityLifeCircle>(900, 520, { lang: 'en' });
    const data = setUp(el);
    await el.rendered();
    const baseline = el.result!;
    const changes = collectEvents<CityPlanChangeDetail>(el, 'city-plan-change');
    const category = panel(el).querySelector<HTMLSelectElement>('[data-plan-category]')!;
    category.value = 'convenience-store';
    category.dispatchEvent(new Event('change'));
    await el.updateComplete;
    action(el, 'add').click();
    await el.updateComplete;
    expect(action(el, 'add').getAttribute('aria-pressed')).to.equal('true');
    // A convenience store 20 m from h1 (h1 at 100,20): h1 gets both required categories.
    const [x, y] = screenAt(el.map!, 100, 0);
    await clickAt(el.map!, x, y);
    await el.rendered();

    expect(changes.events.map((e) => e.detail.reason)).to.deep.equal(['edit']);
    const plan = el.activePlan!;
    expect(plan.name).to.equal('Plan');
    expect(plan.edits).to.have.length(1);
    const edit = plan.edits[0] as Extract<FacilityEdit, { kind: 'add' }>;
    expect([edit.kind, edit.id, edit.category]).to.deep.equal(['add', 'new-1', 'convenience-store']);
    expect(edit.position[0]).to.be.closeTo(at(100, 0)[0], 2e-5);
    expect(edit.position[1]).to.be.closeTo(at(100, 0)[1], 2e-5);
    const direct = fullRun(data, plan.edits);
    expectColumnsOf(el, direct);
    expect(changedScores(baseline, el.result!)).to.deep.equal(changedScores(baseline, direct)).and.to.deep.equal(['h1']);
    expect(el.result!.residences.h1!.score).to.equal(1);
    // Only the plan changed: the selection of residences did not (the tap placed, it did not select).
    expect(el.selected).to.equal(undefined);

    expect(el.undo()).to.equal(true);
    await el.rendered();
    expect(el.activePlan!.edits).to.deep.equal([]);
    expectSameResult(el, street());
    expectColumnsOf(el, baseline);
    expect(el.redo()).to.equal(true);
    await el.rendered();
    expectColumnsOf(el, direct);
    expect(changes.events.map((e) => e.detail.reason)).to.deep.equal(['edit', 'undo', 'redo']);
    changes.stop();
  });

  it('drags the selected facility to move it, without panning the map', async () => {
    el = mountLifeCircle<CityLifeCircle>(900, 520, { lang: 'en' });
    const data = setUp(el);
    await el.rendered();
    const map = el.map!;
    // c1 (convenience store at 850,-10) is selected by a click on it.
    await clickAt(map, ...screenAt(map, 850, -10));
    await el.updateComplete;
    expect(panel(el).querySelector('.selected-facility')!.textContent).to.contain('便利店');
    const view = { ...map.viewState };
    await realDrag(map, screenAt(map, 850, -10), screenAt(map, 120, -10));
    await el.rendered();
    expect(map.viewState.longitude).to.equal(view.longitude);
    expect(map.viewState.latitude).to.equal(view.latitude);
    const edits = el.activePlan!.edits;
    expect(edits.map((e) => [e.kind, e.id])).to.deep.equal([['move', 'c1']]);
    const moved = (edits[0] as Extract<FacilityEdit, { kind: 'move' }>).position;
    expect(moved[0]).to.be.closeTo(at(120, -10)[0], 3e-5);
    expect(moved[1]).to.be.closeTo(at(120, -10)[1], 3e-5);
    expectColumnsOf(el, fullRun(data, edits));
    // h1 gains the store, h2 loses it.
    expect(el.result!.residences.h1!.score).to.equal(1);
    expect(el.result!.residences.h2!.score).to.equal(0.5);
  });

  it('is keyboard-operable: Enter adds at the centre, arrows nudge, Delete removes, Escape leaves add mode, Ctrl+Z / Ctrl+Y undo and redo', async () => {
    el = mountLifeCircle<CityLifeCircle>(900, 520, { lang: 'en' });
    const data = setUp(el);
    await el.rendered();
    const map = el.map!;
    action(el, 'add').focus();
    await pressKey('Enter');
    await el.updateComplete;
    expect(action(el, 'add').getAttribute('aria-pressed')).to.equal('true');
    mapCanvas(map).focus();
    await pressKey('Enter');
    await el.rendered();
    const centre = el.activePlan!.edits[0] as Extract<FacilityEdit, { kind: 'add' }>;
    expect(centre.kind).to.equal('add');
    expect(centre.category).to.equal('kindergarten');
    expect(centre.position[0]).to.be.closeTo(map.viewState.longitude, 1e-6);
    expect(centre.position[1]).to.be.closeTo(map.viewState.latitude, 1e-6);
    await pressKey('Escape');
    await el.updateComplete;
    expect(action(el, 'add').getAttribute('aria-pressed')).to.equal('false');

    // Select t1, nudge it east (10 px), then remove it.
    await clickAt(map, ...screenAt(map, 520, 100));
    mapCanvas(map).focus();
    const view = { ...map.viewState };
    const before = screenAt(map, 520, 100);
    await pressKey('ArrowRight');
    await el.rendered();
    expect(map.viewState.longitude).to.equal(view.longitude); // the arrow moved the facility, not the map
    const nudge = el.activePlan!.edits[1] as Extract<FacilityEdit, { kind: 'move' }>;
    expect([nudge.kind, nudge.id]).to.deep.equal(['move', 't1']);
    const [nx, ny] = project(map, nudge.position);
    expect(nx - before[0]).to.be.closeTo(10, 0.01);
    expect(ny - before[1]).to.be.closeTo(0, 0.01);
    await pressKey('Delete');
    await el.rendered();
    expect(el.activePlan!.edits.map((e) => e.kind)).to.deep.equal(['add', 'move', 'remove']);
    expectColumnsOf(el, fullRun(data, el.activePlan!.edits));
    await chord(['Control'], 'z');
    await el.rendered();
    expect(el.activePlan!.edits.map((e) => e.kind)).to.deep.equal(['add', 'move']);
    await chord(['Control'], 'y');
    await chord(['Control'], 'z');
    await chord(['Control', 'Shift'], 'Z');
    await el.rendered();
    expect(el.activePlan!.edits.map((e) => e.kind)).to.deep.equal(['add', 'move', 'remove']);
    expectColumnsOf(el, fullRun(data, el.activePlan!.edits));
  });

  it('keeps named plans apart, switches between them and the baseline, and adds a suggested site', async () => {
    el = mountLifeCircle<CityLifeCircle>(900, 520, { lang: 'en' });
    const data = setUp(el);
    await el.rendered();
    const baseline = el.result!;
    expect(el.createPlan('North')).to.equal('North');
    expect(el.removeFacility('k1')).to.equal(true);
    expect(el.createPlan('North')).to.equal('North 2');
    expect(el.addFacility('public-toilet', at(100, 10))).to.equal('new-1');
    expect(el.plans.map((p) => [p.name, p.edits.length])).to.deep.equal([['North', 1], ['North 2', 1]]);
    await el.rendered();
    expectColumnsOf(el, fullRun(data, el.activePlan!.edits));
    expect(el.selectPlan('North')).to.equal(true);
    await el.rendered();
    expectColumnsOf(el, fullRun(data, [{ kind: 'remove', id: 'k1' }]));
    expect(el.selectPlan(null)).to.equal(true);
    await el.rendered();
    expect(el.result).to.equal(baseline);
    expect(el.comparison).to.equal(null);
    expect(el.renamePlan('North 2', 'North')).to.equal(false);
    expect(el.renamePlan('North 2', 'South')).to.equal(true);
    expect(el.deletePlan('North')).to.equal(true);
    expect(el.plans.map((p) => p.name)).to.deep.equal(['South']);

    // "Add to plan" on a suggested site: an edit at the site, in a new plan (the baseline was active).
    const suggestion = (await el.suggestSites('convenience-store', 1))!;
    await el.updateComplete;
    panel(el).querySelector<HTMLButtonElement>('[data-accept-site="1"]')!.click();
    await el.rendered();
    const plan = el.activePlan!;
    expect(plan.name).to.equal('Plan');
    const site = plan.edits[0] as Extract<FacilityEdit, { kind: 'add' }>;
    expect([site.kind, site.category, site.name]).to.deep.equal(['add', 'convenience-store', 'Suggested site 1']);
    expect(site.position).to.deep.equal(suggestion.sites[0]!.coordinates);
    expectColumnsOf(el, fullRun(data, plan.edits));
  });

  it('exports a plan as GeoJSON and imports it back (bad features reported), and gives the comparison as CSV', async () => {
    el = mountLifeCircle<CityLifeCircle>(900, 520, { lang: 'en' });
    const data = setUp(el);
    await el.rendered();
    el.createPlan('A');
    el.addFacility('convenience-store', at(100, 0), 'New store');
    el.moveFacility('k2', at(880, -290)); // 290 m off the road: beyond 300 m of h2
    el.removeFacility('t1');
    await el.rendered();
    const edits = el.activePlan!.edits;
    const exported = el.exportPlan()!;
    expect(exported.features.map((f) => [f.properties!.edit, f.properties!.id, f.properties!.plan])).to.deep.equal([
      ['add', 'new-1', 'A'],
      ['move', 'k2', 'A'],
      ['remove', 't1', 'A'],
    ]);
    // A removed facility is exported where it stands in the data.
    expect(exported.features[2]!.geometry).to.deep.equal((data.facilities.features[3] as { geometry: unknown }).geometry);

    // Comparison: h1 gains the store (+100), h2 loses k2 (−200), h3 loses t1 (a recommended category; −300).
    const csv = el.comparisonCsv().replace(/^\uFEFF/, '').split('\r\n');
    expect(csv.slice(0, 4)).to.deep.equal([
      'Category,Population served before,Population served after,Newly served,No longer served,Residences newly served,Residences no longer served',
      'Kindergarten,300,100,0,200,0,1',
      'Convenience store,200,300,100,0,1,0',
      'Public toilet,300,0,0,300,0,1',
    ]);
    expect(csv.slice(5, 9)).to.deep.equal([
      'Residence,Population,Score before,Score after,Categories gained,Categories lost',
      'h1,100,0.5,1,Convenience store,',
      'h2,200,1,0.5,,Kindergarten',
      'h3,300,0,0,,Public toilet',
    ]);
    expect(el.comparison!.categories.find((c) => c.category === 'convenience-store')!.served).to.equal(100);

    el.selectPlan(null);
    const bad = { ...exported, features: [...exported.features, { type: 'Feature', geometry: null, properties: { id: 'x', edit: 'teleport' } }] };
    const error = nextEvent<{ issues: { path: string; code?: string }[] }>(el, 'city-error');
    const imported = (await el.importPlan(new File([JSON.stringify(bad)], 'A.geojson')))!;
    expect((await error).detail.issues.map((i) => [i.path, i.code])).to.deep.equal([['features[3].properties.edit', 'unknown-value']]);
    expect(imported.name).to.equal('A 2');
    expect(imported.edits).to.deep.equal(edits);
    await el.rendered();
    expectColumnsOf(el, fullRun(data, edits));
  });

  it('edits the same way on the main thread (no-worker): the result equals a full re-run, undo gives the baseline back', async () => {
    el = mountLifeCircle<CityLifeCircle>(900, 520, { lang: 'en', 'no-worker': '' });
    const data = setUp(el);
    await el.rendered();
    const baseline = el.result!;
    expect(el.addFacility('convenience-store', at(100, 0))).to.equal('new-1');
    expect(el.moveFacility('t1', at(900, 40))).to.equal(true);
    expect(el.moveFacility('nowhere', at(900, 40))).to.equal(false);
    await el.rendered();
    expectColumnsOf(el, fullRun(data, el.activePlan!.edits));
    el.undo();
    el.undo();
    await el.rendered();
    expectColumnsOf(el, baseline);
    expect(el.result).to.equal(baseline);
  });

  it('maps the difference: residences better off, worse off and unchanged in their own colours, with a legend', async () => {
    el = mountLifeCircle<CityLifeCircle>(900, 520, { lang: 'en' });
    setUp(el);
    await el.rendered();
    el.createPlan('A');
    el.addFacility('convenience-store', at(100, 0));
    el.removeFacility('k2');
    await el.rendered();
    expect(Array.from(el.comparison!.direction)).to.deep.equal([1, -1, 0]);
    const box = panel(el).querySelector<HTMLInputElement>('[data-plan-difference]')!;
    box.click();
    await el.rendered();
    const map = el.map!;
    const colourAt = (x: number, y: number) => pixelAt(map, ...screenAt(map, x, y)).slice(0, 3);
    expect(colourAt(100, 20)).to.deep.equal([0x1a, 0x96, 0x41]);
    expect(colourAt(900, 20)).to.deep.equal([0xd7, 0x19, 0x1c]);
    expect(colourAt(500, 250)).to.deep.equal([0xc3, 0xc8, 0xd0]);
    const legend = el.shadowRoot!.querySelector('city-life-circle-layer')!.shadowRoot!.querySelector('.legend')!.textContent!;
    expect(legend).to.contain('Plan against the baseline').and.to.contain('Better off').and.to.contain('Worse off');
    expect(await runAxe(el)).to.deep.equal([]);
    box.click();
    await el.rendered();
    expect(colourAt(900, 20)).to.not.deep.equal([0xd7, 0x19, 0x1c]);
  });
});
