import { expect } from 'chai';
import { css, html } from 'lit';
import { styleMap } from 'lit/directives/style-map.js';
import { cssStyle, type CssStyleInfo } from '../../src/core/css-style';
import { describeViolations, installStrictStyleCsp, mountHost, renderInto, settle, violations } from '../ui/strict-csp';

installStrictStyleCsp();

const boxStyles = css`
  .box {
    width: var(--w, 10px);
    height: 10px;
    background-color: rgb(1, 2, 3);
  }
`;

const box = (styles: CssStyleInfo) => html`<div class="box" ${cssStyle(styles)}></div>`;

describe('cssStyle() under a strict style CSP', () => {
  afterEach(() => {
    document.querySelectorAll('body > div').forEach((e) => e.remove());
    violations.length = 0;
  });

  it('Lit’s styleMap alone is blocked on its first render (why cssStyle exists)', async () => {
    const { root } = mountHost([boxStyles]);
    const view = (color: string) => html`<div class="box" style=${styleMap({ backgroundColor: color })}></div>`;
    renderInto(root, view('rgb(200, 0, 0)'));
    await settle();
    const el = root.querySelector('.box')!;
    expect(getComputedStyle(el).backgroundColor).to.equal('rgb(1, 2, 3)');
    expect(violations.map((v) => v.effectiveDirective)).to.deep.equal(['style-src-attr']);
    renderInto(root, view('rgb(0, 200, 0)'));
    expect(getComputedStyle(el).backgroundColor).to.equal('rgb(0, 200, 0)');
  });

  it('applies camelCase, dashed and custom properties from the first render, with no violation', async () => {
    const { root } = mountHost([boxStyles]);
    renderInto(root, box({ backgroundColor: 'rgb(200, 0, 0)', 'border-top': '3px solid rgb(0, 0, 9)', '--w': '37px' }));
    await settle();
    const el = root.querySelector<HTMLElement>('.box')!;
    const style = getComputedStyle(el);
    expect([style.backgroundColor, style.borderTopWidth, style.borderTopColor, style.width]).to.deep.equal([
      'rgb(200, 0, 0)',
      '3px',
      'rgb(0, 0, 9)',
      '37px',
    ]);
    expect(el.hasAttribute('style')).to.equal(true); // the CSSOM reflects into the attribute; the CSP allows that
    expect(describeViolations()).to.deep.equal([]);
  });

  it('updates, removes left-out or null properties and honours !important', async () => {
    const { root } = mountHost([boxStyles]);
    renderInto(root, box({ backgroundColor: 'rgb(200, 0, 0)', '--w': '37px', opacity: 0.5 }));
    renderInto(root, box({ backgroundColor: 'rgb(0, 0, 200) !important', '--w': null }));
    await settle();
    const el = root.querySelector<HTMLElement>('.box')!;
    const style = getComputedStyle(el);
    expect([style.backgroundColor, style.width, style.opacity]).to.deep.equal(['rgb(0, 0, 200)', '10px', '1']);
    expect(el.style.getPropertyPriority('background-color')).to.equal('important');
    renderInto(root, box({}));
    expect(el.style.length).to.equal(0);
    expect(getComputedStyle(el).backgroundColor).to.equal('rgb(1, 2, 3)');
    expect(describeViolations()).to.deep.equal([]);
  });

  it('refuses an attribute position', () => {
    const { root } = mountHost([boxStyles]);
    expect(() => renderInto(root, html`<div style=${cssStyle({ width: '1px' })}></div>`)).to.throw(/element position/);
  });
});
