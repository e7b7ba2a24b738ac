import { expect } from 'chai';
import { breakdownFunnel, compareFunnels, computeFunnel, PRESET_INDICATORS } from '../../src/funnel/model/index';
import type { BaseFigures, FunnelOptions, FunnelResult, IndicatorKey, PresetName, RateOptions } from '../../src/funnel/model/index';

/** The indicators as `{key: [numerator, denominator]}` (value checked separately). */
const fractions = (result: FunnelResult) => Object.fromEntries(result.indicators.map((i) => [i.key, [i.numerator, i.denominator]]));
/** The value as a bulletin prints it: percent with two decimals. */
const printed = (value: number | null) => (value === null ? null : (Math.round(value * 10000) / 100).toFixed(2));

describe('indicators — reproducing published 数字城管 bulletins from their base counts', () => {
  // Source: 郑州市数字城管 "每周运行分析报告(2019年4月8日至4月14日)", https://lzszcg.com/gsggs/2161.htm
  // (全市案件统计 and 常规案件统计 tables). 应结案数 exceeds 立案数: carry-over from earlier weeks.
  // Source: "天门:数字化城市管理12月绩效情况通报", 天门日报 2017-01-03, http://www.hbcic.net.cn/info/wcm/74587.htm
  const bulletins: Array<{ name: string; figures: BaseFigures; printed: Partial<Record<IndicatorKey, string>> }> = [
    {
      name: 'Zhengzhou, week of 2019-04-08, all cases',
      figures: { received: 51571, filed: 51229, dispatched: 49151, shouldClose: 52434, closed: 43523, closedOnTime: 40394, reworked: 276, extended: 104 },
      printed: { filing: '99.34', dispatch: '95.94', closure: '83.01', onTimeClosure: '77.04', rework: '0.53', extension: '0.20' },
    },
    {
      name: 'Zhengzhou, week of 2019-04-08, regular cases',
      figures: { received: 16754, filed: 16570, dispatched: 14673, shouldClose: 18086, closed: 10225, closedOnTime: 8765, reworked: 274, extended: 101 },
      printed: { filing: '98.90', dispatch: '88.55', closure: '56.54', onTimeClosure: '48.46', rework: '1.51', extension: '0.56' },
    },
    {
      name: 'Tianmen, December 2016',
      figures: { received: 1054, filed: 996, shouldClose: 972, closed: 911, closedOnTime: 737 },
      printed: { closure: '93.72', onTimeClosure: '75.82' },
    },
  ];
  for (const bulletin of bulletins) {
    it(`${bulletin.name}: every printed rate to two decimals`, () => {
      const result = computeFunnel({ preset: 'city-management', figures: bulletin.figures });
      expect(result.issues).to.deep.equal([]);
      const values = Object.fromEntries(result.indicators.map((i) => [i.key, printed(i.value)]));
      for (const [key, value] of Object.entries(bulletin.printed)) expect(values[key], key).to.equal(value);
    });
  }

  it('the counts may sit at the top level, as a report lists them', () => {
    const flat = computeFunnel({ preset: 'city-management', ...bulletins[0].figures });
    expect(flat.indicators.map((i) => [i.key, printed(i.value)])).to.deep.equal([
      ['filing', '99.34'],
      ['dispatch', '95.94'],
      ['closure', '83.01'],
      ['onTimeClosure', '77.04'],
      ['rework', '0.53'],
      ['extension', '0.20'],
    ]);
    expect(flat.figures).to.deep.equal(bulletins[0].figures);
    expect(flat.source).to.equal('aggregated');
  });
});

describe('indicators — every indicator of every preset from pre-aggregated figures (hand-computed)', () => {
  const cm: BaseFigures = {
    received: 200,
    filed: 180,
    dispatched: 160,
    accuratelyDispatched: 150,
    shouldHandle: 150,
    handled: 120,
    handledOnTime: 90,
    shouldClose: 250,
    closed: 200,
    closedOnTime: 150,
    reworked: 5,
    extended: 10,
  };
  const hotline: BaseFigures = {
    received: 100,
    dispatched: 80,
    responded: 76,
    respondedOnTime: 72,
    rated: 50,
    satisfied: 30,
    basicallySatisfied: 15,
    resolutionRated: 40,
    resolved: 30,
    shouldClose: 90,
    closed: 81,
    closedOnTime: 72,
  };
  const problems: BaseFigures = { received: 40, handled: 24, shouldClose: 30, closed: 24, closedOnTime: 18, reworked: 3 };

  const table: Array<[string, PresetName, BaseFigures, RateOptions | undefined, Array<[IndicatorKey, string, string, number, number, number]>]> = [
    [
      'city management, published practice',
      'city-management',
      cm,
      undefined,
      [
        ['filing', 'filed', 'received', 180, 200, 0.9],
        ['dispatch', 'dispatched', 'filed', 160, 180, 160 / 180],
        ['onTimeHandling', 'handledOnTime', 'shouldHandle', 90, 150, 0.6],
        ['handling', 'handled', 'shouldHandle', 120, 150, 0.8],
        ['closure', 'closed', 'shouldClose', 200, 250, 0.8],
        ['onTimeClosure', 'closedOnTime', 'shouldClose', 150, 250, 0.6],
        ['rework', 'reworked', 'shouldClose', 5, 250, 0.02],
        ['extension', 'extended', 'shouldClose', 10, 250, 0.04],
      ],
    ],
    [
      'city management, rework per handled case, on-time per closed case, 准确派遣率 included, 延期率 left out',
      'city-management',
      cm,
      { rework: { denominator: 'handled' }, onTimeClosure: { denominator: 'closed' }, accurateDispatch: { include: true }, extension: { include: false } },
      [
        ['filing', 'filed', 'received', 180, 200, 0.9],
        ['dispatch', 'dispatched', 'filed', 160, 180, 160 / 180],
        ['onTimeHandling', 'handledOnTime', 'shouldHandle', 90, 150, 0.6],
        ['handling', 'handled', 'shouldHandle', 120, 150, 0.8],
        ['closure', 'closed', 'shouldClose', 200, 250, 0.8],
        ['onTimeClosure', 'closedOnTime', 'closed', 150, 200, 0.75],
        ['rework', 'reworked', 'handled', 5, 120, 5 / 120],
        ['accurateDispatch', 'accuratelyDispatched', 'dispatched', 150, 160, 0.9375],
      ],
    ],
    [
      '12345 hotline, defaults',
      'hotline-12345',
      hotline,
      undefined,
      [
        ['response', 'respondedOnTime', 'dispatched', 72, 80, 0.9],
        ['resolution', 'resolved', 'resolutionRated', 30, 40, 0.75],
        ['satisfaction', 'satisfiedAll', 'rated', 45, 50, 0.9],
        ['completion', 'closed', 'shouldClose', 81, 90, 0.9],
        ['onTimeCompletion', 'closedOnTime', 'shouldClose', 72, 90, 0.8],
      ],
    ],
    [
      '12345 hotline, the other documented definitions',
      'hotline-12345',
      hotline,
      { response: { numerator: 'responded', denominator: 'received' }, resolution: { denominator: 'closed' }, satisfaction: { numerator: 'satisfied' }, onTimeCompletion: { denominator: 'closed' } },
      [
        ['response', 'responded', 'received', 76, 100, 0.76],
        ['resolution', 'resolved', 'closed', 30, 81, 30 / 81],
        ['satisfaction', 'satisfied', 'rated', 30, 50, 0.6],
        ['completion', 'closed', 'shouldClose', 81, 90, 0.9],
        ['onTimeCompletion', 'closedOnTime', 'closed', 72, 81, 72 / 81],
      ],
    ],
    [
      'problem list',
      'problem-list',
      problems,
      undefined,
      [
        ['rectification', 'closed', 'shouldClose', 24, 30, 0.8],
        ['onTimeRectification', 'closedOnTime', 'shouldClose', 18, 30, 0.6],
        ['rework', 'reworked', 'shouldClose', 3, 30, 0.1],
      ],
    ],
  ];
  for (const [name, preset, figures, rates, expected] of table) {
    it(name, () => {
      const result = computeFunnel({ preset, figures }, rates ? { rates } : {});
      expect(result.issues).to.deep.equal([]);
      expect(result.indicators.map((i) => [i.key, i.numeratorKey, i.denominatorKey, i.numerator, i.denominator])).to.deep.equal(
        expected.map(([key, nk, dk, n, d]) => [key, nk, dk, n, d]),
      );
      result.indicators.forEach((indicator, k) => expect(indicator.value, indicator.key).to.be.closeTo(expected[k][5], 1e-12));
    });
  }

  it('names in both languages, the direction, and a null value when the denominator is 0', () => {
    const result = computeFunnel({ preset: 'city-management', figures: { ...cm, shouldClose: 0, closed: 0, closedOnTime: 0, reworked: 0, extended: 0 } }, { lang: 'en' });
    const closure = result.indicators.find((i) => i.key === 'closure')!;
    expect(closure).to.deep.equal({
      key: 'closure',
      name: 'Closure rate',
      names: { 'zh-CN': '结案率', en: 'Closure rate' },
      value: null,
      numerator: 0,
      denominator: 0,
      numeratorKey: 'closed',
      denominatorKey: 'shouldClose',
      direction: 'higher-is-better',
    });
    expect(result.indicators.map((i) => i.direction)).to.deep.equal([...Array(6).fill('higher-is-better'), 'lower-is-better', 'lower-is-better']);
  });

  it('leaves out an indicator whose figures the bulletin does not give (never guessed)', () => {
    const result = computeFunnel({ preset: 'city-management', figures: { received: 10, filed: 9 } });
    expect(fractions(result)).to.deep.equal({ filing: [9, 10] });
  });

  it('every preset lists its indicators in bulletin order', () => {
    const keys = (preset: PresetName) => PRESET_INDICATORS[preset].map((d) => `${d.key} ${d.names['zh-CN']}`);
    expect(keys('city-management')).to.deep.equal([
      'filing 立案率',
      'dispatch 派遣率',
      'onTimeHandling 按期处置率',
      'handling 处置率',
      'closure 结案率',
      'onTimeClosure 按期结案率',
      'rework 返工率',
      'extension 延期率',
      'accurateDispatch 准确派遣率',
    ]);
    expect(keys('hotline-12345')).to.deep.equal(['response 响应率', 'resolution 解决率', 'satisfaction 满意率', 'completion 办结率', 'onTimeCompletion 按期办结率']);
    expect(keys('problem-list')).to.deep.equal(['rectification 整改完成率', 'onTimeRectification 按期整改率', 'rework 返工率']);
  });
});

describe('indicators — the per-stage pre-aggregated shape', () => {
  const stages = [
    { key: 'report', count: 120 },
    { key: 'file', count: 100 },
    { key: 'dispatch', count: 90, dropped: { extended: 2 } },
    { key: 'handle', count: 80, reworkedCases: 4 },
    { key: 'feedback', count: 70, dropped: { extended: 3 } },
    { key: 'verify', count: 60, shouldReach: 110, arrivedOnTime: 50 },
    { key: 'evaluate', count: 50 },
  ];

  it('reads received, filed, dispatched, 应结案数 (the closing stage’s shouldReach), 按期结案数, rework and extensions from the stages', () => {
    const result = computeFunnel({ preset: 'city-management', stages });
    expect(result.figures).to.deep.equal({ received: 120, filed: 100, dispatched: 90, closed: 60, shouldClose: 110, closedOnTime: 50, reworked: 4, extended: 5 });
    expect(fractions(result)).to.deep.equal({
      filing: [100, 120],
      dispatch: [90, 100],
      closure: [60, 110],
      onTimeClosure: [50, 110],
      rework: [4, 110],
      extension: [5, 110],
    });
  });

  it('12345 stages: 响应率 from the handling stage’s on-time arrivals, 满意率 and 解决率 from the tallies', () => {
    const result = computeFunnel({
      preset: 'hotline-12345',
      stages: [
        { key: 'accept', count: 100 },
        { key: 'dispatch', count: 90 },
        { key: 'handle', count: 85, arrivedOnTime: 81 },
        { key: 'complete', count: 70, shouldReach: 80, arrivedOnTime: 60 },
      ],
      ratings: { satisfied: 40, 'basically-satisfied': 10, dissatisfied: 5 },
      resolution: { resolved: 45, unresolved: 15 },
    });
    expect(fractions(result)).to.deep.equal({ response: [81, 90], resolution: [45, 60], satisfaction: [50, 55], completion: [70, 80], onTimeCompletion: [60, 80] });
  });

  it('figures given with the stages fill the rest and win over the stages', () => {
    const result = computeFunnel({ preset: 'city-management', stages, figures: { shouldHandle: 85, handled: 80, handledOnTime: 68, shouldClose: 100 } });
    expect(fractions(result)).to.deep.equal({
      filing: [100, 120],
      dispatch: [90, 100],
      onTimeHandling: [68, 85],
      handling: [80, 85],
      closure: [60, 100],
      onTimeClosure: [50, 100],
      rework: [4, 100],
      extension: [5, 100],
    });
  });
});

describe('indicators — bad bulletin figures are reported per field, never thrown', () => {
  it('negative, NaN, fractional, text and huge figures: an error each, left out; the rest still count', () => {
    const figures = { received: -1, filed: NaN, dispatched: 2.5, shouldClose: '100', closed: 1e300, closedOnTime: 40, reworked: 2, extended: 1, shouldHandle: 50, handled: 45, handledOnTime: 30 };
    const result = computeFunnel({ preset: 'city-management', figures });
    expect(result.issues.map((i) => [i.path, i.severity])).to.deep.equal([
      ['figures.received', 'error'],
      ['figures.filed', 'error'],
      ['figures.dispatched', 'error'],
      ['figures.shouldClose', 'error'],
      ['figures.closed', 'error'],
    ]);
    expect(fractions(result)).to.deep.equal({ onTimeHandling: [30, 50], handling: [45, 50] });
  });

  it('a numerator above its denominator: a warning naming both, kept as given (the rate shows above 100 %)', () => {
    const result = computeFunnel({ preset: 'city-management', received: 100, filed: 120, shouldClose: 50, closed: 60, closedOnTime: 55 });
    expect(result.issues).to.deep.equal([
      { path: 'filed', message: 'filed 120 is larger than received 100: kept as given', severity: 'warning', code: 'out-of-range', params: { value: 120, range: '≤ 100' } },
      { path: 'closed', message: 'closed 60 is larger than shouldClose 50: kept as given', severity: 'warning', code: 'out-of-range', params: { value: 60, range: '≤ 50' } },
    ]);
    expect(result.indicators.find((i) => i.key === 'filing')!.value).to.equal(1.2);
  });

  it('unknown figure names and a figures value that is not an object', () => {
    const unknown = computeFunnel({ preset: 'hotline-12345', figures: { recieved: 5, closed: 3, shouldClose: 4 } });
    expect(unknown.issues.map((i) => [i.path, i.severity, i.code])).to.deep.equal([['figures.recieved', 'warning', 'unknown-value']]);
    expect(fractions(unknown)).to.deep.equal({ completion: [3, 4] });
    const wrong = computeFunnel({ preset: 'hotline-12345', stages: [{ key: 'accept', count: 3 }], figures: 'lots' });
    expect(wrong.issues.map((i) => i.path)).to.include('figures');
  });

  it('options.rates and options.period that cannot be used: warnings, defaults used', () => {
    const options = {
      rates: { rework: { denominator: 'received' }, nonsense: {}, closure: 'yes', extension: { include: 'no' } },
      period: { from: '2024-06-01', to: '2024-05-01' },
    } as unknown as FunnelOptions;
    const result = computeFunnel({ preset: 'city-management', figures: { shouldClose: 10, closed: 5, reworked: 1, handled: 6, extended: 1 } }, options);
    expect(result.issues.map((i) => i.path)).to.deep.equal(['options.period', 'options.rates.rework.denominator', 'options.rates.nonsense', 'options.rates.closure', 'options.rates.extension.include']);
    expect(fractions(result)).to.deep.equal({ closure: [5, 10], rework: [1, 10], extension: [1, 10] });
    expect(result.issues.every((i) => i.severity === 'warning')).to.equal(true);
  });
});

describe('indicators — raw cases over a period, with carry-over', () => {
  const at = (month: number, day: number, hour = 9) => `2024-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}T${String(hour).padStart(2, '0')}:00:00+08:00`;
  /** A case through the first `stages.length` city-management stages at the given times, due to finish handling at `due`. */
  const KEYS = ['report', 'file', 'dispatch', 'handle', 'feedback', 'verify'];
  const kase = (id: string, times: string[], due: string | null, more: Record<string, unknown> = {}) => ({
    id,
    stages: Object.fromEntries(times.map((t, k) => [KEYS[k], t])),
    ...(due ? { due: { handle: due } } : {}),
    ...more,
  });
  const cases = [
    // k1: filed in April, due April 28, still open on May 1, handled and closed late on May 3.
    kase('k1', [at(4, 20), at(4, 20, 10), at(4, 20, 11), at(4, 21), at(5, 3, 10), at(5, 3, 15)], at(4, 28, 18)),
    // k2: filed in April, due April 30, still in handling: carried over, due in May.
    kase('k2', [at(4, 25), at(4, 25, 10), at(4, 25, 11), at(4, 26)], at(4, 30, 18)),
    // k3: filed, handled and closed in April: in no May figure.
    kase('k3', [at(4, 2), at(4, 2, 10), at(4, 2, 11), at(4, 3), at(4, 7), at(4, 10)], at(4, 8, 18)),
    // k4: filed in May, handled and closed on time, reworked once.
    kase('k4', [at(5, 5), at(5, 5, 10), at(5, 5, 11), at(5, 6), at(5, 9, 10), at(5, 9, 15)], at(5, 10, 18), { reworks: 1 }),
    // k5: filed in May, waiting for handling, due May 25.
    kase('k5', [at(5, 20), at(5, 20, 10), at(5, 20, 11)], at(5, 25, 18)),
    // k6: filed May 30, due June 2: not due in May.
    kase('k6', [at(5, 30), at(5, 30, 10), at(5, 30, 11), at(5, 31)], at(6, 2, 18)),
    // k7: received in May, voided before filing.
    kase('k7', [at(5, 12)], null, { status: 'void' }),
    // k8: filed in May, extended in handling.
    kase('k8', [at(5, 14), at(5, 14, 10), at(5, 14, 11), at(5, 15)], at(5, 18, 18), { status: 'extended' }),
    // k9: filed in March, handled on time in April, never closed: carried over, due for closure in May.
    kase('k9', [at(3, 28), at(3, 28, 10), at(3, 28, 11), at(3, 29), at(4, 4)], at(4, 5, 18)),
  ];
  const MAY = { from: '2024-05-01T00:00:00+08:00', to: '2024-06-01T00:00:00+08:00' };
  const NOW = at(6, 3, 0);

  const table: Array<[string, FunnelOptions['period'] | undefined, BaseFigures]> = [
    [
      'May: 应结案数 5 (k1 k2 k4 k5 k9) exceeds the 4 cases filed (k4 k5 k6 k8)',
      MAY,
      { received: 5, filed: 4, dispatched: 4, accuratelyDispatched: 3, shouldHandle: 4, handled: 2, handledOnTime: 1, shouldClose: 5, closed: 2, closedOnTime: 1, reworked: 1, extended: 1 },
    ],
    [
      'all time up to June 3: k6 (due June 2) is due too',
      undefined,
      { received: 9, filed: 8, dispatched: 8, accuratelyDispatched: 7, shouldHandle: 7, handled: 4, handledOnTime: 3, shouldClose: 7, closed: 3, closedOnTime: 2, reworked: 1, extended: 1 },
    ],
    [
      'June, read on June 3: only the carry-over, and deadlines up to now',
      { from: '2024-06-01T00:00:00+08:00', to: '2024-07-01T00:00:00+08:00' },
      { received: 0, filed: 0, dispatched: 0, accuratelyDispatched: 0, shouldHandle: 3, handled: 0, handledOnTime: 0, shouldClose: 4, closed: 0, closedOnTime: 0, reworked: 0, extended: 0 },
    ],
  ];
  for (const [name, period, expected] of table) {
    it(name, () => {
      const result = computeFunnel({ preset: 'city-management', cases }, { now: NOW, ...(period ? { period } : {}) });
      expect(result.issues).to.deep.equal([]);
      const { rated: _r, satisfied: _s, basicallySatisfied: _b, satisfiedAll: _a, resolutionRated: _rr, resolved: _rv, ...figures } = result.figures;
      expect(figures).to.deep.equal(expected);
      expect(result.period).to.deep.equal(period ? { from: new Date(period.from).toISOString(), to: new Date(period.to).toISOString() } : null);
    });
  }

  it('the worked example of the model’s doc comment (cases k1–k6 are its A–F)', () => {
    const result = computeFunnel({ preset: 'city-management', cases: cases.slice(0, 6) }, { now: NOW, period: MAY });
    expect([result.figures.filed, result.figures.shouldClose, result.figures.closed, result.figures.closedOnTime]).to.deep.equal([3, 4, 2, 1]);
    expect(result.indicators.filter((i) => i.key === 'closure' || i.key === 'onTimeClosure').map((i) => printed(i.value))).to.deep.equal(['50.00', '25.00']);
  });

  it('May’s indicators from those figures', () => {
    const result = computeFunnel({ preset: 'city-management', cases }, { now: NOW, period: MAY });
    expect(fractions(result)).to.deep.equal({
      filing: [4, 5],
      dispatch: [4, 4],
      onTimeHandling: [1, 4],
      handling: [2, 4],
      closure: [2, 5],
      onTimeClosure: [1, 5],
      rework: [1, 5],
      extension: [1, 5],
    });
    // The stage figures (the picture) are not limited by the period.
    expect(result.stages[0].reached).to.equal(9);
  });

  it('stage limits count from when the case entered the stage; an unreached stage with a limit means it still has time', () => {
    const limited = [
      kase('a', [at(5, 10), at(5, 10), at(5, 10), at(5, 10, 10)], null), // in handling since May 10 10:00, 48 h allowed
      kase('b', [at(5, 10), at(5, 10), at(5, 10, 10)], null), // at dispatch, not yet in handling
    ];
    const result = computeFunnel({ preset: 'city-management', cases: limited }, { now: at(5, 12, 11), limits: { handle: { hours: 48 }, dispatch: { hours: 1 } } });
    expect([result.figures.shouldHandle, result.figures.shouldClose]).to.deep.equal([1, 1]);
    const before = computeFunnel({ preset: 'city-management', cases: limited }, { now: at(5, 12, 10), limits: { handle: { hours: 48 }, dispatch: { hours: 1 } } });
    expect([before.figures.shouldHandle, before.figures.shouldClose]).to.deep.equal([0, 0]);
  });

  it('12345 hotline: response on time, ratings and resolution counted at the last stage reached in the period', () => {
    const H = ['accept', 'dispatch', 'handle', 'reply', 'supervise', 'complete'];
    const hot = (id: string, times: string[], more: Record<string, unknown>) => ({ id, stages: Object.fromEntries(times.map((t, k) => [H[k], t])), ...more });
    const result = computeFunnel(
      {
        preset: 'hotline-12345',
        cases: [
          hot('h1', [at(5, 1), at(5, 1, 10), at(5, 1, 11)], { due: { dispatch: at(5, 1, 11) }, rating: 'satisfied', resolved: true }),
          hot('h2', [at(5, 2), at(5, 2, 12), at(5, 2, 13)], { due: { dispatch: at(5, 2, 10) }, rating: 'basically-satisfied', resolved: false }),
          hot('h3', [at(5, 3), at(5, 3, 10)], { rating: 'dissatisfied' }),
          hot('h4', [at(4, 3), at(4, 3, 10), at(4, 3, 11)], { rating: 'satisfied', resolved: true }),
        ],
      },
      { now: NOW, period: MAY },
    );
    // h1 and h2 carry no deadline after dispatch, so their dispatch deadline is their last before closing: both are due.
    expect(fractions(result)).to.deep.equal({ response: [1, 3], resolution: [1, 2], satisfaction: [2, 3], completion: [0, 2], onTimeCompletion: [0, 2] });
    expect(result.figures.responded).to.equal(2);
  });

  it('problem list: 整改完成率, 按期整改率 and 返工率 from raw cases (both rework definitions)', () => {
    const P = ['collect', 'sort', 'register', 'rectify', 'review'];
    const item = (id: string, times: string[], due: string, more: Record<string, unknown> = {}) => ({ id, stages: Object.fromEntries(times.map((t, k) => [P[k], t])), due: { rectify: due }, ...more });
    const list = [
      // Carried over from April, rectified on time in May, reworked once.
      item('p1', [at(4, 28), at(4, 28, 10), at(4, 29), at(4, 30), at(5, 4)], at(5, 5, 18), { reworks: 1 }),
      // Collected in May, rectified late.
      item('p2', [at(5, 2), at(5, 2, 10), at(5, 3), at(5, 4), at(5, 12)], at(5, 10, 18)),
      // Due May 31, still being rectified.
      item('p3', [at(5, 20), at(5, 20, 10), at(5, 20, 11), at(5, 21)], at(5, 31, 12)),
      // Done in April.
      item('p4', [at(4, 1), at(4, 1, 10), at(4, 1, 11), at(4, 2), at(4, 9)], at(4, 10, 18)),
    ];
    const result = computeFunnel({ preset: 'problem-list', cases: list }, { now: NOW, period: MAY });
    expect(fractions(result)).to.deep.equal({ rectification: [2, 3], onTimeRectification: [1, 3], rework: [1, 3] });
    const perHandled = computeFunnel({ preset: 'problem-list', cases: list }, { now: NOW, period: MAY, rates: { rework: { denominator: 'handled' } } });
    expect(fractions(perHandled).rework).to.deep.equal([1, 2]);
  });

  it('breakdowns count the figures per group; comparisons give each indicator a direction-aware verdict', () => {
    const tiers = cases.map((c, i) => ({ ...c, tier: i < 4 ? 'big' : 'small' }));
    const groups = breakdownFunnel({ preset: 'city-management', cases: tiers }, 'tier', { now: NOW, period: MAY });
    // big: k1 k2 k3 k4; small: k5 … k9.
    expect([groups.big.figures.shouldClose, groups.big.figures.closed, groups.small.figures.shouldClose, groups.small.figures.closed]).to.deep.equal([3, 2, 2, 0]);
    const comparison = compareFunnels(groups.big, groups.small);
    const closure = comparison.indicators.find((i) => i.key === 'closure')!;
    expect([closure.a, closure.b, closure.verdict, closure.name]).to.deep.equal([2 / 3, 0, 'worse', '结案率']);
    const extension = comparison.indicators.find((i) => i.key === 'extension')!;
    expect([extension.a, extension.b, extension.verdict]).to.deep.equal([0, 1 / 2, 'worse']);
    expect(comparison.indicators.map((i) => i.key)).to.deep.equal(['filing', 'dispatch', 'onTimeHandling', 'handling', 'closure', 'onTimeClosure', 'rework', 'extension']);
  });

  it('raw cases with bulletin figures beside them: the cases are counted, the figures reported as ignored', () => {
    const result = computeFunnel({ preset: 'city-management', cases, figures: { closed: 1000 } }, { now: NOW, period: MAY });
    expect(result.issues.map((i) => [i.path, i.severity])).to.deep.equal([['figures', 'warning']]);
    expect(result.figures.closed).to.equal(2);
  });

  it('custom stage lists have no indicators (their cards show the rates their roles give)', () => {
    const result = computeFunnel({ cases }, { now: NOW, stages: ['report', { key: 'verify', role: 'close' }] });
    expect(result.indicators).to.deep.equal([]);
    expect(Object.keys(result.rates)).to.deep.equal(['closure', 'onTimeClosure']);
  });
});
