import { expect } from 'chai';
import { html } from 'lit';
import { property } from 'lit/decorators.js';
import { CityElement } from '../../src/core/base-element';
import { define } from '../../src/core/define';
import { AttributeChecks, attributeIssue, attributeName, attributeReaders, checkChoice, isUnset, readGuarded, readTheme } from '../../src/core/attributes';
import type { ValidationIssue } from '../../src/core/validation';
import type { CityErrorDetail } from '../../src/core/events';

const MODES = ['heat', 'points'] as const;

const readMode = (issues: ValidationIssue[], value: unknown) => checkChoice(issues, 'mode', value, MODES, 'heat');

/** An element with one choice attribute, declared the way every CityKit element declares its own. */
class TestChoiceElement extends CityElement {
  static override attributeReaders = attributeReaders(CityElement.attributeReaders, { mode: readMode });
  @property() mode?: string | null;

  get effectiveMode(): (typeof MODES)[number] {
    return readMode([], this.mode);
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

  it('checks the base attributes (theme) on every element, falling back to the OS preference', async () => {
    const el = document.createElement('citykit-test-choice') as TestChoiceElement;
    const events: CityErrorDetail[] = [];
    el.addEventListener('city-error', (e) => events.push((e as CustomEvent<CityErrorDetail>).detail));
    document.body.append(el);
    try {
      el.setAttribute('theme', 'neon');
      el.setAttribute('mode', '__proto__');
      await el.updateComplete;
      expect(el.errors.flatMap((d) => d.issues.map((i) => i.message))).to.deep.equal([
        'theme: unknown value "neon" (expected light | dark)',
        'mode: unknown value "__proto__" (expected heat | points)',
      ]);
      // "neon" styles like an unset theme (the OS preference), not like light.
      const unset = document.createElement('citykit-test-choice');
      document.body.append(unset);
      await (unset as TestChoiceElement).updateComplete;
      expect(getComputedStyle(el).getPropertyValue('--city-bg')).to.equal(getComputedStyle(unset).getPropertyValue('--city-bg'));
      unset.remove();
      el.setAttribute('theme', 'dark');
      await el.updateComplete;
      expect(getComputedStyle(el).getPropertyValue('--city-bg').trim()).to.equal('#07111f');
      expect(el.errors.flatMap((d) => d.issues.map((i) => i.path))).to.deep.equal(['mode']);
      el.removeAttribute('mode');
      await el.updateComplete;
      expect(el.errors).to.deep.equal([]);
      expect(events.map((d) => d.issues.length)).to.deep.equal([2, 1]);
    } finally {
      el.remove();
    }
  });

  it('readGuarded: a value that throws when read is one warning naming the attribute, and the default', () => {
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    const throwing = new Proxy({}, { get: () => { throw new Error('hostile'); }, getPrototypeOf: () => { throw new Error('hostile'); } });
    // A reader that reads deep into what it is given (as list and domain readers do).
    const readDeep = (issues: ValidationIssue[], value: unknown) => (isUnset(value) ? 'default' : Array.isArray(value) || Object.getPrototypeOf(value) ? checkChoice(issues, 'legend-position', value, ['top'], 'default') : 'default');
    for (const value of [proxy, throwing]) {
      const issues: ValidationIssue[] = [];
      expect(readGuarded(readDeep, issues, value, 'legend-position')).to.equal('default');
      expect(issues.map((i) => [i.path, i.severity, i.message])).to.deep.equal([['legend-position', 'warning', 'legend-position: the value could not be read; the default is used']]);
    }
    expect(readGuarded(readDeep, [], 'top', 'legend-position')).to.equal('top');
    expect(['colorDomain', 'hexRadius', 'mode', 'hiddenCategories'].map(attributeName)).to.deep.equal(['color-domain', 'hex-radius', 'mode', 'hidden-categories']);
  });

  it('AttributeChecks re-checks only changed properties and says when the warnings changed', () => {
    const calls: string[] = [];
    const readers = attributeReaders({
      theme: (issues, value) => {
        calls.push('theme');
        return readTheme(issues, value);
      },
      mode: (issues, value) => {
        calls.push('mode');
        return readMode(issues, value);
      },
    });
    expect(Object.getPrototypeOf(readers)).to.equal(null);
    const checks = new AttributeChecks(readers);
    const host = { theme: 'dark', mode: 'diagonal', other: 1 };
    expect(checks.recheck(host, ['theme', 'mode', 'other', '__proto__', 'constructor'])).to.equal(true);
    expect(calls).to.deep.equal(['theme', 'mode']);
    expect(checks.issues.map((i) => i.path)).to.deep.equal(['mode']);
    expect(checks.recheck(host, ['mode'])).to.equal(false); // same warning again
    host.theme = 'sepia';
    expect(checks.recheck(host, ['theme'])).to.equal(true);
    expect(checks.issues.map((i) => i.path)).to.deep.equal(['theme', 'mode']); // declaration order
    host.mode = 'points';
    expect(checks.recheck(host, ['mode'])).to.equal(true);
    expect(checks.issues.map((i) => i.path)).to.deep.equal(['theme']);
  });
});
