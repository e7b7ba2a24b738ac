import { expect } from 'chai';
import { cityManagementCases } from './element-fixtures';
import '../../src/funnel/index';

describe('<city-closure-funnel> leaks', () => {
  it('leaves no ResizeObserver observing and no document listener after 200 connect/disconnect cycles', async () => {
    const observing = new Set<ResizeObserver>();
    const proto = ResizeObserver.prototype;
    const { observe, disconnect, unobserve } = proto;
    let documentListeners = 0;
    const { addEventListener, removeEventListener } = document;
    proto.observe = function (this: ResizeObserver, ...args: Parameters<ResizeObserver['observe']>) {
      observing.add(this);
      return observe.apply(this, args);
    };
    proto.disconnect = function (this: ResizeObserver) {
      observing.delete(this);
      return disconnect.apply(this);
    };
    proto.unobserve = function (this: ResizeObserver, ...args: Parameters<ResizeObserver['unobserve']>) {
      observing.delete(this);
      return unobserve.apply(this, args);
    };
    document.addEventListener = function (this: Document, ...args: Parameters<Document['addEventListener']>) {
      documentListeners++;
      return addEventListener.apply(this, args);
    } as Document['addEventListener'];
    document.removeEventListener = function (this: Document, ...args: Parameters<Document['removeEventListener']>) {
      documentListeners--;
      return removeEventListener.apply(this, args);
    } as Document['removeEventListener'];
    try {
      const el = document.createElement('city-closure-funnel') as import('../../src/funnel/city-closure-funnel').CityClosureFunnel;
      el.style.cssText = 'display:block;width:600px;height:400px;--city-funnel-duration:0ms';
      el.preset = 'city-management';
      el.data = { cases: cityManagementCases() };
      let peak = 0;
      for (let i = 0; i < 200; i++) {
        document.body.append(el);
        await el.updateComplete;
        peak = Math.max(peak, observing.size);
        el.remove();
      }
      expect(peak).to.equal(1); // it did observe while connected
      expect(observing.size).to.equal(0);
      expect(documentListeners).to.equal(0);
      // Still works when connected again.
      document.body.append(el);
      await el.updateComplete;
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      expect(el.shadowRoot!.querySelectorAll('g.stage')).to.have.length(7);
      el.remove();
      expect(observing.size).to.equal(0);
    } finally {
      proto.observe = observe;
      proto.disconnect = disconnect;
      proto.unobserve = unobserve;
      document.addEventListener = addEventListener;
      document.removeEventListener = removeEventListener;
    }
  });
});
