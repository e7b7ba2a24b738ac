/**
 * Under a strict CSP (`style-src 'self'`) inline `style="…"` attributes are dropped. The layer's own
 * dynamic styles (legend width variable, heat ramp, same-spot list position, level dots) must still
 * apply, so they go through the CSSOM (styleMap) or the stylesheet.
 */
import { expect } from 'chai';
import '../../src/risk/index';
import type { CityMap } from '../../src/map/city-map';
import type { CityRiskLayer } from '../../src/risk/city-risk-layer';
import { clickAt, nextFrame, project } from '../helpers/index';

const CENTER: [number, number] = [106.55, 29.56];
const OWN = '.frame, .ramp, .spot-list, .dot';

describe('<city-risk-layer> under a strict CSP (style-src self)', () => {
  const violations: Element[] = [];
  const onViolation = (event: Event) => {
    const target = event.composedPath()[0];
    if (target instanceof Element && target.matches(OWN)) violations.push(target);
  };
  let host: HTMLElement | null = null;

  before(() => {
    const meta = document.createElement('meta');
    meta.httpEquiv = 'Content-Security-Policy';
    meta.content = "style-src 'self'";
    document.head.append(meta);
    document.addEventListener('securitypolicyviolation', onViolation, true);
  });
  after(() => document.removeEventListener('securitypolicyviolation', onViolation, true));
  afterEach(() => host?.remove());

  it('is really enforced here: an inline style attribute is dropped', () => {
    host = document.createElement('div');
    host.innerHTML = '<div style="width:123px;height:1px"></div>';
    document.body.append(host);
    expect((host.firstElementChild as HTMLElement).getBoundingClientRect().width).to.not.equal(123);
  });

  it('applies its legend width variable, heat ramp, spot-list position and level dots', async () => {
    host = document.createElement('div');
    host.style.cssText = 'position:fixed;left:0;top:0;width:500px;height:400px';
    const map = document.createElement('city-map') as CityMap;
    map.style.height = '100%';
    map.setAttribute('zoom', '14');
    map.setAttribute('center', CENTER.join(','));
    const layer = document.createElement('city-risk-layer') as CityRiskLayer;
    layer.setAttribute('mode', 'heat');
    layer.data = [
      { id: 'a', lon: 106.555, lat: 29.56, category: 'gas', level: 'major', time: '2024-05-01T00:00:00Z' },
      { id: 'b', lon: 106.555, lat: 29.56, category: 'gas', level: 'low', time: '2024-05-03T00:00:00Z' },
    ];
    map.append(layer);
    host.append(map);
    document.body.append(host);
    await layer.rendered();
    await map.rendered();
    await nextFrame();
    await layer.updateComplete;
    const root = layer.shadowRoot!;

    const legend = root.querySelector('.legend-slot')!;
    const width = Math.ceil(legend.getBoundingClientRect().width) + 8;
    expect(width).to.be.greaterThan(100);
    expect(getComputedStyle(root.querySelector('.frame')!).getPropertyValue('--city-risk-legend-width').trim()).to.equal(`${width}px`);
    // The slider keeps clear of the legend through that variable.
    const slider = root.querySelector('city-time-slider')!;
    expect(Math.round(500 - slider.getBoundingClientRect().right)).to.equal(12 + width);

    const ramp = getComputedStyle(root.querySelector('.heat-scale .ramp')!).backgroundImage;
    expect(ramp).to.equal(
      'linear-gradient(to right, rgb(156, 201, 245), rgb(47, 127, 216), rgb(242, 197, 0), rgb(242, 140, 40), rgb(224, 32, 32), rgb(143, 13, 13))',
    );

    layer.setAttribute('mode', 'points');
    await layer.rendered();
    await map.rendered();
    const [x, y] = project(map, [106.555, 29.56]);
    await clickAt(map, x, y);
    await layer.updateComplete;
    const list = root.querySelector<HTMLElement>('[part="spot-list"]')!;
    expect(list).to.not.equal(null);
    const box = list.getBoundingClientRect();
    // Right of the middle: the list opens 8 px left of the pointer, level by level.
    expect(box.width).to.be.greaterThan(100);
    expect(Math.round(box.right)).to.equal(Math.round(x - 8));
    expect(Math.round(box.top)).to.equal(Math.round(y));
    expect([...list.querySelectorAll('.dot')].map((dot) => getComputedStyle(dot).backgroundColor)).to.deep.equal(['rgb(224, 32, 32)', 'rgb(47, 127, 216)']);
    expect(violations.map((el) => el.className)).to.deep.equal([]);
  });
});
