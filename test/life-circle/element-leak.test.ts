import { expect } from 'chai';
import '../../src/life-circle/index';
import type { CityLifeCircle } from '../../src/life-circle/index';
import { until } from '../helpers/dom';
import { PROFILE, analyzed, street } from './element-fixtures';

/** Counts Web Workers started and terminated, and WebGL contexts created and still alive. */
function instrument() {
  const OriginalWorker = window.Worker;
  const { terminate } = OriginalWorker.prototype;
  const { getContext } = HTMLCanvasElement.prototype;
  const live = new Set<Worker>();
  const contexts = new Set<WebGLRenderingContext | WebGL2RenderingContext>();
  let created = 0;
  window.Worker = class extends OriginalWorker {
    constructor(url: string | URL, options?: WorkerOptions) {
      super(url, options);
      created++;
      live.add(this);
    }
  };
  OriginalWorker.prototype.terminate = function (this: Worker) {
    live.delete(this);
    return terminate.call(this);
  };
  HTMLCanvasElement.prototype.getContext = function (this: HTMLCanvasElement, type: string, ...rest: unknown[]) {
    const context = (getContext as (...args: unknown[]) => RenderingContext | null).call(this, type, ...rest);
    if (context && (type === 'webgl2' || type === 'webgl')) contexts.add(context as WebGL2RenderingContext);
    return context;
  } as typeof getContext;
  return {
    get created() {
      return created;
    },
    get liveWorkers() {
      return live.size;
    },
    get contexts() {
      return contexts.size;
    },
    get liveContexts() {
      return [...contexts].filter((c) => !c.isContextLost()).length;
    },
    restore() {
      window.Worker = OriginalWorker;
      OriginalWorker.prototype.terminate = terminate;
      HTMLCanvasElement.prototype.getContext = getContext;
    },
  };
}

function create(): { el: CityLifeCircle; host: HTMLDivElement } {
  const host = document.createElement('div');
  host.style.cssText = 'position:fixed;left:0;top:0;width:800px;height:480px';
  const el = document.createElement('city-life-circle') as CityLifeCircle;
  el.style.cssText = '--city-life-circle-height:480px';
  const data = street();
  el.profile = PROFILE;
  el.level = 5;
  el.residences = data.residences;
  el.facilities = data.facilities;
  el.roads = data.roads;
  return { el, host };
}

/**
 * After a removal: waits until nothing is live (at most 5 s: releasing a software WebGL context
 * takes its own time on a busy machine), then 200 ms more, long enough for anything that should
 * not happen after the removal (a result, a new worker) to show up.
 */
async function settle(probe: { liveWorkers: number; liveContexts: number }): Promise<void> {
  await until(() => probe.liveWorkers === 0 && probe.liveContexts === 0, 5000);
  await new Promise((resolve) => setTimeout(resolve, 200));
}

/** The engine's worker, and on two or more cores the second one the page starts at the first analysis. */
const WORKERS = (navigator.hardwareConcurrency ?? 2) >= 2 ? 2 : 1;

describe('<city-life-circle> leaks', () => {
  it('terminates its worker and releases its WebGL context on every disconnect, and works again when reconnected', async function () {
    this.timeout(240000); // four WebGL starts under a software rasterizer
    const probe = instrument();
    const { el, host } = create();
    document.body.append(host);
    try {
      for (let cycle = 0; cycle < 4; cycle++) {
        host.append(el);
        const result = await analyzed(el);
        expect(result?.residences.h2!.score, `cycle ${cycle}`).to.equal(1);
        el.selectResidence('h1'); // an isochrone request in the worker too
        await el.map!.rendered();
        expect(probe.liveWorkers).to.equal(WORKERS);
        expect(probe.liveContexts).to.equal(1);
        el.remove();
        await settle(probe);
        expect(probe.liveWorkers, `cycle ${cycle}`).to.equal(0);
        expect(probe.liveContexts, `cycle ${cycle}`).to.equal(0);
      }
      expect(probe.created).to.equal(4 * WORKERS);
      expect(probe.contexts).to.equal(4);
    } finally {
      probe.restore();
      host.remove();
    }
  });

  it('cancels an analysis in flight when it leaves the page', async () => {
    const probe = instrument();
    const { el, host } = create();
    document.body.append(host);
    let completed = 0;
    el.addEventListener('city-analysis-complete', () => completed++);
    try {
      host.append(el);
      await el.updateComplete; // the analysis has been posted to the worker
      expect(probe.liveWorkers).to.equal(WORKERS);
      const pending = analyzed(el);
      el.remove();
      expect(await pending).to.equal(null);
      await settle(probe);
      expect(probe.liveWorkers).to.equal(0);
      expect(probe.liveContexts).to.equal(0);
      expect(completed).to.equal(0);
      expect(el.result).to.equal(null);
    } finally {
      probe.restore();
      host.remove();
    }
  });
});
