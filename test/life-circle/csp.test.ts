// The life circle under a strict Content Security Policy, set on this test page before anything
// renders: `style-src 'self'` (no inline style attributes) and `worker-src 'self' blob:`.
import { expect } from 'chai';
import { render } from 'lit';
import '../../src/life-circle/index';
import { analyzeLifeCircle, createLifeCircleWorker } from '../../src/life-circle/index';
import type { CityLifeCircle } from '../../src/life-circle/index';
import { spawnEngineWorker } from '../../src/life-circle/engine/spawn-worker';
import { spawnEngineWorker as spawnInlineWorker } from '../../src/life-circle/engine/spawn-worker.inline';
import { renderCoverageTable } from '../../src/life-circle/panel/coverage-chart';
import type { CoverageRow } from '../../src/life-circle/view/report';
import { unmount } from '../helpers/index';
import { PROFILE, analyzed, mountLifeCircle, street } from './element-fixtures';

function addPolicy(policy: string): void {
  const meta = document.createElement('meta');
  meta.httpEquiv = 'Content-Security-Policy';
  meta.content = policy;
  document.head.append(meta);
}

const violations: { directive: string; sample: string }[] = [];
document.addEventListener('securitypolicyviolation', (e) => violations.push({ directive: e.effectiveDirective, sample: e.sample }));
addPolicy("style-src 'self'; worker-src 'self' blob:");

const OPTIONS = { profile: PROFILE, level: 5 as const };

describe('life circle under a strict CSP', () => {
  beforeEach(() => {
    violations.length = 0;
  });

  it('colours the coverage table through SVG attributes, not blocked style attributes', async () => {
    const rows: CoverageRow[] = [
      { key: 'kindergarten', label: 'Kindergarten', level: 5, minutes: 300 / 72, color: '#1f77b4', share: 0.5, population: 300, residences: 1, required: true, limit: 300, rule: null, visible: true, facilities: 2 },
    ];
    const host = document.createElement('div');
    document.body.append(host);
    render(renderCoverageTable(rows, 'en', (k) => k, () => {}), host);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(getComputedStyle(host.querySelector('.swatch circle')!).fill).to.equal('rgb(31, 119, 180)');
    expect(getComputedStyle(host.querySelector('rect.fill')!).fill).to.equal('rgb(31, 119, 180)');
    expect(violations).to.deep.equal([]);
    host.remove();
  });

  for (const [name, spawn] of [
    ['npm build (module worker next to the library)', spawnEngineWorker],
    ['single-file bundle variant', spawnInlineWorker],
  ] as const) {
    it(`runs the engine worker of the ${name}`, async () => {
      const client = createLifeCircleWorker({ worker: spawn() });
      try {
        const result = await client.analyze(street(), OPTIONS);
        const direct = analyzeLifeCircle(street(), OPTIONS);
        expect(JSON.stringify(result.residences)).to.equal(JSON.stringify(direct.residences));
        expect(violations).to.deep.equal([]);
      } finally {
        client.terminate();
      }
    });
  }

  it('starts the second worker of the single-file bundle variant from this thread: it builds the walking graph and takes searches', async () => {
    const client = createLifeCircleWorker({ spawn: spawnInlineWorker });
    try {
      const result = await client.analyze(street(), OPTIONS);
      expect(JSON.stringify(result.residences)).to.equal(JSON.stringify(analyzeLifeCircle(street(), OPTIONS).residences));
      expect(result.method).to.equal('network');
      // Set only when the graph came from the second worker, which starts on two or more cores.
      if ((navigator.hardwareConcurrency ?? 2) >= 2) {
        expect(result.timings.graphWait).to.be.a('number');
        expect(result.timings.helperCategories).to.be.a('number');
      } else expect(result.timings.graphWait).to.equal(undefined);
      expect(violations).to.deep.equal([]);
    } finally {
      client.terminate();
    }
  });

  it('draws and analyses the element with no violation', async () => {
    const el = mountLifeCircle<CityLifeCircle>(900, 520, { lang: 'en' });
    try {
      el.profile = PROFILE;
      el.level = 5;
      Object.assign(el, street());
      const result = await analyzed(el);
      await el.updateComplete;
      expect(JSON.stringify(result!.residences)).to.equal(JSON.stringify(analyzeLifeCircle(street(), OPTIONS).residences));
      const swatches = [...el.shadowRoot!.querySelectorAll('.coverage .swatch circle, .coverage rect.fill')];
      expect(swatches).to.have.length(6);
      expect(swatches.every((s) => /^rgb\(/.test(getComputedStyle(s).fill))).to.equal(true);
      expect(violations.filter((v) => v.directive.startsWith('style-src') || v.directive === 'worker-src')).to.deep.equal([]);
    } finally {
      unmount(el);
    }
  });

  // Last: a policy cannot be lifted once added.
  it('(control) the policy is enforced: with workers forbidden the worker fails, and the element falls back to the main thread', async () => {
    addPolicy("worker-src 'none'");
    const client = createLifeCircleWorker({ worker: spawnEngineWorker() });
    let failure: Error | null = null;
    try {
      await client.analyze(street(), OPTIONS);
    } catch (error) {
      failure = error as Error;
    } finally {
      client.terminate();
    }
    expect(failure?.message).to.match(/^life-circle worker failed/);
    expect(violations.map((v) => v.directive)).to.include('worker-src');

    const el = mountLifeCircle<CityLifeCircle>(900, 520, { lang: 'en' });
    try {
      el.profile = PROFILE;
      el.level = 5;
      Object.assign(el, street());
      const result = await analyzed(el);
      expect(JSON.stringify(result!.residences)).to.equal(JSON.stringify(analyzeLifeCircle(street(), OPTIONS).residences));
    } finally {
      unmount(el);
    }
  });
});
