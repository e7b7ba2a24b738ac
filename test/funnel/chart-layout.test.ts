import { expect } from 'chai';
import { dodge } from '../../src/funnel/chart/dodge';
import { dropSegments, reworkSource } from '../../src/funnel/chart/flows';
import { layoutFunnel, type FunnelLayout, type Label, type LayoutStage, type Rect } from '../../src/funnel/chart/layout';
import { clipText, fitText, wrapText, type Measure } from '../../src/funnel/chart/text';
import type { FunnelStage } from '../../src/funnel/model/types';

/** Fixed advances: 7 px per Latin character, 14 px per CJK one; notes are 0.86 of that. */
const measure: Measure = (text, style) => {
  let width = 0;
  for (const ch of text) width += ch.codePointAt(0)! > 0x2e80 ? 14 : 7;
  return style === 'note' ? width * 0.86 : width;
};

function stage(key: string, value: number, extra: Partial<LayoutStage> = {}): LayoutStage {
  return {
    key,
    name: key,
    valueText: String(value),
    rateText: '',
    value,
    overdue: 0,
    flagged: false,
    drops: [],
    dropTexts: [],
    reworks: 0,
    reworkFrom: null,
    reworkText: '',
    ...extra,
  };
}

function labelsOf(layout: FunnelLayout): Label[] {
  return [
    ...layout.stages.flatMap((s) => [s.name, s.value, s.rate, s.flag].filter((l): l is Label => !!l && l.lines.length > 0)),
    ...layout.drops.map((d) => d.label),
    ...layout.arcs.map((a) => a.label),
  ];
}

const overlaps = (a: Rect, b: Rect) =>
  a.x < b.x + b.width - 1e-6 && b.x < a.x + a.width - 1e-6 && a.y < b.y + b.height - 1e-6 && b.y < a.y + a.height - 1e-6;

function overlappingPairs(labels: Label[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < labels.length; i++)
    for (let j = i + 1; j < labels.length; j++)
      if (overlaps(labels[i], labels[j])) out.push(`${labels[i].lines.join('/')} × ${labels[j].lines.join('/')}`);
  return out;
}

const inside = (inner: Rect, outer: { width: number; height: number }) =>
  inner.x >= -1e-6 && inner.y >= -1e-6 && inner.x + inner.width <= outer.width + 1e-6 && inner.y + inner.height <= outer.height + 1e-6;

/** A city-management-like funnel with a 1% stage, drop-offs, a rework loop and a growth flag. */
function sample(): LayoutStage[] {
  return [
    stage('report', 1000, { name: '信息收集', valueText: '1,000', rateText: '100%' }),
    stage('file', 940, {
      name: '案卷建立',
      valueText: '940',
      rateText: '94.0%',
      drops: [
        { reason: 'void', count: 40 },
        { reason: 'pending', count: 20 },
      ],
      dropTexts: ['−60：作废 40，在办 20', '−60：作废 40，…', '−60'],
    }),
    stage('dispatch', 10, { name: '任务派遣', valueText: '10', rateText: '1.0%', dropTexts: ['−930'], drops: [{ reason: 'other', count: 930 }] }),
    stage('handle', 900, {
      name: '任务处理',
      valueText: '900',
      rateText: '90.0%',
      flagged: true,
      overdue: 225,
      reworks: 37,
      reworkFrom: 5,
      reworkText: '返工 37',
    }),
    stage('feedback', 880, { name: '处理反馈', valueText: '880', rateText: '88.0%' }),
    stage('verify', 870, { name: '核查结案', valueText: '870', rateText: '87.0%' }),
    stage('evaluate', 600, { name: '综合评价', valueText: '600', rateText: '60.0%' }),
  ];
}

describe('funnel/chart: dodge', () => {
  it('leaves labels that do not collide where they wish to be', () => {
    expect(dodge([{ center: 10, size: 4 }, { center: 30, size: 4 }], 0, 100, 2)).to.deep.equal([8, 28]);
  });

  it('centres two colliding labels on the mean of their wishes, gap apart', () => {
    // Wished starts 18 and 20 (sizes 4): the pair spans 4 + 2 + 4 = 10 around their mean start 17.
    expect(dodge([{ center: 20, size: 4 }, { center: 22, size: 4 }], 0, 100, 2)).to.deep.equal([16, 22]);
  });

  it('keeps the input order in the result and clamps clusters inside the bounds', () => {
    // Sorted by centre: 1, 98, 99. The last two merge and are pushed back from the upper bound.
    expect(dodge([{ center: 99, size: 10 }, { center: 1, size: 10 }, { center: 98, size: 10 }], 0, 100, 0)).to.deep.equal([90, 0, 80]);
  });

  it('starts at min when the labels cannot fit', () => {
    expect(dodge([{ center: 5, size: 8 }, { center: 5, size: 8 }], 0, 10, 2)).to.deep.equal([0, 10]);
  });

  it('cascades merges: a third label pushes the first two', () => {
    // Wished starts 45, 47, 49 → one cluster at the mean of 45, 47 − 10 and 49 − 20 = 37.
    expect(dodge([{ center: 50, size: 10 }, { center: 52, size: 10 }, { center: 54, size: 10 }], 0, 100, 0)).to.deep.equal([37, 47, 57]);
  });
});

describe('funnel/chart: text fitting', () => {
  it('clips huge strings before anything measures them', () => {
    const huge = 'x'.repeat(10_000_000);
    const clipped = clipText(huge, 120);
    expect(clipped.length).to.equal(120);
    expect(clipped.endsWith('…')).to.equal(true);
    expect(clipText('short')).to.equal('short');
  });

  it('fits a label with an ellipsis', () => {
    expect(fitText('Verify & close', 98, 'name', measure)).to.equal('Verify & close');
    expect(fitText('Verify & close', 50, 'name', measure)).to.equal('Verify…');
    expect(fitText('核查结案', 40, 'name', measure)).to.equal('核查…');
    expect(fitText('核查结案', 5, 'name', measure)).to.equal('');
  });

  it('wraps at spaces in English and anywhere in Chinese, at most maxLines', () => {
    expect(wrapText('Verify and close case', 70, 2, 'name', measure)).to.deep.equal(['Verify and', 'close case']);
    expect(wrapText('问题归集整改落实', 56, 2, 'name', measure)).to.deep.equal(['问题归集', '整改落实']);
    expect(wrapText('问题归集整改落实结果晾晒', 56, 2, 'name', measure)).to.deep.equal(['问题归集', '整改落…']);
    expect(wrapText('Feedback', 42, 2, 'name', measure)).to.deep.equal(['Feedb…']);
    expect(wrapText('Return visit', 42, 2, 'name', measure)).to.deep.equal(['Return', 'visit']);
  });
});

describe('funnel/chart: flows', () => {
  const base = (over: Partial<FunnelStage>): FunnelStage =>
    ({ key: 'k', reached: 0, skipped: 0, pending: 0, dropped: {}, roles: [], ...over }) as FunnelStage;

  it('splits the drop-off into side flows, pending and the unexplained rest', () => {
    const a = base({ reached: 100, pending: 10, dropped: { void: 5, parked: 0, returned: 3 } });
    const b = base({ reached: 70, skipped: 2 });
    // 100 − (70 + 2 skipped past it) − 5 − 3 − 10 = 10 unexplained.
    expect(dropSegments(a, b)).to.deep.equal([
      { reason: 'void', count: 5 },
      { reason: 'returned', count: 3 },
      { reason: 'pending', count: 10 },
      { reason: 'other', count: 10 },
    ]);
  });

  it('has no negative remainder when the next stage grows, and only side flows at the last stage', () => {
    expect(dropSegments(base({ reached: 10, pending: 2 }), base({ reached: 15 }))).to.deep.equal([{ reason: 'pending', count: 2 }]);
    expect(dropSegments(base({ reached: 10, pending: 2, dropped: { void: 1 } }), undefined)).to.deep.equal([{ reason: 'void', count: 1 }]);
  });

  it('returns rework loops from the closing stage, else the next one', () => {
    const roles = (...r: string[][]) => r.map((x) => ({ roles: x as FunnelStage['roles'] }));
    expect(reworkSource(roles(['intake'], ['handle'], [], ['close'], ['evaluate']), 1)).to.equal(3);
    expect(reworkSource(roles(['intake'], ['handle'], []), 1)).to.equal(2);
    expect(reworkSource(roles(['intake'], ['handle']), 1)).to.equal(null);
  });
});

describe('funnel/chart: layout', () => {
  for (const orientation of ['vertical', 'horizontal'] as const) {
    describe(orientation, () => {
      const layout = layoutFunnel(sample(), { width: 900, height: 520, orientation, measure, minBlock: 6 });

      it('keeps stages in input order along the stage axis', () => {
        expect(layout.stages.map((s) => s.key)).to.deep.equal(['report', 'file', 'dispatch', 'handle', 'feedback', 'verify', 'evaluate']);
        const axis = orientation === 'vertical' ? 'y' : 'x';
        const positions = layout.stages.map((s) => s.block[axis]);
        for (let i = 1; i < positions.length; i++) expect(positions[i]).to.be.greaterThan(positions[i - 1]);
      });

      it('sizes blocks in proportion to their counts, with a minimum for the 1% stage', () => {
        const extent = (i: number) => (orientation === 'vertical' ? layout.stages[i].block.width : layout.stages[i].block.height);
        expect(extent(6) / extent(0)).to.be.closeTo(0.6, 1e-9);
        expect(extent(1) / extent(0)).to.be.closeTo(0.94, 1e-9);
        expect(extent(2)).to.equal(6); // 1% of the largest would be well under the minimum
      });

      it('places no two labels on top of each other and keeps them inside the chart', () => {
        const labels = labelsOf(layout);
        expect(overlappingPairs(labels)).to.deep.equal([]);
        for (const l of labels) expect(inside(l, layout), l.lines.join('/')).to.equal(true);
        // Every stage's figure is shown in full.
        expect(layout.stages.map((s) => s.value.lines[0].split(' · ')[0])).to.deep.equal(['1,000', '940', '10', '900', '880', '870', '600']);
      });

      it('marks the overdue share inside the block, at the far end', () => {
        const handle = layout.stages[3];
        expect(handle.overdueShare).to.equal(0.25);
        if (orientation === 'vertical') {
          expect(handle.overdue!.width).to.be.closeTo(handle.block.width / 4, 1e-9);
          expect(handle.overdue!.x + handle.overdue!.width).to.be.closeTo(handle.block.x + handle.block.width, 1e-9);
        } else {
          expect(handle.overdue!.height).to.be.closeTo(handle.block.height / 4, 1e-9);
          expect(handle.overdue!.y + handle.overdue!.height).to.be.closeTo(handle.block.y + handle.block.height, 1e-9);
        }
        expect(layout.stages[0].overdue).to.equal(null);
      });

      it('draws a drop-off bar per stage with losses, split by reason in proportion', () => {
        expect(layout.drops.map((d) => [d.key, d.total])).to.deep.equal([
          ['file', 60],
          ['dispatch', 930],
        ]);
        const file = layout.drops[0];
        const sizes = file.segments.map((s) => (orientation === 'vertical' ? s.rect.width : s.rect.height));
        expect(sizes[0] / sizes[1]).to.be.closeTo(2, 1e-9);
        expect(file.ribbon).to.match(/^M[\d.,]+C.*Z$/);
      });

      it('draws a return arc for the stage with reworks, from the closing stage back to it', () => {
        expect(layout.arcs.map((a) => [a.key, a.source, a.target, a.count])).to.deep.equal([['handle', 5, 3, 37]]);
        expect(layout.arcs[0].label.lines).to.deep.equal(['返工 37']);
      });

      it('puts the warning marker next to a flagged stage only', () => {
        expect(layout.stages.map((s) => !!s.flag)).to.deep.equal([false, false, false, true, false, false, false]);
      });
    });
  }

  it('joins each block to the next with a connector (none after the last)', () => {
    const layout = layoutFunnel(sample(), { width: 900, height: 520, measure });
    const [a, b] = layout.stages;
    expect(a.connector).to.deep.equal([
      [a.block.x, a.block.y + a.block.height],
      [a.block.x + a.block.width, a.block.y + a.block.height],
      [b.block.x + b.block.width, b.block.y],
      [b.block.x, b.block.y],
    ]);
    expect(layout.stages[6].connector).to.equal(null);
  });

  it('moves the figure of a too-thin block outside it, and keeps it inside a wide one', () => {
    const layout = layoutFunnel(sample(), { width: 900, height: 520, measure });
    expect(layout.stages[0].value.inside).to.equal(true);
    const tiny = layout.stages[2];
    expect(tiny.value.inside).to.equal(undefined);
    expect(tiny.value.x).to.be.at.least(tiny.block.x + tiny.block.width);
  });

  it('shows every figure in a dashboard panel only a little taller than its rows (7 stages in 160–240 px)', () => {
    for (const height of [160, 170, 200, 240]) {
      const layout = layoutFunnel(sample(), { width: 780, height, measure, minBlock: 6 });
      expect(layout.stages.map((s) => s.value.lines[0]?.split(' · ')[0]), String(height)).to.deep.equal(['1,000', '940', '10', '900', '880', '870', '600']);
      expect(overlappingPairs(labelsOf(layout)), String(height)).to.deep.equal([]);
      for (const l of labelsOf(layout)) expect(inside(l, layout), l.lines.join('/')).to.equal(true);
    }
  });

  it('grows the chart instead of overlapping when the container is too small', () => {
    const many = Array.from({ length: 30 }, (_, i) => stage(`s${i}`, 1000 - i * 30, { name: `Stage number ${i}` }));
    const layout = layoutFunnel(many, { width: 200, height: 150, measure });
    expect(layout.height).to.be.greaterThan(150);
    expect(layout.width).to.be.at.least(200);
    expect(overlappingPairs(labelsOf(layout))).to.deep.equal([]);
    const wide = layoutFunnel(many, { width: 200, height: 150, orientation: 'horizontal', measure });
    expect(wide.width).to.be.greaterThan(200);
    expect(overlappingPairs(labelsOf(wide))).to.deep.equal([]);
  });

  it('draws zero and rejected counts as minimum-size empty blocks, and a comparison outline', () => {
    const layout = layoutFunnel([stage('a', 100, { compare: 50 }), stage('b', 0, { compare: 100 })], { width: 600, height: 300, measure });
    expect(layout.stages[1].empty).to.equal(true);
    expect(layout.stages[1].block.width).to.equal(6);
    expect(layout.stages[0].compare!.width).to.be.closeTo(layout.stages[0].block.width / 2, 1e-9);
    expect(layout.stages[1].compare!.width).to.be.closeTo(layout.stages[0].block.width, 1e-9);
  });

  it('returns an empty layout for no stages', () => {
    expect(layoutFunnel([], { width: 400, height: 300, measure })).to.deep.equal({
      width: 400,
      height: 300,
      orientation: 'vertical',
      lineHeight: 19,
      stages: [],
      drops: [],
      arcs: [],
    });
  });
});
