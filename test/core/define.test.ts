import { expect } from 'chai';
import { define } from '../../src/core/define';

describe('core/define', () => {
  let warnings: unknown[][];
  const originalWarn = console.warn;
  beforeEach(() => {
    warnings = [];
    console.warn = (...args: unknown[]) => warnings.push(args);
  });
  afterEach(() => {
    console.warn = originalWarn;
  });

  it('defines a new tag', () => {
    class A extends HTMLElement {}
    define('citykit-define-a', A, '1.0.0');
    expect(customElements.get('citykit-define-a')).to.equal(A);
    expect(warnings).to.have.length(0);
  });

  it('is a silent no-op for the same tag and version, even from another copy of the class', () => {
    class B1 extends HTMLElement {}
    class B2 extends HTMLElement {}
    define('citykit-define-b', B1, '1.0.0');
    expect(() => define('citykit-define-b', B1, '1.0.0')).not.to.throw();
    expect(() => define('citykit-define-b', B2, '1.0.0')).not.to.throw();
    expect(customElements.get('citykit-define-b')).to.equal(B1);
    expect(warnings).to.have.length(0);
  });

  it('warns once, without throwing, when another version defined the tag first', () => {
    class C1 extends HTMLElement {}
    class C2 extends HTMLElement {}
    define('citykit-define-c', C1, '1.0.0');
    expect(() => define('citykit-define-c', C2, '2.0.0')).not.to.throw();
    expect(customElements.get('citykit-define-c')).to.equal(C1);
    expect(warnings).to.have.length(1);
    expect(String(warnings[0][0])).to.equal(
      'CityKit: <citykit-define-c> is already defined by version 1.0.0; version 2.0.0 was not registered.',
    );
  });

  it('does not throw for an invalid tag name', () => {
    class D extends HTMLElement {}
    expect(() => define('NotValid', D)).not.to.throw();
    expect(warnings).to.have.length(1);
  });
});
