// <city-life-circle>'s own-data import through the public contract: files dropped on the element
// (a DataTransfer of Files) or chosen, the mapping step, "use these", then the analysis.
import { expect } from 'chai';
import '../../src/life-circle/index';
import { analyzeLifeCircle } from '../../src/life-circle/index';
import type { CityDataImportDetail, CityLifeCircle } from '../../src/life-circle/index';
import type { CityErrorDetail, CityProgressDetail } from '../../src/core/events';
import { convertLonLat } from '../../src/core/crs';
import { collectEvents, runAxe, unmount } from '../helpers/index';
import { WGS84_PRJ, encodeGbk, shapefileEntries, toCsv, zip } from '../fixtures/life-circle-import/build';
import { PROFILE, expectSameResult, mountLifeCircle, street } from './element-fixtures';

type Feature = { geometry: { coordinates: [number, number] | [number, number][] }; properties: Record<string, unknown> };
const label = (key: string) => PROFILE.categories.find((c) => c.key === key)!.label['zh-CN'];

/** The street fixture as a planner's spreadsheets: Chinese headers, categories by their Chinese names. */
function streetCsv() {
  const data = street();
  const residences = toCsv([
    ['编号', '小区名称', '经度', '纬度', '户籍人口'],
    ...(data.residences.features as Feature[]).map(({ geometry, properties: p }: Feature) => [p.id as string, p.name as string, ...(geometry.coordinates as [number, number]), p.population as number]),
  ]);
  const facilities = toCsv([
    ['编号', '设施名称', '设施类型', 'lng', 'lat'],
    ...(data.facilities.features as Feature[]).map(({ geometry, properties: p }: Feature) => [p.id as string, p.name as string, label(p.category as string), ...(geometry.coordinates as [number, number])]),
  ]);
  return { data, residences, facilities };
}

function drop(el: HTMLElement, files: File[]): void {
  const transfer = new DataTransfer();
  for (const file of files) transfer.items.add(file);
  el.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, composed: true, cancelable: true }));
}

const step = (el: CityLifeCircle) => el.shadowRoot!.querySelector<HTMLElement>('[part="import"]');
const sourceCards = (el: CityLifeCircle) => [...step(el)!.querySelectorAll<HTMLFieldSetElement>('fieldset.import-source')];
const selectValue = (card: Element, selector: string) => card.querySelector<HTMLSelectElement>(selector)!.value;

async function useThese(el: CityLifeCircle): Promise<void> {
  step(el)!.querySelector<HTMLButtonElement>('[data-action="apply"]')!.click();
  await el.rendered();
}

function setUp(el: CityLifeCircle): void {
  el.profile = PROFILE;
  el.level = 5;
}

describe('<city-life-circle> import', () => {
  let el: CityLifeCircle;
  afterEach(() => unmount(el));

  it('reads GBK CSVs with Chinese headers dropped on it, proposes roles and columns, and analyses them as the equivalent GeoJSON', async () => {
    el = mountLifeCircle<CityLifeCircle>(900, 560, { lang: 'en' });
    setUp(el);
    const { data, residences, facilities } = streetCsv();
    el.roads = data.roads;
    const imports = collectEvents<CityDataImportDetail>(el, 'city-data-import');
    const progress = collectEvents<CityProgressDetail>(el, 'city-progress');
    drop(el, [new File([encodeGbk(residences)], '小区.csv'), new File([encodeGbk(facilities)], '配套设施.csv')]);
    await el.rendered();

    // The mapping step: one card per file, with what was detected.
    const cards = sourceCards(el);
    expect(cards.map((card) => card.querySelector('h4')!.textContent)).to.deep.equal(['小区.csv', '配套设施.csv']);
    expect(cards.map((card) => selectValue(card, '[data-choice="role"]'))).to.deep.equal(['residences', 'facilities']);
    expect(cards.map((card) => selectValue(card, '[data-choice="encoding"]'))).to.deep.equal(['gb18030', 'gb18030']);
    expect(cards.map((card) => selectValue(card, '[data-choice="crs"]'))).to.deep.equal(['wgs84', 'wgs84']);
    const fields = (card: Element) => [...card.querySelectorAll<HTMLSelectElement>('select[data-field]')].map((s) => [s.dataset.field, s.selectedOptions[0]!.textContent!.trim()]);
    expect(fields(cards[0]!)).to.deep.equal([
      ['id', '编号'],
      ['name', '小区名称'],
      ['lon', '经度'],
      ['lat', '纬度'],
      ['wkt', '(not used)'],
      ['population', '户籍人口'],
      ['street', '(not used)'],
      ['grid', '(not used)'],
    ]);
    expect(fields(cards[1]!).slice(0, 5)).to.deep.equal([
      ['id', '编号'],
      ['name', '设施名称'],
      ['lon', 'lng'],
      ['lat', 'lat'],
      ['wkt', '(not used)'],
    ]);
    expect(cards[0]!.querySelector('.preview tbody tr')!.textContent).to.contain('阳光, "花园"');
    expect(el.result).to.equal(null);

    await useThese(el);
    expect(step(el)).to.equal(null);
    // The files became the element's inputs, exactly the fixture's GeoJSON.
    expect(el.residences).to.deep.equal(data.residences);
    expect(el.facilities).to.deep.equal(data.facilities);
    expectSameResult(el, data);
    expect(imports.events.map((e) => [e.detail.role, e.detail.name, e.detail.format, e.detail.rows, e.detail.kept])).to.deep.equal([
      ['residences', '小区.csv', 'csv', 3, 3],
      ['facilities', '配套设施.csv', 'csv', 4, 4],
    ]);
    const importProgress = progress.events.map((e) => e.detail).filter((d) => d.phase === 'import');
    expect(importProgress.at(-1)).to.deep.equal({ done: 7, total: 7, phase: 'import' });
    expect(el.errors).to.deep.equal([]);
  });

  it('reads a zipped Shapefile (GBK attributes without .cpg, a .prj, a road layer) to the same result as the GeoJSON', async () => {
    el = mountLifeCircle<CityLifeCircle>(900, 560, { lang: 'zh-CN' });
    setUp(el);
    const data = street();
    const residences = shapefileEntries(
      '住宅',
      [
        { name: '编号', type: 'C', length: 8 },
        { name: '名称', type: 'C', length: 30 },
        { name: '人口', type: 'N', length: 8 },
      ],
      (data.residences.features as Feature[]).map(({ geometry, properties: p }: Feature) => ({ shape: geometry.coordinates as [number, number], values: [p.id as string, p.name as string, p.population as number] })),
      { encoding: 'gbk' },
    );
    const facilities = shapefileEntries(
      '设施',
      [
        { name: 'ID', type: 'C', length: 8 },
        { name: 'NAME', type: 'C', length: 30 },
        { name: 'TYPE', type: 'C', length: 30 },
      ],
      (data.facilities.features as Feature[]).map(({ geometry, properties: p }: Feature) => ({ shape: geometry.coordinates as [number, number], values: [p.id as string, p.name as string, p.category as string] })),
      { prj: WGS84_PRJ, cpg: 'UTF-8' },
    );
    const roads = shapefileEntries(
      '道路',
      [{ name: 'ID', type: 'C', length: 8 }],
      (data.roads.features as Feature[]).map(({ geometry, properties: p }: Feature) => ({ shape: [geometry.coordinates as [number, number][]], values: [p.id as string] })),
    );
    drop(el, [new File([zip([...residences, ...facilities, ...roads])], '街区.zip')]);
    await el.rendered();
    const cards = sourceCards(el);
    expect(cards.map((card) => card.querySelector('h4')!.textContent)).to.deep.equal(['街区.zip/住宅', '街区.zip/设施', '街区.zip/道路']);
    expect(cards.map((card) => selectValue(card, '[data-choice="role"]'))).to.deep.equal(['residences', 'facilities', 'roads']);
    expect(cards.map((card) => card.querySelector('.crs-hint')!.textContent!.trim())).to.deep.equal([
      '文件未说明坐标系：按 WGS-84（GPS） 处理，请核对',
      '由 设施.prj 确定：WGS-84（GPS）',
      '文件未说明坐标系：按 WGS-84（GPS） 处理，请核对',
    ]);
    expect(cards[0]!.querySelector('.field .value')!.textContent).to.equal('GBK / GB18030');
    expect(cards[0]!.querySelector('.preview tbody tr')!.textContent).to.contain('阳光, "花园"');

    await useThese(el);
    expect((el.residences as { features: Feature[] }).features.map((f) => f.properties)).to.deep.equal((data.residences.features as Feature[]).map((f: Feature) => f.properties));
    expectSameResult(el, data);
  });

  it('reports bad rows by file, row and column, keeps the good ones, and takes "__proto__" as an id', async () => {
    el = mountLifeCircle<CityLifeCircle>(900, 560, { lang: 'en' });
    setUp(el);
    const { data, facilities } = streetCsv();
    el.roads = data.roads;
    const [h1, h2, h3] = data.residences.features as Feature[];
    const coordinates = (f: Feature) => f.geometry.coordinates as [number, number];
    const residences = toCsv([
      ['id', 'name', 'lon', 'lat', 'population'],
      ['__proto__', 'first', ...coordinates(h1!), 100],
      ['h2', 'second', ...coordinates(h2!), '1,200'],
      ['bad-lon', 'x', 'abc', coordinates(h3!)[1], 5],
      ['h3', 'third', ...coordinates(h3!), 'many'],
      ['h2', 'again', ...coordinates(h2!), 7],
    ]);
    const errors = collectEvents<CityErrorDetail>(el, 'city-error');
    drop(el, [new File([residences], 'homes.csv', { type: 'text/csv' }), new File([encodeGbk(facilities)], 'facilities.csv')]);
    await el.rendered();
    expect(selectValue(sourceCards(el)[0]!, '[data-choice="encoding"]')).to.equal('utf-8');
    await useThese(el);

    const report = errors.events.map((e) => e.detail).find((d) => d.issues.some((i) => i.path.startsWith('homes.csv')))!;
    expect(report.code).to.equal('invalid-data');
    expect(report.issues.map((i) => [i.path, i.severity, i.code, i.params])).to.deep.equal([
      ['homes.csv:4:lon', 'error', 'not-a-number', { row: 4, column: 'lon', value: '"abc"' }],
      ['homes.csv:5:population', 'warning', 'not-a-number', { row: 5, column: 'population', value: '"many"' }],
      ['homes.csv:6:id', 'error', 'duplicate-id', { row: 6, column: 'id', value: '"h2"' }],
    ]);
    expect(el.shadowRoot!.querySelector('.city-error')!.textContent).to.contain('homes.csv:4:lon');
    const result = el.result!;
    expect(Object.keys(result.residences)).to.deep.equal(['__proto__', 'h2', 'h3']);
    expect(Object.hasOwn(result.residences, '__proto__')).to.equal(true);
    expect(result.residences['__proto__']!.population).to.equal(100);
    expect(result.residences.h2!.population).to.equal(1200);
    expect(result.residences.h3!.population).to.equal(0);
    expect(result.summary.population).to.equal(1300);
  });

  it('opens the mapping step from "choose files", follows a changed role, column and CRS, and closes on Cancel', async () => {
    el = mountLifeCircle<CityLifeCircle>(900, 560, { lang: 'en' });
    setUp(el);
    // The drop hint and the button show while there is no data.
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part="drop-zone"]')).to.not.equal(null);
    const csv = toCsv([
      ['名称', 'gcj_lng', 'gcj_lat', '类别'],
      ['一幼', 116.4, 39.9, '幼儿园'],
    ]);
    const input = el.shadowRoot!.querySelector<HTMLInputElement>('input.import-input')!;
    const transfer = new DataTransfer();
    transfer.items.add(new File([csv], 'sites.csv'));
    input.files = transfer.files;
    input.dispatchEvent(new Event('change'));
    await el.rendered();
    const [card] = sourceCards(el);
    expect(selectValue(card!, '[data-choice="role"]')).to.equal('facilities');
    expect(selectValue(card!, '[data-choice="crs"]')).to.equal('gcj02');
    expect(card!.querySelector('.crs-hint')!.textContent!.trim()).to.equal('Column "gcj_lng" suggests GCJ-02 (AMap, Tencent)');
    expect(el.shadowRoot!.activeElement?.id).to.equal('life-import-title');

    const role = card!.querySelector<HTMLSelectElement>('[data-choice="role"]')!;
    role.value = 'residences';
    role.dispatchEvent(new Event('change'));
    await el.updateComplete;
    const fields = [...sourceCards(el)[0]!.querySelectorAll<HTMLSelectElement>('select[data-field]')].map((s) => s.dataset.field);
    expect(fields).to.deep.equal(['id', 'name', 'lon', 'lat', 'wkt', 'population', 'street', 'grid']);
    // Read again as GB 18030 (wrongly, here): the headers change, the chosen role stays.
    const encoding = sourceCards(el)[0]!.querySelector<HTMLSelectElement>('[data-choice="encoding"]')!;
    encoding.value = 'gb18030';
    encoding.dispatchEvent(new Event('change'));
    await el.updateComplete;
    const reread = sourceCards(el)[0]!;
    expect([...reread.querySelectorAll('.preview th')].map((th) => th.textContent)).to.deep.equal(['鍚嶇О', 'gcj_lng', 'gcj_lat', '绫诲埆']);
    expect([selectValue(reread, '[data-choice="role"]'), selectValue(reread, '[data-choice="encoding"]')]).to.deep.equal(['residences', 'gb18030']);
    expect(await runAxe(el)).to.deep.equal([]);
    step(el)!.querySelector<HTMLButtonElement>('[data-action="cancel"]')!.click();
    await el.updateComplete;
    expect(step(el)).to.equal(null);
    expect(el.residences).to.equal(undefined);
    // Focus returns to "choose files"; Escape closes the step as Cancel does.
    expect(el.shadowRoot!.activeElement?.textContent).to.equal('Choose files…');
    // The input was emptied after the first pick (so the same file can be picked again).
    expect(input.files!.length).to.equal(0);
    const again = new DataTransfer();
    again.items.add(new File([csv], 'sites.csv'));
    input.files = again.files;
    input.dispatchEvent(new Event('change'));
    await el.rendered();
    expect(step(el)).to.not.equal(null);
    step(el)!.querySelector('select')!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true }));
    await el.updateComplete;
    expect(step(el)).to.equal(null);
  });

  it('proposes the CRS in which a file\'s points lie along the loaded roads, and converts from it', async () => {
    el = mountLifeCircle<CityLifeCircle>(900, 560, { lang: 'en' });
    setUp(el);
    const { data, residences } = streetCsv();
    el.roads = data.roads;
    await el.rendered();
    // Facilities as an AMap export: GCJ-02, nothing in the names says so.
    const gcj = toCsv([
      ['id', 'name', 'category', 'lon', 'lat'],
      ...(data.facilities.features as Feature[]).map(({ geometry, properties: p }) => [p.id as string, p.name as string, p.category as string, ...convertLonLat(...(geometry.coordinates as [number, number]), 'wgs84', 'gcj02')]),
    ]);
    drop(el, [new File([encodeGbk(residences)], 'homes.csv'), new File([gcj], 'pois.csv')]);
    await el.rendered();
    const cards = sourceCards(el);
    expect(cards.map((card) => selectValue(card, '[data-choice="crs"]'))).to.deep.equal(['wgs84', 'gcj02']);
    expect(cards.map((card) => card.querySelector('.crs-hint')!.textContent!.trim())).to.deep.equal([
      'In WGS-84 (GPS), 100% of the points lie along the loaded roads',
      'In GCJ-02 (AMap, Tencent), 100% of the points lie along the loaded roads',
    ]);
    await useThese(el);
    const direct = analyzeLifeCircle(data, { profile: PROFILE, level: 5, mode: 'walk' });
    for (const [id, outcome] of Object.entries(direct.residences)) {
      const imported = el.result!.residences[id]!;
      expect([imported.score, imported.met]).to.deep.equal([outcome.score, outcome.met]);
      // GCJ-02 back to WGS-84 is exact to 1e-9° (≈ 0.1 mm).
      for (const [key, category] of Object.entries(outcome.categories)) expect(imported.categories[key]!.distance ?? -1).to.be.closeTo(category.distance ?? -1, 0.001);
    }
  });

  it('reports a file it cannot read and keeps the others', async () => {
    el = mountLifeCircle<CityLifeCircle>(900, 560, { lang: 'en' });
    setUp(el);
    const errors = collectEvents<CityErrorDetail>(el, 'city-error');
    drop(el, [new File(['{"type": "FeatureCollection", '], 'broken.geojson'), new File(['id,lon,lat,population\nh1,116.4,39.9,10\n'], 'homes.csv')]);
    await el.rendered();
    expect(errors.events.map((e) => [e.detail.code, e.detail.message])).to.deep.equal([
      ['parse-failed', `Could not read broken.geojson: not valid JSON: ${jsonError('{"type": "FeatureCollection", ')}`],
    ]);
    expect(sourceCards(el).map((card) => card.querySelector('h4')!.textContent)).to.deep.equal(['homes.csv']);
  });
});

function jsonError(text: string): string {
  try {
    JSON.parse(text);
    return '';
  } catch (error) {
    return (error as Error).message;
  }
}
