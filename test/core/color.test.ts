import { expect } from 'chai';
import { createColorScale, paletteColors, toRgba } from '../../src/core/color';
import { RISK_COLORS_RGBA } from '../../src/risk/model/colors';

describe('core/color', () => {
  it('has the four risk colours: major red, considerable orange, general yellow, low blue', () => {
    expect(RISK_COLORS_RGBA.major).to.deep.equal([224, 32, 32, 255]);
    expect(RISK_COLORS_RGBA.considerable).to.deep.equal([242, 140, 40, 255]);
    expect(RISK_COLORS_RGBA.general).to.deep.equal([242, 197, 0, 255]);
    expect(RISK_COLORS_RGBA.low).to.deep.equal([47, 127, 216, 255]);
  });

  it('quantize cuts a fixed domain into equal classes, with no-data for NaN/null', () => {
    const scale = createColorScale({ type: 'quantize', domain: [0, 100], classes: 4, palette: ['#000000', '#111111', '#222222', '#333333'] });
    expect(scale.classes.map((c) => [c.from, c.to])).to.deep.equal([[0, 25], [25, 50], [50, 75], [75, 100]]);
    expect([0, 24.9, 25, 74.99, 75, 100, 250, -5].map((v) => scale.classOf(v))).to.deep.equal([0, 0, 1, 2, 3, 3, 3, 0]);
    expect(scale.color(NaN)).to.equal(null);
    expect(scale.color(null)).to.equal(null);
    expect(scale.rgba(60)).to.deep.equal([34, 34, 34, 255]);
  });

  it('quantile breaks come from the sample once and stay fixed', () => {
    const scale = createColorScale({ type: 'quantile', domain: [1, 2, 3, 4, 5, 6, 7, 8], classes: 4, palette: 'Blues' });
    expect(scale.classes.map((c) => c.to)).to.deep.equal([2.75, 4.5, 6.25, 8]);
    expect([1, 2.75, 4, 4.5, 8, 1000].map((v) => scale.classOf(v))).to.deep.equal([0, 1, 1, 2, 3, 3]);
  });

  it('threshold uses the given breaks, n breaks → n + 1 classes', () => {
    const scale = createColorScale({ type: 'threshold', thresholds: [10, 3], palette: 'YlOrRd' });
    expect(scale.classes.map((c) => [c.from, c.to])).to.deep.equal([[-Infinity, 3], [3, 10], [10, Infinity]]);
    expect([-1, 3, 9.99, 10].map((v) => scale.classOf(v))).to.deep.equal([0, 1, 1, 2]);
    expect(() => createColorScale({ type: 'threshold', thresholds: [] })).to.throw('at least one threshold');
  });

  it('palettes: d3 scheme names and colour lists, exactly n colours', () => {
    expect(paletteColors('Blues', 3)).to.deep.equal(['#deebf7', '#9ecae1', '#3182bd']);
    expect(paletteColors(['#ff0000', '#0000ff'], 3)).to.deep.equal(['rgb(255, 0, 0)', 'rgb(128, 0, 128)', 'rgb(0, 0, 255)']);
    expect(paletteColors('Viridis', 5)).to.have.length(5);
    expect(() => paletteColors('NoSuchScheme', 3)).to.throw('Unknown palette: NoSuchScheme');
    expect(toRgba('rgba(10, 20, 30, 0.5)')).to.deep.equal([10, 20, 30, 128]);
  });
});
