import { expect } from 'chai';
import { analyzeLifeCircle, validateLifeCircleInput } from '../../src/life-circle/engine/index';
import type { LifeCircleResult } from '../../src/life-circle/engine/index';
import { convertCrs } from '../../src/core/crs';
import { residenceOutcome } from '../../src/life-circle/engine/result';
import { IssueCollector } from '../../src/core/validation';
import { translate } from '../../src/core/i18n';
import '../../src/life-circle/panel/strings';
import { CATEGORY_PALETTE, categoryColors, scoreClass, scoreColor, scoreColorColumn, scoreLegendClasses } from '../../src/life-circle/view/colors';
import { CSV_BOM, csvFileName, csvRows, toCsv } from '../../src/life-circle/view/csv';
import { convertCollection, levelConverter } from '../../src/life-circle/view/input';
import { listConverter } from '../../src/core/converters';
import { checkAttributes } from '../../src/life-circle/view/attributes';
import { localizableIssues } from '../../src/life-circle/view/issues';
import { ALL_RESIDENCES, allResidences, coverageRows, gapResidences, isochroneDistances, residenceDetail, suggestableCategories } from '../../src/life-circle/view/report';
import { buildScene, facilityCounts, residenceRadius, sceneScores, visibleFacilityRows } from '../../src/life-circle/view/scene';
import { barWidth } from '../../src/life-circle/panel/coverage-chart';
import { describeTarget, facilityLinks, scoreLegend } from '../../src/life-circle/view/map-model';
import { NAMES, PROFILE, at, fc, home, place, street } from './element-fixtures';


const en = (key: string, params?: Record<string, string | number>) => translate('en', key, params);
const zh = (key: string, params?: Record<string, string | number>) => translate('zh-CN', key, params);

function analysed(): LifeCircleResult {
  return analyzeLifeCircle(street(), { profile: PROFILE, level: 5 });
}

describe('life-circle view: colours', () => {
  it('classes scores with fixed breaks 25/50/75/100 % and a theme grey for no score', () => {
    const cases: [number | null, number, string][] = [
      [0, 0, '#c62828'],
      [0.2499, 0, '#c62828'],
      [0.25, 1, '#ef6c00'],
      [0.5, 2, '#f2b705'],
      [0.75, 3, '#7cb342'],
      [0.9999, 3, '#7cb342'],
      [1, 4, '#2e7d32'],
      [null, -1, '#9aa1ad'],
    ];
    for (const [score, cls, color] of cases) {
      expect(scoreClass(score), String(score)).to.equal(cls);
      expect(scoreColor(score), String(score)).to.equal(color);
    }
    expect(scoreColor(NaN, 'dark')).to.equal('#5d6b80');
    expect(Array.from(scoreColorColumn([1, NaN, 0.3]))).to.deep.equal([46, 125, 50, 255, 154, 161, 173, 255, 239, 108, 0, 255]);
    expect(scoreLegendClasses().map((c) => [c.from, c.to])).to.deep.equal([
      [1, 1],
      [0.75, 1],
      [0.5, 0.75],
      [0.25, 0.5],
      [0, 0.25],
    ]);
  });

  it('gives categories colours by position within their level, so one level never repeats a colour', () => {
    const colors = categoryColors([
      { key: 'a', level: 15 },
      { key: 'b', level: 15 },
      { key: 'c', level: 5 },
      { key: 'd', level: 5 },
      { key: 'e', level: 5 },
    ]);
    expect([...colors]).to.deep.equal([
      ['a', CATEGORY_PALETTE[0]],
      ['b', CATEGORY_PALETTE[1]],
      ['c', CATEGORY_PALETTE[0]],
      ['d', CATEGORY_PALETTE[1]],
      ['e', CATEGORY_PALETTE[2]],
    ]);
    expect(new Set(CATEGORY_PALETTE).size).to.equal(20);
  });
});

describe('life-circle view: CSV', () => {
  it('quotes per RFC 4180, escapes formulas, ends rows with CRLF and starts with a BOM', () => {
    expect(
      toCsv([
        ['a', 'b,c', 'say "hi"', 'two\nlines', 'cr\rhere'],
        [1.5, null, undefined, true, NaN],
        ['=1+1', '+86 138', '-x', '@cmd', '\tx', 'plain-text'],
        [-3, 0],
      ]),
    ).to.equal(
      `${CSV_BOM}a,"b,c","say ""hi""","two\nlines","cr\rhere"\r\n` + `1.5,,,true,\r\n` + `'=1+1,'+86 138,'-x,'@cmd,'\tx,plain-text\r\n` + `-3,0\r\n`,
    );
    expect(toCsv([])).to.equal(CSV_BOM);
  });

  it('builds residence, gap and coverage rows from a result', () => {
    const result = analysed();
    const names = { residence: (id: string) => (NAMES as Record<string, string>)[id] ?? null };
    const residences = csvRows('residences', result, 'zh-CN', zh, names);
    expect(residences[0]).to.deep.equal([
      '编号', '名称', '人口', '达标率', '达标必配项', '必配项数',
      '幼儿园 距离(米)', '幼儿园 用时(分钟)', '幼儿园 达标', '幼儿园 最近设施',
      '便利店 距离(米)', '便利店 用时(分钟)', '便利店 达标', '便利店 最近设施',
      '公共厕所 距离(米)', '公共厕所 用时(分钟)', '公共厕所 达标', '公共厕所 最近设施',
    ]);
    expect(residences[2]).to.deep.equal(['h2', '=SUM(A1)', 200, 1, 2, 2, 50, 0.7, '是', 'k2', 80, 1.1, '是', 'c1', null, null, '否', '']);
    const gaps = csvRows('gaps', result, 'en', en, names);
    expect(gaps.slice(1)).to.deep.equal([
      ['h1', NAMES.h1, 100, 'convenience-store', 'Convenience store', 'yes', null, 300],
      ['h1', NAMES.h1, 100, 'public-toilet', 'Public toilet', 'no', null, 300],
      ['h2', NAMES.h2, 200, 'public-toilet', 'Public toilet', 'no', null, 300],
      ['h3', NAMES.h3, 300, 'kindergarten', 'Kindergarten', 'yes', null, 300],
      ['h3', NAMES.h3, 300, 'convenience-store', 'Convenience store', 'yes', null, 300],
    ]);
    expect(csvFileName('gaps', result, en)).to.equal('life-circle-5min-walk-gaps.csv');
    expect(csvFileName('residences', result, zh)).to.equal('生活圈分析-5min-walk-residences.csv');
  });
});

describe('life-circle view: report', () => {
  it('coverage rows in profile order with colours, toggles and facility counts', () => {
    const result = analysed();
    const colors = new Map([['kindergarten', '#111111']]);
    const rows = coverageRows(result, 'zh-CN', colors, new Set(['public-toilet']), new Map([['kindergarten', 2]]));
    expect(rows.map((r) => [r.key, r.label, r.required, r.limit, r.population, r.share, r.residences, r.facilities, r.color, r.visible])).to.deep.equal([
      ['kindergarten', '幼儿园', true, 300, 300, 0.5, 2, 2, '#111111', true],
      ['convenience-store', '便利店', true, 300, 200, 200 / 600, 1, 0, '#888888', true],
      ['public-toilet', '公共厕所', false, 300, 300, 0.5, 1, 0, '#888888', false],
    ]);
    expect(barWidth(0.5)).to.equal(48);
    expect(barWidth(1.2)).to.equal(96);
    expect(barWidth(NaN)).to.equal(0);
  });

  it('sorts the gap list: most required gaps, then most people, then id; per category: most people, then farthest', () => {
    // Four homes on one road; a kindergarten at x = 0 and a store at x = 0 (limit 300 m).
    const data = {
      residences: fc([home('a', 'A', 100, 0, 50), home('b', 'B', 400, 0, 50), home('c', 'C', 600, 0, 80), home('d', 'D', 250, 0, 50)]),
      facilities: fc([place('k', 'K', 'kindergarten', 0, 0), place('s', 'S', 'convenience-store', 350, 0)]),
      roads: fc([{ type: 'Feature', geometry: { type: 'LineString', coordinates: [at(0, 0), at(1000, 0)] }, properties: { id: 'r' } }]),
    };
    const result = analyzeLifeCircle(data, { profile: PROFILE, level: 5 });
    // a: K 100 ✓, S 250 ✓.  b: K 400 ✗, S 50 ✓.  c: K 600 ✗, S 250 ✓.  d: K 250 ✓, S 100 ✓.
    const rows = gapResidences(result, 'en', (id) => id.toUpperCase());
    expect(rows.map((r) => [r.id, r.name, r.population, r.missing.map((m) => m.category)])).to.deep.equal([
      ['c', 'C', 80, ['kindergarten']],
      ['b', 'B', 50, ['kindergarten']],
    ]);
    const toilets = gapResidences(result, 'en', () => null, 'public-toilet');
    expect(toilets.map((r) => r.id)).to.deep.equal(['c', 'a', 'b', 'd']);
    const everyone = allResidences(result, 'en', () => null);
    expect(everyone.map((r) => [r.id, r.score])).to.deep.equal([
      ['c', 0.5],
      ['b', 0.5],
      ['a', 1],
      ['d', 1],
    ]);
    expect(ALL_RESIDENCES).to.equal('*');
  });

  it('reads one residence and the gap lists from the columns exactly as the result objects give them', () => {
    const data = {
      residences: fc([home('a', 'A', 100, 0, 50), home('__proto__', 'P', 400, 0, 50), home('c', 'C', 600, 0, 80), home('a', 'A2', 250, 0, 50)]),
      facilities: fc([place('k', 'K', 'kindergarten', 0, 0), place('s', 'S', 'convenience-store', 350, 0)]),
      roads: fc([{ type: 'Feature', geometry: { type: 'LineString', coordinates: [at(0, 0), at(1000, 0)] }, properties: { id: 'r' } }]),
    };
    const result = analyzeLifeCircle(data, { profile: PROFILE, level: 5 });
    const ids = [...new Set(result.columns.residenceIds)];
    expect(ids.length).to.be.greaterThan(1);
    for (const id of ids) expect(residenceOutcome(result, id), id).to.deep.equal(result.residences[id]);
    expect([residenceOutcome(result, 'nowhere'), residenceOutcome(result, 'constructor')]).to.deep.equal([undefined, undefined]);
    // The gap lists, from the result's gap objects the old way.
    const fromGaps = (category: string | null) => {
      const byResidence = new Map<string, [string, number | null][]>();
      for (const gap of result.gaps) {
        if (category !== null ? gap.category !== category : !gap.required) continue;
        byResidence.set(gap.residence, [...(byResidence.get(gap.residence) ?? []), [gap.category, gap.distance]]);
      }
      return byResidence;
    };
    for (const category of [null, 'kindergarten', 'public-toilet']) {
      const rows = gapResidences(result, 'en', () => null, category);
      const expected = fromGaps(category);
      expect(rows.length).to.equal(expected.size);
      for (const row of rows) expect(row.missing.map((m) => [m.category, m.distance])).to.have.deep.members(expected.get(row.id)!);
    }
  });

  it('details one residence with ✓/✗, distances, minutes, limits and nearest facility names', () => {
    const result = analysed();
    const detail = residenceDetail(result, 'h3', 'en', (id) => `name ${id}`, (id) => (id === 't1' ? '公厕' : null))!;
    expect(detail).to.deep.include({ id: 'h3', name: 'name h3', population: 300, score: 0, met: 0, required: 2, unreachable: false });
    expect(detail.rows.map((r) => [r.key, r.within, r.distance === null ? null : Math.round(r.distance), r.limit, r.facilityName])).to.deep.equal([
      ['kindergarten', false, null, 300, null],
      ['convenience-store', false, null, 300, null],
      ['public-toilet', true, 170, 300, '公厕'],
    ]);
    expect(detail.rows[2]!.minutes).to.be.closeTo(170 / 72, 1e-6);
    expect(residenceDetail(result, 'nobody', 'en', () => null, () => null)).to.equal(null);
    expect(isochroneDistances(result)).to.deep.equal([300]);
    expect(suggestableCategories(result, 'zh-CN')).to.deep.equal([
      { key: 'kindergarten', label: '幼儿园', required: true },
      { key: 'convenience-store', label: '便利店', required: true },
      { key: 'public-toilet', label: '公共厕所', required: false },
    ]);
  });

  it('flags a residence off the network as unreachable', () => {
    const data = street();
    data.residences.features.push(home('far', 'Far', 100, 2000, 10));
    const result = analyzeLifeCircle(data, { profile: PROFILE, level: 5 });
    expect(residenceDetail(result, 'far', 'en', () => null, () => null)!.unreachable).to.equal(true);
    expect(residenceDetail(result, 'h1', 'en', () => null, () => null)!.unreachable).to.equal(false);
  });

  it('lists each distinct limit of the run for the isochrone (bike scales them)', () => {
    const result = analyzeLifeCircle(street(), { level: 15, mode: 'bike' });
    expect(isochroneDistances(result).map((d) => Math.round(d * 1000) / 1000)).to.deep.equal([2777.778, 3472.222]);
  });
});

describe('life-circle view: input and scene', () => {
  it('converts CRS without throwing on broken geometry, leaving bad positions for validation to report', () => {
    const input = fc([
      { type: 'Feature', geometry: { type: 'Point', coordinates: [106.5, 29.5] }, properties: {} },
      { type: 'Feature', geometry: { type: 'Point', coordinates: [NaN, 29.5] }, properties: {} },
      { type: 'Feature', geometry: { type: 'LineString', coordinates: null }, properties: {} },
      { type: 'Feature', geometry: null, properties: {} },
      'not a feature',
    ]);
    const out = convertCollection(input, 'gcj02', 'wgs84') as typeof input;
    const expected = convertCrs([106.5, 29.5], 'gcj02', 'wgs84');
    expect((out.features[0] as { geometry: { coordinates: number[] } }).geometry.coordinates).to.deep.equal(expected);
    expect((out.features[1] as { geometry: { coordinates: number[] } }).geometry.coordinates).to.deep.equal([NaN, 29.5]);
    expect((out.features[2] as { geometry: { coordinates: unknown } }).geometry.coordinates).to.equal(null);
    expect(out.features.slice(3)).to.deep.equal([{ type: 'Feature', geometry: null, properties: {} }, 'not a feature']);
    expect(convertCollection(input, 'wgs84', 'wgs84')).to.equal(input);
    expect(convertCollection('nope', 'gcj02', 'wgs84')).to.equal('nope');
  });

  it('parses the level and list attributes; checks the profile attribute under the attribute policy', () => {
    expect(levelConverter.fromAttribute('10')).to.equal(10);
    expect(levelConverter.fromAttribute(' 5 ')).to.equal(5);
    expect(levelConverter.fromAttribute('7')).to.equal('7');
    expect(listConverter.fromAttribute!('bus-stop, pharmacy,,')).to.deep.equal(['bus-stop', 'pharmacy']);
    const unset = { level: null, mode: null, crs: null, mapCrs: null, profile: null, siteCount: null };
    const profile = (value: unknown) => checkAttributes({ ...unset, profile: value });
    expect(profile('gb50180-2018')).to.deep.equal({ value: { ...profile(null).value, profile: undefined }, issues: [] });
    expect(profile(' {"extends":"gb50180-2018"} ').value.profile).to.deep.equal({ extends: 'gb50180-2018' });
    expect(profile('{oops').issues.map((i) => [i.path, i.severity, i.message])).to.deep.equal([
      ['profile', 'warning', 'profile: unknown value "{oops" (expected valid profile JSON (an object))'],
    ]);
    expect(profile('constructor').issues.map((i) => i.message)).to.deep.equal(['profile: unknown value "constructor" (expected gb50180-2018)']);
    expect(profile('constructor').value.profile).to.equal(undefined);
    expect(checkAttributes(unset)).to.deep.equal({
      value: { level: 15, mode: 'walk', crs: 'wgs84', mapCrs: 'wgs84', profile: undefined, siteCount: 3 },
      issues: [],
    });
  });

  it('builds a scene whose rows match the engine’s, with polygons, radii and facility filtering', () => {
    const data = street();
    data.residences.features.push({
      type: 'Feature',
      geometry: { type: 'Polygon', coordinates: [[at(0, 100), at(40, 100), at(40, 140), at(0, 140), at(0, 100)], [[1, 2]]] },
      properties: { id: 'p1', name: 'Poly', population: 400 },
    });
    data.facilities.features.push(place('x', 'unknown', 'spaceport', 0, 0));
    const tables = validateLifeCircleInput(data, { profile: PROFILE }, new IssueCollector(0));
    const scene = buildScene(tables, data.residences.features, null, (lon, lat) => [lon + 1, lat]);
    expect(scene.residences.ids).to.deep.equal(['h1', 'h2', 'h3', 'p1']);
    expect(scene.facilities.ids).to.deep.equal(['k1', 'k2', 'c1', 't1']);
    expect(scene.residences.positions[0]).to.equal(at(100, 20)[0] + 1);
    expect(scene.residences.polygons).to.have.length(1);
    expect(scene.residences.polygons[0]!.row).to.equal(3);
    expect(scene.residences.polygons[0]!.polygon).to.have.length(1); // the broken hole is dropped
    expect(scene.residences.polygons[0]!.polygon[0]![0]).to.deep.equal([at(0, 100)[0] + 1, at(0, 100)[1]]);
    expect(Array.from(scene.residences.radii)).to.deep.equal([4.5, Math.fround(3.5 + Math.sqrt(200) / 10), Math.fround(3.5 + Math.sqrt(300) / 10), 5.5]);
    expect(residenceRadius(0)).to.equal(4);
    expect(residenceRadius(1e6)).to.equal(11);
    expect(scene.bounds![0]).to.equal(at(0, 0)[0] + 1);
    expect(Array.from(visibleFacilityRows(scene, new Set(['kindergarten'])))).to.deep.equal([0, 1]);
    expect([...facilityCounts(scene)]).to.deep.equal([
      ['kindergarten', 2],
      ['convenience-store', 1],
      ['public-toilet', 1],
    ]);
    const result = analyzeLifeCircle(street(), { profile: PROFILE, level: 5 });
    expect(Array.from(sceneScores(scene, result))).to.deep.equal([0.5, 1, 0, NaN]);
  });
});

describe('life-circle view: localized engine issues', () => {
  it('recognises each engine message of the bad-input rules', () => {
    const issues = [
      { path: 'facilities.features[0].properties.category', message: 'unknown category "spaceport" in profile gb50180-2018: skipped', severity: 'error' as const },
      { path: 'residences.features[1].properties.population', message: 'missing or invalid population undefined: analysed, but weighs 0 in coverage', severity: 'warning' as const },
      { path: 'residences.features[2].geometry.coordinates', message: 'not a valid [lon, lat], got [NaN, 29.5]: skipped', severity: 'error' as const },
      { path: 'roads.features[3].geometry.type', message: 'expected LineString, got "Point": skipped', severity: 'error' as const },
      { path: 'roads', message: 'road network has 2 disconnected parts; the largest holds 87.5% of the length. Places on other parts reach only their own part.', severity: 'warning' as const },
      { path: 'residences.features[4].geometry', message: 'no road within the snap tolerance (500 m): unreachable on the network (distances null, limits not met)', severity: 'warning' as const },
      { path: 'options.profile.categories[0].radius', message: 'must be a non-negative number of metres, got -300: row skipped', severity: 'error' as const },
      { path: 'x', message: 'something new', severity: 'error' as const },
      { path: 'y', message: 'kept', code: 'missing' },
    ];
    const out = localizableIssues(issues);
    expect(out.map((i) => [i.code, i.params])).to.deep.equal([
      ['life-unknown-category', { value: '"spaceport"' }],
      ['life-population', { value: 'undefined' }],
      ['life-coordinates', { value: '[NaN, 29.5]' }],
      ['life-not-line', { value: '"Point"' }],
      ['life-islands', { count: '2', share: '87.5%' }],
      ['life-unsnapped', { tolerance: '500' }],
      ['life-radius', { value: '-300' }],
      [undefined, undefined],
      ['missing', undefined],
    ]);
    expect(zh(`issue.${out[4]!.code}`, out[4]!.params)).to.equal('路网分为 2 个互不连通的部分，最大部分占总长 87.5%；其他部分只能到达各自范围内的设施');
    expect(en(`issue.${out[0]!.code}`, out[0]!.params)).to.equal('unknown facility category "spaceport": skipped');
  });
});

describe('life-circle view: map model', () => {
  it('counts residences per score class for the legend, best first, "not rated" only when needed', () => {
    const legend = scoreLegend([1, NaN, 0.3, 0.3], 'en', en, 'light');
    expect(legend.title).to.equal('Required categories met');
    expect(legend.entries.map((e) => [e.label, e.count, e.color])).to.deep.equal([
      ['100%', 1, '#2e7d32'],
      ['75%–100%', 0, '#7cb342'],
      ['50%–75%', 0, '#f2b705'],
      ['25%–50%', 2, '#ef6c00'],
      ['< 25%', 0, '#c62828'],
      ['Not rated', 1, '#9aa1ad'],
    ]);
    expect(scoreLegend([0], 'zh-CN', zh, 'dark').entries).to.have.length(5);
  });

  it('describes picked residences, facilities and sites as plain text', () => {
    const data = street();
    const tables = validateLifeCircleInput(data, { profile: PROFILE }, new IssueCollector(0));
    const scene = buildScene(tables, data.residences.features, null, null);
    const result = analysed();
    const suggestion = { category: 'kindergarten', limit: 300, method: 'network' as const, uncoveredPopulation: 300, candidates: 5, issues: [], sites: [{ rank: 1, coordinates: [0, 0] as [number, number], candidate: 'node:1', population: 1234, residences: 1, cumulativePopulation: 1234, residenceIds: ['h3'] }] };
    const context = { scene, result, suggestion, categories: tables.profile.categories, locale: 'zh-CN' as const, t: zh };
    expect(describeTarget('residence', 0, context)).to.deep.equal({ title: NAMES.h1, lines: ['人口 100', '达标 1 / 2（50%）'] });
    expect(describeTarget('facility', 2, context)).to.deep.equal({ title: '便利店', lines: ['类别：便利店'] });
    expect(describeTarget('site', 0, context)).to.deep.equal({ title: '建议选址 #1', lines: ['新增覆盖 1,234 人'] });
    expect(describeTarget('site', 1, context)).to.equal(null);
    expect(describeTarget('residence', 0, { ...context, result: null })).to.deep.equal({ title: NAMES.h1, lines: ['人口 100'] });
  });

  it('links a residence to its nearest facility per shown category, grey when beyond the limit', () => {
    const data = street();
    const tables = validateLifeCircleInput(data, { profile: PROFILE }, new IssueCollector(0));
    const scene = buildScene(tables, data.residences.features, null, null);
    const result = analysed();
    const colors = new Map([['kindergarten', '#4e79a7']]);
    const h2 = facilityLinks(scene, result, 'h2', colors, new Set(['convenience-store']));
    expect(h2).to.deep.equal([{ from: at(900, 20), to: at(880, -10), color: [0x4e, 0x79, 0xa7, 220] }]);
    expect(facilityLinks(scene, result, 'h2', colors, new Set()).map((l) => l.to)).to.deep.equal([at(880, -10), at(850, -10)]);
    expect(facilityLinks(scene, result, 'nobody', colors, new Set())).to.deep.equal([]);
  });
});
