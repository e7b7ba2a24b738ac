import { expect } from 'chai';
import axe from 'axe-core';
import '../../src/life-circle/index';
import { analyzeLifeCircle } from '../../src/life-circle/index';
import type { CityLifeCircle, CityAnalysisCompleteDetail, CityResidenceSelectDetail } from '../../src/life-circle/index';
import type { LifeCirclePickingInfo } from '../../src/life-circle/index';
import type { CityMap } from '../../src/map/city-map';
import { clickAt, hoverAt, mapCanvas, nextEvent, nextFrame, pixelAt, project, unmount, waitFor } from '../helpers/index';
import { NAMES, PROFILE, analyzed, at, expectSameResult, fc, mountLifeCircle, pressKey, street } from './element-fixtures';

/** `rendered()` alone: the result is there and the map shows it (the pixel tests rely on it). */
async function ready(el: CityLifeCircle): Promise<CityMap> {
  await el.rendered();
  return el.map!;
}

function setUp(el: CityLifeCircle, data = street()): void {
  el.profile = PROFILE;
  el.level = 5;
  el.residences = data.residences;
  el.facilities = data.facilities;
  el.roads = data.roads;
}

const panel = (el: CityLifeCircle) => el.shadowRoot!.querySelector<HTMLElement>('[part="panel"]')!;

describe('<city-life-circle>', () => {
  let el: CityLifeCircle;
  afterEach(() => unmount(el));

  it('exposes the same result as analyzeLifeCircle and fires city-analysis-complete with its summary', async () => {
    el = mountLifeCircle<CityLifeCircle>(900, 520, { lang: 'en' });
    const complete = nextEvent<CityAnalysisCompleteDetail>(el, 'city-analysis-complete');
    const data = street();
    setUp(el, data);
    const event = await complete;
    const direct = expectSameResult(el, data);
    const result = el.result!;
    expect(event.detail).to.deep.equal({ summary: direct.summary, method: 'network', level: 5, mode: 'walk' });
    // Hand-computed (see element-fixtures.ts).
    expect(result.residences.h1!.score).to.equal(0.5);
    expect(result.residences.h2!.score).to.equal(1);
    expect(result.residences.h3!.score).to.equal(0);
    expect(result.residences.h1!.categories.kindergarten!.distance).to.be.closeTo(80, 0.01);
    expect(result.residences.h3!.categories['public-toilet']!.distance).to.be.closeTo(170, 0.01);
    expect(result.coverage.kindergarten!.share).to.equal(0.5);
    expect(result.summary.meanScore).to.be.closeTo(250 / 600, 1e-12);
    expect(result.summary.fullyServedPopulation).to.equal(200);
    // The panel shows the summary and one coverage row per category.
    await el.updateComplete;
    const rows = panel(el).querySelectorAll('table.coverage tbody tr');
    expect([...rows].map((r) => r.getAttribute('data-category'))).to.deep.equal(['kindergarten', 'convenience-store', 'public-toilet']);
    expect(rows[0]!.querySelector('.value')!.textContent).to.equal('50% · 300');
    expect(rows[1]!.querySelector('.value')!.textContent).to.equal('33.3% · 200');
    expect(Number(rows[0]!.querySelector('rect.fill')!.getAttribute('width'))).to.equal(48);
    expect(panel(el).querySelector('.method')!.textContent!.trim()).to.equal('Walking-network distances');
  });

  it('colours each residence by its score on the map, with a legend and a text tooltip', async () => {
    el = mountLifeCircle<CityLifeCircle>(900, 520, { lang: 'en' });
    setUp(el);
    const map = await ready(el);
    const colour = (x: number, y: number) => {
      const [px, py] = project(map, at(x, y));
      return pixelAt(map, px, py).slice(0, 3);
    };
    expect(colour(100, 20)).to.deep.equal([0xf2, 0xb7, 0x05]); // 1/2 → 50–75 %
    expect(colour(900, 20)).to.deep.equal([0x2e, 0x7d, 0x32]); // 2/2 → 100 %
    expect(colour(500, 250)).to.deep.equal([0xc6, 0x28, 0x28]); // 0/2 → < 25 %
    // The legend counts one residence per class used.
    const layer = el.shadowRoot!.querySelector('city-life-circle-layer')!;
    const legend = [...layer.shadowRoot!.querySelectorAll('[part="legend"] li')].map((li) => li.textContent!.replace(/\s+/g, ' ').trim());
    expect(legend).to.deep.equal(['100% 1', '75%–100% 0', '50%–75% 1', '25%–50% 0', '< 25% 1']);
    // Text-only tooltip on hover.
    const [x, y] = project(map, at(100, 20));
    await hoverAt(map, x, y);
    await layer.updateComplete;
    const tooltip = layer.shadowRoot!.querySelector('[part="tooltip"]')!;
    expect(tooltip.querySelector('.title')!.textContent).to.equal(NAMES.h1);
    expect([...tooltip.querySelectorAll('.line')].map((l) => l.textContent)).to.deep.equal(['Population 100', '1 of 2 met (50%)']);
    const png = await el.toImage();
    expect(png.type).to.equal('image/png');
  });

  it('selects a clicked residence: city-residence-select with its exact result, ✓/✗ rows and an isochrone', async () => {
    el = mountLifeCircle<CityLifeCircle>(900, 520, { lang: 'en' });
    setUp(el);
    const map = await ready(el);
    const [x, y] = project(map, at(100, 20));
    expect((map.deck!.pickObject({ x, y, radius: 0 }) as LifeCirclePickingInfo).target).to.deep.equal({ kind: 'residence', id: 'h1', row: 0 });
    const selected = nextEvent<CityResidenceSelectDetail>(el, 'city-residence-select');
    await clickAt(map, x, y);
    const event = await selected;
    expect(event.detail.id).to.equal('h1');
    expect(event.detail.result).to.equal(el.result!.residences.h1);
    expect(el.selected).to.equal('h1');
    await el.updateComplete;
    const detail = el.shadowRoot!.querySelector('[part="detail"]')!;
    expect(detail.querySelector('h3')!.textContent).to.contain(NAMES.h1);
    const items = [...detail.querySelectorAll('li')];
    expect(items.map((li) => [li.getAttribute('data-category'), li.querySelector('.mark')!.textContent])).to.deep.equal([
      ['kindergarten', '✓'],
      ['convenience-store', '✗'],
      ['public-toilet', '✗'],
    ]);
    expect(items[0]!.querySelector('.distance')!.textContent).to.equal('80 m · 1.1 min');
    expect(items[0]!.querySelector('.nearest')!.textContent).to.equal('nearest: 一幼');
    expect(items[1]!.querySelector('.distance')!.textContent).to.equal('none in range');
    expect(items[1]!.querySelector('.limit')!.textContent).to.equal('limit 300 m');
    // The isochrone comes from the worker on the same network: one band per distinct limit.
    await waitFor(() => el.isochrone !== null);
    expect(el.isochrone!.features.map((f) => f.properties.distance)).to.deep.equal([300]);
    expect(el.isochrone!.features[0]!.properties.reachable).to.equal(true);
    // Escape on the map clears the selection.
    const cleared = nextEvent<CityResidenceSelectDetail>(el, 'city-residence-select');
    map.shadowRoot!.querySelector('canvas')!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true }));
    expect((await cleared).detail).to.deep.equal({ id: null, result: null });
  });

  it('selects residences from the gap list with the keyboard', async () => {
    el = mountLifeCircle<CityLifeCircle>(900, 520, { lang: 'en' });
    setUp(el);
    await ready(el);
    const buttons = [...panel(el).querySelectorAll<HTMLButtonElement>('button.gap')];
    // Most missing first: h3 lacks both required categories, h1 one; h2 has none.
    expect(buttons.map((b) => b.dataset.id)).to.deep.equal(['h3', 'h1']);
    expect(buttons[0]!.querySelector('.gap-detail')!.textContent).to.equal('missing 2: Kindergarten, Convenience store');
    buttons[1]!.focus();
    const selected = nextEvent<CityResidenceSelectDetail>(el, 'city-residence-select');
    await pressKey('Enter');
    const event = await selected;
    expect(event.detail.id).to.equal('h1');
    expect(event.detail.result).to.equal(el.result!.residences.h1);
    await el.updateComplete;
    expect(panel(el).querySelector('button.gap[data-id="h1"]')!.getAttribute('aria-pressed')).to.equal('true');
    // Filtering by one category lists who lacks it, most people first.
    const select = panel(el).querySelector<HTMLSelectElement>('section[aria-labelledby="life-gaps"] select')!;
    select.value = 'public-toilet';
    select.dispatchEvent(new Event('change'));
    await el.updateComplete;
    expect([...panel(el).querySelectorAll<HTMLButtonElement>('button.gap')].map((b) => b.dataset.id)).to.deep.equal(['h2', 'h1']);
    expect(panel(el).querySelector('button.gap .gap-detail')!.textContent).to.equal('Public toilet none in range (limit 300 m)');
  });

  it('toggles categories and changes level with the keyboard alone', async () => {
    el = mountLifeCircle<CityLifeCircle>(900, 520, { lang: 'en' });
    setUp(el);
    await ready(el);
    panel(el).querySelector<HTMLInputElement>('tr[data-category="public-toilet"] input')!.focus();
    await pressKey('Space');
    await el.updateComplete;
    expect(el.hiddenCategories).to.deep.equal(['public-toilet']);
    panel(el).querySelector<HTMLInputElement>('input[name="level"][value="5"]')!.focus();
    await pressKey('ArrowRight');
    await el.updateComplete;
    expect(el.level).to.equal(10);
    expect((await analyzed(el))!.level).to.equal(10);
  });

  it('hides a category’s facilities when its toggle is cleared', async () => {
    el = mountLifeCircle<CityLifeCircle>();
    setUp(el);
    const map = await ready(el);
    const [x, y] = project(map, at(850, -10));
    const before = map.deck!.pickObject({ x, y, radius: 0 }) as LifeCirclePickingInfo;
    expect(before.target).to.deep.equal({ kind: 'facility', id: 'c1', row: 2 });
    const checkbox = panel(el).querySelector<HTMLInputElement>('tr[data-category="convenience-store"] input[type="checkbox"]')!;
    checkbox.click();
    await el.updateComplete;
    expect(el.hiddenCategories).to.deep.equal(['convenience-store']);
    await map.rendered();
    expect(map.deck!.pickObject({ x, y, radius: 0 })).to.equal(null);
    // The kindergarten next to it is still there.
    const [kx, ky] = project(map, at(880, -10));
    expect((map.deck!.pickObject({ x: kx, y: ky, radius: 0 }) as LifeCirclePickingInfo).target).to.deep.equal({ kind: 'facility', id: 'k2', row: 1 });
  });

  it('reads hidden-categories with ASCII or full-width commas; removing it shows every category', async () => {
    el = mountLifeCircle<CityLifeCircle>(900, 520, { lang: 'en', 'hidden-categories': 'convenience-store，public-toilet' });
    expect(el.hiddenCategories).to.deep.equal(['convenience-store', 'public-toilet']);
    setUp(el);
    await ready(el);
    const shown = () => [...panel(el).querySelectorAll<HTMLInputElement>('table.coverage input[type="checkbox"]')].map((box) => box.checked);
    expect(shown()).to.deep.equal([true, false, false]);
    el.removeAttribute('hidden-categories');
    await el.updateComplete;
    expect(el.hiddenCategories).to.equal(null);
    expect(shown()).to.deep.equal([true, true, true]);
  });

  it('suggests k sites for a category with the population each adds', async () => {
    el = mountLifeCircle<CityLifeCircle>(900, 520, { lang: 'en' });
    setUp(el);
    await ready(el);
    const select = panel(el).querySelector<HTMLSelectElement>('section[aria-labelledby="life-suggest"] select')!;
    expect([...select.options].map((o) => o.value)).to.deep.equal(['kindergarten', 'convenience-store', 'public-toilet']);
    select.value = 'convenience-store';
    select.dispatchEvent(new Event('change'));
    const k = panel(el).querySelector<HTMLInputElement>('section[aria-labelledby="life-suggest"] input[type="number"]')!;
    k.value = '2';
    k.dispatchEvent(new Event('change'));
    await el.updateComplete;
    panel(el).querySelector<HTMLButtonElement>('section[aria-labelledby="life-suggest"] button.primary')!.click();
    await waitFor(() => el.suggestion !== null);
    await el.updateComplete;
    const s = el.suggestion!;
    expect(s.category).to.equal('convenience-store');
    expect(s.uncoveredPopulation).to.equal(400); // h1 100 + h3 300
    // Junction (500,0) is 400 m from h1 and 250 m from h3: h3 first; then a site near h1.
    expect(s.sites.map((site) => [site.population, site.residenceIds])).to.deep.equal([
      [300, ['h3']],
      [100, ['h1']],
    ]);
    const items = [...panel(el).querySelectorAll('ol.sites li')];
    expect(items.map((li) => li.textContent!.replace(/\s+/g, ' ').trim())).to.deep.equal([
      '1 Site 1: +300 people (1 residences), 300 in total',
      '2 Site 2: +100 people (1 residences), 400 in total',
    ]);
  });

  it('exports the result as CSV with BOM, CRLF, RFC 4180 quoting and formula escaping', async () => {
    el = mountLifeCircle<CityLifeCircle>(900, 520, { lang: 'en' });
    setUp(el);
    await ready(el);
    const header =
      'id,name,population,score,required met,required,' +
      'Kindergarten distance (m),Kindergarten minutes,Kindergarten within,Kindergarten nearest facility,' +
      'Convenience store distance (m),Convenience store minutes,Convenience store within,Convenience store nearest facility,' +
      'Public toilet distance (m),Public toilet minutes,Public toilet within,Public toilet nearest facility';
    expect(el.toCsv('residences')).to.equal(
      '\uFEFF' +
        [
          header,
          'h1,"阳光, ""花园""",100,0.5,1,2,80,1.1,yes,k1,,,no,,,,no,',
          "h2,'=SUM(A1),200,1,2,2,50,0.7,yes,k2,80,1.1,yes,c1,,,no,",
          'h3,河畔小区,300,0,0,2,,,no,,,,no,,170,2.4,yes,t1',
        ].join('\r\n') +
        '\r\n',
    );
    expect(el.toCsv('coverage')).to.equal(
      '\uFEFF' +
        [
          'category,category name,required,limit (m),population covered,share,residences covered',
          'kindergarten,Kindergarten,yes,300,300,0.5,2',
          'convenience-store,Convenience store,yes,300,200,0.3333,1',
          'public-toilet,Public toilet,no,300,300,0.5,1',
        ].join('\r\n') +
        '\r\n',
    );
    el.lang = 'zh-CN';
    await el.updateComplete;
    expect(el.toCsv('gaps').split('\r\n').slice(0, 2)).to.deep.equal([
      '\uFEFF编号,名称,人口,类别,类别名称,必配,距离(米),限值(米)',
      'h1,"阳光, ""花园""",100,convenience-store,便利店,是,,300',
    ]);
  });

  it('re-runs on level and mode changes and cancels the run in flight', async () => {
    el = mountLifeCircle<CityLifeCircle>();
    setUp(el);
    await ready(el);
    const posted: { type: string; id: number }[] = [];
    const { postMessage } = Worker.prototype;
    Worker.prototype.postMessage = function (this: Worker, message: unknown, ...rest: unknown[]) {
      posted.push(message as { type: string; id: number });
      return (postMessage as (...args: unknown[]) => void).call(this, message, ...rest);
    } as Worker['postMessage'];
    const completed: CityAnalysisCompleteDetail[] = [];
    el.addEventListener('city-analysis-complete', (e) => completed.push(e.detail));
    try {
      el.mode = 'bike';
      await el.updateComplete;
      el.level = 10;
      await el.updateComplete;
      const result = await analyzed(el);
      const analyses = posted.filter((m) => m.type === 'analyze');
      expect(analyses).to.have.length(2);
      expect(posted.filter((m) => m.type === 'cancel').map((m) => m.id)).to.deep.equal([analyses[0]!.id]);
      expect(completed.map((d) => [d.level, d.mode])).to.deep.equal([[10, 'bike']]);
      expect(result!.level).to.equal(10);
      expect(el.result).to.equal(result);
      // Bike at level 5: limits scale by 250/72, so h1 now reaches the convenience store (780 m ≤ 1041.7 m).
      el.level = 5;
      const bike = (await analyzed(el))!;
      expect(bike.categories[0]!.limit).to.be.closeTo((300 * 250) / 72, 1e-9);
      expect(bike.residences.h1!.categories['convenience-store']!.within).to.equal(true);
      expect(JSON.stringify(bike.residences)).to.equal(
        JSON.stringify(analyzeLifeCircle(street(), { profile: PROFILE, level: 5, mode: 'bike' }).residences),
      );
      await el.updateComplete;
      expect(el.getAttribute('mode')).to.equal('bike');
      expect(panel(el).querySelector<HTMLInputElement>('input[name="mode"][value="bike"]')!.checked).to.equal(true);
    } finally {
      Worker.prototype.postMessage = postMessage;
    }
  });

  it('changes level and mode from the panel radios', async () => {
    el = mountLifeCircle<CityLifeCircle>();
    setUp(el);
    await ready(el);
    panel(el).querySelector<HTMLInputElement>('input[name="mode"][value="bike"]')!.click();
    await el.updateComplete;
    expect(el.mode).to.equal('bike');
    expect((await analyzed(el))!.mode).to.equal('bike');
    panel(el).querySelector<HTMLInputElement>('input[name="level"][value="15"]')!.click();
    await el.updateComplete;
    expect(el.level).to.equal(15);
    expect((await analyzed(el))!.level).to.equal(15);
  });

  it('analyses GCJ-02 input in WGS-84 and draws it where the WGS-84 data would be', async () => {
    const { convertCrs } = await import('../../src/core/crs');
    const data = street();
    el = mountLifeCircle<CityLifeCircle>();
    el.crs = 'gcj02';
    setUp(el, {
      residences: convertCrs(data.residences as never, 'wgs84', 'gcj02'),
      facilities: convertCrs(data.facilities as never, 'wgs84', 'gcj02'),
      roads: convertCrs(data.roads as never, 'wgs84', 'gcj02'),
    });
    const map = await ready(el);
    expect(el.result!.residences.h1!.categories.kindergarten!.distance).to.be.closeTo(80, 0.01);
    const [x, y] = project(map, at(900, 20));
    expect(pixelAt(map, x, y).slice(0, 3)).to.deep.equal([0x2e, 0x7d, 0x32]);
  });

  it('runs the same engine on the main thread when told to, or when the worker cannot start', async () => {
    const expected = JSON.stringify(analyzeLifeCircle(street(), { profile: PROFILE, level: 5 }).residences);
    const OriginalWorker = window.Worker;
    let started = 0;
    // A worker the page refuses (as under a strict CSP): its script errors out.
    class RefusedWorker extends EventTarget {
      constructor() {
        super();
        started++;
      }
      postMessage(): void {
        setTimeout(() => this.dispatchEvent(new ErrorEvent('error', { message: 'refused by policy' })), 0);
      }
      terminate(): void {}
    }
    window.Worker = RefusedWorker as unknown as typeof Worker;
    try {
      el = mountLifeCircle<CityLifeCircle>(900, 520, { 'no-worker': '' });
      setUp(el);
      expect(JSON.stringify((await analyzed(el))!.residences)).to.equal(expected);
      expect(started).to.equal(0);
      unmount(el);
      el = mountLifeCircle<CityLifeCircle>();
      setUp(el);
      const result = await analyzed(el);
      // The engine's worker, and on two or more cores the second one started with the analysis.
      expect(started).to.equal((navigator.hardwareConcurrency ?? 2) >= 2 ? 2 : 1);
      expect(el.errors).to.deep.equal([]);
      expect(JSON.stringify(result!.residences)).to.equal(expected);
      // Isochrones and site suggestions use the same fallback.
      expect((await el.suggestSites('kindergarten', 1))!.sites).to.have.length(1);
    } finally {
      window.Worker = OriginalWorker;
    }
  });

  it('follows the language and passes axe-core in both themes', async () => {
    el = mountLifeCircle<CityLifeCircle>(900, 520, { lang: 'zh-CN' });
    setUp(el);
    await ready(el);
    el.selectResidence('h3');
    await el.updateComplete;
    expect(panel(el).querySelector('h2')!.textContent).to.equal('15分钟生活圈分析');
    expect(panel(el).querySelector('.method')!.textContent!.trim()).to.equal('步行路网距离');
    const results = await axe.run(panel(el) as unknown as Element);
    expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).to.deep.equal([]);
    el.theme = 'dark';
    el.lang = 'en';
    await el.updateComplete;
    await nextFrame();
    expect(panel(el).querySelector('h2')!.textContent).to.equal('15-minute life circle');
    const dark = await axe.run(panel(el) as unknown as Element);
    expect(dark.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).to.deep.equal([]);
  });
});

describe('<city-life-circle> contract: rendered(), toImage(), selection clearing', () => {
  let el: CityLifeCircle;
  afterEach(() => unmount(el));

  const rejection = async (promise: Promise<unknown>): Promise<string> => {
    try {
      await promise;
    } catch (error) {
      return (error as Error).message;
    }
    throw new Error('did not reject');
  };

  it('rendered() waits for the selected residence\'s isochrone; dropping that residence from the data clears the selection with id null', async () => {
    el = mountLifeCircle<CityLifeCircle>(900, 520, { lang: 'en' });
    setUp(el);
    await el.rendered();
    el.selectResidence('h1');
    await el.rendered();
    expect(el.isochrone!.features.map((f) => f.properties.distance)).to.deep.equal([300]);
    const events: CityResidenceSelectDetail[] = [];
    el.addEventListener('city-residence-select', (e) => events.push(e.detail));
    const data = street();
    el.residences = fc(data.residences.features.filter((f) => (f as { properties: { id: string } }).properties.id !== 'h1'));
    await el.rendered();
    expect(events).to.deep.equal([{ id: null, result: null }]);
    expect(el.selected).to.equal(undefined);
    expect(el.isochrone).to.equal(null);
    expect(Object.keys(el.result!.residences)).to.deep.equal(['h2', 'h3']);
    // A residence still in the new data stays selected, without an event.
    el.selectResidence('h2');
    events.length = 0;
    el.residences = street().residences;
    await el.rendered();
    expect(events).to.deep.equal([]);
    expect(el.selected).to.equal('h2');
    expect(el.isochrone!.features[0]!.properties.origin).to.deep.equal(at(900, 20));
    // Residences taken away: no result, selection cleared.
    el.residences = undefined;
    await el.rendered();
    expect(events).to.deep.equal([{ id: null, result: null }]);
    expect(el.result).to.equal(null);
    expect(el.selected).to.equal(undefined);
  });

  it('a click on the map beside the residences and facilities clears the selection with id null; a facility or a drag keeps it', async () => {
    el = mountLifeCircle<CityLifeCircle>(900, 520, { lang: 'en' });
    setUp(el);
    const map = await ready(el);
    el.selectResidence('h1');
    await el.rendered();
    const events: CityResidenceSelectDetail[] = [];
    el.addEventListener('city-residence-select', (e) => events.push(e.detail));
    await clickAt(map, ...project(map, at(150, -10))); // facility k1
    expect(events).to.deep.equal([]);
    expect(el.selected).to.equal('h1');
    const [x, y] = project(map, at(300, 200)); // nothing but (maybe) the isochrone there
    await clickAt(map, x, y);
    expect(events).to.deep.equal([{ id: null, result: null }]);
    expect(el.selected).to.equal(undefined);
    await clickAt(map, x, y); // nothing selected: nothing to clear
    expect(events).to.deep.equal([{ id: null, result: null }]);
    // A pointer that travelled (a pan) between down and click is not a tap.
    el.selectResidence('h2');
    events.length = 0;
    const canvas = mapCanvas(map);
    const rect = canvas.getBoundingClientRect();
    canvas.dispatchEvent(new PointerEvent('pointerdown', { bubbles: true, composed: true, clientX: rect.left + x - 40, clientY: rect.top + y }));
    canvas.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true, clientX: rect.left + x, clientY: rect.top + y }));
    expect(events).to.deep.equal([]);
    expect(el.selected).to.equal('h2');
  });

  it('toImage({scale}) is the map at its size × scale, with the residences drawn; rejects naming the element when nothing can be drawn', async () => {
    el = mountLifeCircle<CityLifeCircle>(900, 520, { lang: 'en' });
    setUp(el);
    const map = await ready(el);
    // 900 px wide, the panel takes 36 % (324 px).
    expect([map.clientWidth, map.clientHeight]).to.deep.equal([576, 520]);
    const one = await createImageBitmap(await el.toImage({ scale: 1 }));
    expect([one.width, one.height]).to.deep.equal([576, 520]);
    const two = await createImageBitmap(await el.toImage({ scale: 2 }));
    expect([two.width, two.height]).to.deep.equal([1152, 1040]);
    const canvas = document.createElement('canvas');
    canvas.width = one.width;
    canvas.height = one.height;
    const context = canvas.getContext('2d')!;
    context.drawImage(one, 0, 0);
    const [x, y] = project(map, at(900, 20));
    expect([...context.getImageData(Math.round(x), Math.round(y), 1, 1).data.slice(0, 3)]).to.deep.equal([0x2e, 0x7d, 0x32]); // h2: 2/2
    expect(await rejection(el.toImage({ scale: 0 }))).to.match(/^<city-life-circle>: /);
    el.remove();
    expect(await rejection(el.toImage())).to.match(/^<city-life-circle>: /);
    const detached = document.createElement('city-life-circle');
    expect(await rejection(detached.toImage({ scale: 1 }))).to.match(/^<city-life-circle>: /);
  });
});
