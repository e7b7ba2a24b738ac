import { expect } from 'chai';
import { renderProgress, statusStyles } from '../../src/core/status-panel';
import { describeViolations, installStrictStyleCsp, mountHost, renderInto, settle, violations } from '../ui/strict-csp';

installStrictStyleCsp();

describe('progress bar under a strict style CSP', () => {
  afterEach(() => {
    document.querySelectorAll('body > div').forEach((e) => e.remove());
    violations.length = 0;
  });

  it('fills the done share of the bar, then the indeterminate 30 % slice', async () => {
    const { root } = mountHost([statusStyles], 400, 300);
    const fill = () => root.querySelector<HTMLElement>('.city-progress > div')!;
    renderInto(root, renderProgress({ done: 1, total: 4, phase: 'load' }, 'Loading'));
    await settle();
    expect(fill().getBoundingClientRect().width).to.equal(100);
    expect(root.querySelector('.city-progress')!.getAttribute('aria-valuenow')).to.equal('25');
    renderInto(root, renderProgress({ done: 3, total: 4, phase: 'load' }, 'Loading'));
    await new Promise((r) => setTimeout(r, 300)); // the width transitions over 0.2 s
    expect(fill().getBoundingClientRect().width).to.equal(300);
    renderInto(root, renderProgress({ done: 0, total: 0, phase: 'load' }, 'Loading'));
    await new Promise((r) => setTimeout(r, 300));
    expect(fill().style.width).to.equal('');
    expect(getComputedStyle(fill()).width).to.equal('120px');
    expect(describeViolations()).to.deep.equal([]);
  });
});
