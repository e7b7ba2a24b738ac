import { expect } from 'chai';
import { html } from 'lit';
import { property } from 'lit/decorators.js';
import { CityElement } from '../../src/core/base-element';
import { define } from '../../src/core/define';
import { attributeIssue, checkChoice, isUnset } from '../../src/core/attributes';
import type { ValidationIssue } from '../../src/core/validation';
import type { CityErrorDetail } from '../../src/core/events';

const MODES = ['heat', 'points'] as const;

/** An element with one choice attribute, checked the way every CityKit element checks its own. */
class TestChoiceElement extends CityElement {
  @property() mode?: string | null;
  effectiveMode: (typeof MODES)[number] = 'heat';

  override willUpdate() {
    const issues: ValidationIssue[] = [];
    this.effectiveMode = checkChoice(issues, 'mode', this.mode, MODES, 'heat');
    this.reportAttributeIssues(issues);
  }

  override render() {
    return html`${this.renderStatus()}`;
  }
}
define('citykit-test-choice', TestChoiceElement);

describe('core/attributes', () => {
  it('checkChoice: unset values fall back silently, unknown ones fall back with a warning', () => {
    const issues: ValidationIssue[] = [];
    expect(checkChoice(issues, 'mode', null, MODES, 'heat')).to.equal('heat');
    expect(checkChoice(issues, 'mode', undefined, MODES, 'heat')).to.equal('heat');
    expect(checkChoice(issues, 'mode', '', MODES, 'heat')).to.equal('heat');
    expect(checkChoice(issues, 'mode', 'points', MODES, 'heat')).to.equal('points');
    expect(issues).to.deep.equal([]);
    expect(checkChoice(issues, 'mode', '__proto__', MODES, 'heat')).to.equal('heat');
    expect(checkChoice(issues, 'mode', 42, MODES, 'heat')).to.equal('heat');
    expect(issues.map((i) => [i.path, i.severity, i.code, i.params?.value])).to.deep.equal([
      ['mode', 'warning', 'unknown-value', '"__proto__"'],
      ['mode', 'warning', 'unknown-value', '42'],
    ]);
    expect(issues[0].message).to.equal('mode: unknown value "__proto__" (expected heat | points)');
  });

  it('attributeIssue never copies a huge value into the message', () => {
    const issue = attributeIssue('center', 'x'.repeat(10_000_000), 'lon,lat');
    expect(issue.message.length).to.be.lessThan(140);
    expect(isUnset('0')).to.equal(false);
    expect(isUnset(0)).to.equal(false);
  });

  it('reports a bad attribute once as a warning, and clears it when the attribute is removed', async () => {
    const el = document.createElement('citykit-test-choice') as TestChoiceElement;
    el.setAttribute('lang', 'en');
    const events: CityErrorDetail[] = [];
    el.addEventListener('city-error', (e) => events.push((e as CustomEvent<CityErrorDetail>).detail));
    document.body.append(el);
    try {
      el.setAttribute('mode', 'diagonal');
      await el.updateComplete;
      expect(el.effectiveMode).to.equal('heat');
      expect(events.map((d) => [d.severity, d.issues.map((i) => i.path)])).to.deep.equal([['warning', ['mode']]]);
      // Unrelated updates re-check the attributes but do not fire the same report again.
      el.requestUpdate();
      await el.updateComplete;
      el.requestUpdate();
      await el.updateComplete;
      expect(events.length).to.equal(1);
      expect(el.shadowRoot!.querySelector('[part="error"]')?.textContent).to.contain('mode');
      el.removeAttribute('mode');
      await el.updateComplete;
      expect(el.errors).to.deep.equal([]);
      expect(el.shadowRoot!.querySelector('[part="error"]')).to.equal(null);
      el.setAttribute('mode', 'points');
      await el.updateComplete;
      expect(el.effectiveMode).to.equal('points');
      el.setAttribute('mode', 'bogus');
      await el.updateComplete;
      expect(events.length).to.equal(2);
      expect(events[1].issues[0].message).to.equal('mode: unknown value "bogus" (expected heat | points)');
    } finally {
      el.remove();
    }
  });
});
