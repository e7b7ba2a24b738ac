import { expect } from 'chai';
import { formatNumber, normalizeLocale, optionalString, registerStrings, resolveLocale, setStrings, translate } from '../../src/core/i18n';

describe('core/i18n', () => {
  before(() => {
    registerStrings({
      // @ts-expect-error both languages must have every key; a table that lacks one does not compile
      'zh-CN': { 'test.hello': '你好，{name}', 'test.only-zh': '仅中文' },
      // @ts-expect-error (same: "test.only-zh" is missing here)
      en: { 'test.hello': 'Hello, {name}', 'test.only-en': 'English only' },
    });
  });

  it('normalizes language tags', () => {
    expect(normalizeLocale('zh')).to.equal('zh-CN');
    expect(normalizeLocale('zh-Hans-CN')).to.equal('zh-CN');
    expect(normalizeLocale('en-GB')).to.equal('en');
    expect(normalizeLocale('fr')).to.equal('en');
    expect(normalizeLocale('')).to.equal(null);
  });

  it('interpolates and falls back: language → en → key', () => {
    expect(translate('zh-CN', 'test.hello', { name: '张三' })).to.equal('你好，张三');
    expect(translate('en', 'test.hello', { name: 'Li' })).to.equal('Hello, Li');
    expect(translate('zh-CN', 'test.only-en')).to.equal('English only');
    expect(translate('en', 'test.missing')).to.equal('test.missing');
    expect(translate('en', 'test.hello')).to.equal('Hello, {name}');
  });

  it('looks up keys built from data without showing the key when there is no string', () => {
    expect(optionalString('zh-CN', 'test.hello')).to.equal('你好，{name}');
    expect(optionalString('zh-CN', 'test.only-en')).to.equal('English only');
    expect(optionalString('en', 'test.category.gas')).to.equal(undefined);
    expect(optionalString('en', 'constructor')).to.equal(undefined);
    expect(optionalString('en', 'test.category.gas', { 'test.category.gas': 'Gas' })).to.equal('Gas');
  });

  it('ignores overrides that are not strings and names inherited from Object.prototype', () => {
    const overrides = { 'test.hello': 42, 'test.only-en': null } as unknown as Record<string, string>;
    expect(translate('en', 'test.hello', { name: 'Li' }, overrides)).to.equal('Hello, Li');
    expect(translate('en', 'test.only-en', undefined, overrides)).to.equal('English only');
    expect(translate('en', 'constructor')).to.equal('constructor');
    expect(translate('en', 'toString', undefined, {})).to.equal('toString');
    expect(translate('en', 'test.hello', { constructor: 'x' } as never)).to.equal('Hello, {name}');
  });

  it('element overrides beat page overrides, which beat built-ins', () => {
    setStrings('en', { 'test.hello': 'Hi {name}' });
    expect(translate('en', 'test.hello', { name: 'A' })).to.equal('Hi A');
    expect(translate('en', 'test.hello', { name: 'A' }, { 'test.hello': 'Yo {name}' })).to.equal('Yo A');
    setStrings('en', { 'test.hello': 'Hello, {name}' });
  });

  it('resolves the locale from the element, an ancestor across a shadow root, then the document', () => {
    const outer = document.createElement('div');
    outer.setAttribute('lang', 'en');
    const host = document.createElement('div');
    outer.append(host);
    const inner = document.createElement('span');
    host.attachShadow({ mode: 'open' }).append(inner);
    document.body.append(outer);
    try {
      expect(resolveLocale(inner)).to.equal('en');
      inner.setAttribute('lang', 'zh-TW');
      expect(resolveLocale(inner)).to.equal('zh-CN');
      outer.removeAttribute('lang');
      inner.removeAttribute('lang');
      const saved = document.documentElement.lang;
      document.documentElement.lang = 'en-US';
      expect(resolveLocale(inner)).to.equal('en');
      document.documentElement.lang = '';
      expect(resolveLocale(inner)).to.equal('zh-CN');
      document.documentElement.lang = saved;
    } finally {
      outer.remove();
    }
  });

  it('formats numbers per locale and options, the same through its cached formatters', () => {
    const cases: [Parameters<typeof formatNumber>, string][] = [
      [['zh-CN', 1234567.891], '1,234,567.891'],
      [['en', 1234567.891, { maximumFractionDigits: 1 }], '1,234,567.9'],
      [['en', 0.4567, { style: 'percent', minimumFractionDigits: 2 }], '45.67%'],
      [['en', 0.4567, { style: 'percent' }], '46%'],
      [['zh-CN', 1234567.891], '1,234,567.891'],
    ];
    for (let round = 0; round < 2; round++) for (const [args, expected] of cases) expect(formatNumber(...args), String(args)).to.equal(expected);
    // More option sets than the cache keeps (it starts afresh): each as a new formatter gives it.
    for (let integer = 1; integer <= 21; integer++) {
      for (let fraction = 0; fraction <= 3; fraction++) {
        const options = { minimumIntegerDigits: integer, minimumFractionDigits: fraction };
        expect(formatNumber('en', 1234.5, options)).to.equal(new Intl.NumberFormat('en', options).format(1234.5));
      }
    }
  });
});
