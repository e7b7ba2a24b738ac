/**
 * The element contract on the funnel: `rendered()` (data, `src`, animation finished), `toImage({scale})`
 * and `city-stage-select` with `id`, including the clear.
 */
import { expect } from 'chai';
import type { CityClosureFunnel, CityStageSelectDetail } from '../../src/funnel/city-closure-funnel';
import { CM_COUNTS, CM_KEYS, NOW, cityManagementCases, mountFunnel, shadow, stageGroups, stageLabels, textOf } from './element-fixtures';

const SIZE = 'width:900px;height:640px';

/** A funnel whose update animation lasts a minute: only `rendered()` can bring it to its final state in a test. */
function slowFunnel(setup: (el: CityClosureFunnel) => void): CityClosureFunnel {
  const el = document.createElement('city-closure-funnel') as CityClosureFunnel;
  el.setAttribute('style', `display:block;${SIZE};--city-funnel-duration:60s`);
  el.setAttribute('now', NOW);
  el.lang = 'en';
  setup(el);
  document.body.append(el);
  return el;
}

/** Geometry of every stage block, as drawn. */
const blocks = (el: Element) =>
  stageGroups(el).map((g) => {
    const r = g.querySelector('rect.block')!;
    return ['x', 'y', 'width', 'height'].map((name) => r.getAttribute(name));
  });

/** The count printed on each stage (en: "100 · 100%"). */
const shownCounts = (el: Element) => stageLabels(el).map((g) => Number(textOf(g.querySelector('text.value')).split(' · ')[0]));

/** Block geometry of the same data drawn without animation (the final state). */
async function finalBlocks(data: unknown): Promise<Array<Array<string | null>>> {
  const twin = await mountFunnel((e) => {
    e.lang = 'en';
    e.preset = 'city-management';
    e.data = data;
  }, SIZE);
  await twin.rendered();
  const out = blocks(twin);
  twin.remove();
  return out;
}

const jsonUrl = (value: unknown) => URL.createObjectURL(new Blob([JSON.stringify(value)], { type: 'application/json' }));

const CLEARED = { id: null, stage: null, index: null, label: null, caseIds: null, metrics: null };

describe('<city-closure-funnel> contract', () => {
  afterEach(() => document.querySelectorAll('city-closure-funnel').forEach((e) => e.remove()));

  it('rendered(): data set → the chart shows metrics and its final geometry, the entry animation finished', async () => {
    const data = { cases: cityManagementCases() };
    const expected = await finalBlocks(data);
    const el = slowFunnel((e) => {
      e.preset = 'city-management';
      e.data = data;
    });
    await el.updateComplete;
    // Entering blocks grow from width 0: after the update alone the animation has not run.
    expect(blocks(el).map((b) => b[2])).to.deep.equal(CM_KEYS.map(() => '0'));
    await el.rendered();
    expect(el.metrics!.stages.map((s) => s.reached)).to.deep.equal(CM_COUNTS);
    expect(shownCounts(el)).to.deep.equal(el.metrics!.stages.map((s) => s.reached));
    expect(stageGroups(el).map((g) => g.dataset.key)).to.deep.equal(CM_KEYS);
    expect(blocks(el)).to.deep.equal(expected);
    // Still final a few frames later (the loop was stopped, not left running from the old values).
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    expect(blocks(el)).to.deep.equal(expected);
  });

  it('rendered(): with src, resolves once the response is loaded, computed and drawn; the newest src wins', async () => {
    const old = jsonUrl({ preset: 'city-management', cases: cityManagementCases([10, 9, 8, 7, 6, 5, 4]) });
    const url = jsonUrl({ preset: 'city-management', cases: cityManagementCases() });
    const el = slowFunnel((e) => e.setAttribute('src', old));
    await el.rendered();
    expect(shownCounts(el)).to.deep.equal([10, 9, 8, 7, 6, 5, 4]);
    el.setAttribute('src', url);
    await el.rendered();
    expect(el.metrics!.stages.map((s) => s.reached)).to.deep.equal(CM_COUNTS);
    expect(shownCounts(el)).to.deep.equal(CM_COUNTS);
    expect(blocks(el)).to.deep.equal(await finalBlocks({ preset: 'city-management', cases: cityManagementCases() }));
    expect(shadow(el).querySelector('[part="progress"]')).to.equal(null);
    // A failed load settles too (the error panel is what is shown).
    el.setAttribute('src', '/no/such/funnel.json');
    await el.rendered();
    expect(el.errors.map((e) => e.code)).to.include('load-failed');
    expect(shownCounts(el)).to.deep.equal(CM_COUNTS); // good data is not blanked
  });

  it('rendered(): data changed mid-animation → the newest data, in its final state', async () => {
    const first = { cases: cityManagementCases() };
    const second = { cases: cityManagementCases([100, 80, 60, 40, 20, 10, 5]) };
    const third = { cases: cityManagementCases([50, 45, 40, 35, 30, 25, 20]) };
    const expected = await finalBlocks(third);
    const el = slowFunnel((e) => {
      e.preset = 'city-management';
      e.data = first;
    });
    await el.rendered();
    el.data = second;
    await el.updateComplete;
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    const moving = blocks(el);
    expect(moving).to.not.deep.equal(await finalBlocks(second)); // the update animation is under way
    el.data = third;
    await el.rendered();
    expect(shownCounts(el)).to.deep.equal([50, 45, 40, 35, 30, 25, 20]);
    expect(el.metrics!.stages.map((s) => s.reached)).to.deep.equal([50, 45, 40, 35, 30, 25, 20]);
    expect(blocks(el)).to.deep.equal(expected);
  });

  it('toImage({scale}): exact PNG size at scale 1 and 2', async () => {
    const el = await mountFunnel((e) => {
      e.preset = 'city-management';
      e.data = { cases: cityManagementCases() };
    });
    const svg = shadow(el).querySelector('svg')!;
    const width = Number(svg.getAttribute('width'));
    const height = Number(svg.getAttribute('height'));
    expect(width).to.equal(shadow(el).querySelector<HTMLElement>('.chart-area')!.clientWidth);
    const one = await createImageBitmap(await el.toImage({ scale: 1 }));
    expect([one.width, one.height]).to.deep.equal([width, height + 56]); // 56: the rate header
    const two = await createImageBitmap(await el.toImage({ scale: 2 }));
    expect([two.width, two.height]).to.deep.equal([2 * width, 2 * (height + 56)]);
    const fallback = await createImageBitmap(await el.toImage());
    expect([fallback.width, fallback.height]).to.deep.equal([2 * width, 2 * (height + 56)]);
  });

  it('toImage(): rejects with an Error naming the element when there is nothing to draw or the scale is bad', async () => {
    const el = await mountFunnel();
    const failure = async (run: () => Promise<Blob>) => {
      try {
        await run();
      } catch (error) {
        return error as Error;
      }
      throw new Error('toImage() resolved');
    };
    let error = await failure(() => el.toImage());
    expect(error).to.be.instanceOf(Error);
    expect(error.message).to.equal('<city-closure-funnel>: nothing to draw (no data, no stages or no size)');
    el.preset = 'city-management';
    el.data = { cases: cityManagementCases() };
    for (const scale of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
      error = await failure(() => el.toImage({ scale }));
      expect(error.message).to.equal(`<city-closure-funnel>: toImage() scale must be a positive number, got ${String(scale)}`);
    }
    expect((await el.toImage({ scale: 1 })).type).to.equal('image/png');
  });

  it('city-stage-select carries id; clicking the selected stage again clears it with id null', async () => {
    const el = await mountFunnel((e) => {
      e.preset = 'city-management';
      e.data = { cases: cityManagementCases() };
    });
    const details: CityStageSelectDetail[] = [];
    el.addEventListener('city-stage-select', (e) => details.push(e.detail));
    const click = (i: number) => stageGroups(el)[i].querySelector('rect.hit')!.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true }));
    click(6);
    await el.rendered();
    expect(details.map((d) => [d.id, d.stage, d.index, d.label, d.caseIds])).to.deep.equal([['evaluate', 'evaluate', 6, '综合评价', ['c0']]]);
    expect(details[0].metrics).to.equal(el.metrics!.stages[6]);
    expect(stageGroups(el).map((g) => g.getAttribute('aria-pressed'))).to.deep.equal(['false', 'false', 'false', 'false', 'false', 'false', 'true']);
    click(6);
    await el.rendered();
    expect(details.slice(1)).to.deep.equal([CLEARED]);
    expect(stageGroups(el).map((g) => g.getAttribute('aria-pressed'))).to.deep.equal(CM_KEYS.map(() => 'false'));
    expect(shadow(el).querySelectorAll('g.stage.selected').length).to.equal(0);
  });

  it('Escape on a stage clears the selection (id null), and fires nothing when none is selected', async () => {
    const el = await mountFunnel((e) => {
      e.preset = 'city-management';
      e.data = { cases: cityManagementCases() };
    });
    const details: CityStageSelectDetail[] = [];
    el.addEventListener('city-stage-select', (e) => details.push(e.detail));
    const key = (i: number, k: string) => stageGroups(el)[i].dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, composed: true }));
    key(2, 'Escape');
    await el.rendered();
    expect(details).to.deep.equal([]);
    key(2, 'Enter');
    await el.rendered();
    expect(details.map((d) => d.id)).to.deep.equal(['dispatch']);
    expect(stageGroups(el)[2].classList.contains('selected')).to.equal(true);
    key(2, 'Escape');
    await el.rendered();
    expect(details.slice(1)).to.deep.equal([CLEARED]);
    expect(stageGroups(el)[2].getAttribute('aria-pressed')).to.equal('false');
  });

  it('new data without the selected stage clears it (id null); with it, fires the stage again with the new cases', async () => {
    const el = await mountFunnel((e) => {
      e.preset = 'city-management';
      e.data = { cases: cityManagementCases() };
    });
    const details: CityStageSelectDetail[] = [];
    el.addEventListener('city-stage-select', (e) => details.push(e.detail));
    el.selectStage(6);
    await el.rendered();
    expect(details.map((d) => [d.id, d.caseIds])).to.deep.equal([['evaluate', ['c0']]]);
    // Still there: the selection stays and listeners get the stage's new figures.
    el.data = { cases: cityManagementCases([100, 90, 80, 70, 60, 50, 3]) };
    await el.rendered();
    expect(details.slice(1).map((d) => [d.id, d.index, d.caseIds, d.metrics?.reached])).to.deep.equal([['evaluate', 6, ['c0', 'c1', 'c2'], 3]]);
    expect(details[1].metrics).to.equal(el.metrics!.stages[6]);
    // Gone (custom stages without "evaluate"): cleared.
    el.stages = ['report', 'file', 'dispatch'];
    await el.rendered();
    expect(details.slice(2)).to.deep.equal([CLEARED]);
    expect(shadow(el).querySelectorAll('g.stage[aria-pressed="true"]').length).to.equal(0);
    // No selection: new data fires nothing.
    el.data = { cases: cityManagementCases([10, 9, 8, 7, 6, 5, 4]) };
    await el.rendered();
    expect(details.length).to.equal(3);
    // selectStage(null) clears; an index with no stage clears too, and does nothing when nothing is selected.
    el.selectStage(1);
    el.selectStage(null);
    el.selectStage(99);
    await el.rendered();
    expect(details.slice(3).map((d) => d.id)).to.deep.equal(['file', null]);
  });
});
