import { expect } from 'chai';
import { loadJson, LoadError } from '../../src/core/loader';

describe('core/loader loadJson', () => {
  it('loads JSON and reports byte progress', async () => {
    const progress: number[] = [];
    const value = await loadJson('/test/fixtures/good.json', { onProgress: (p) => progress.push(p.done) });
    expect(value).to.deep.equal({ ok: true, items: [1, 2, 3] });
    expect(progress[0]).to.equal(0);
    expect(progress[progress.length - 1]).to.equal(33);
  });

  it('reports HTTP errors with status and URL', async () => {
    try {
      await loadJson('/test/fixtures/does-not-exist.json');
      expect.fail('should have thrown');
    } catch (error) {
      expect(error).to.be.instanceOf(LoadError);
      expect((error as LoadError).code).to.equal('load-failed');
      expect((error as LoadError).status).to.equal(404);
      expect((error as LoadError).message).to.contain('HTTP 404');
      expect((error as LoadError).message).to.contain('/test/fixtures/does-not-exist.json');
    }
  });

  it('reports invalid JSON as parse-failed', async () => {
    try {
      await loadJson('/test/fixtures/bad.json');
      expect.fail('should have thrown');
    } catch (error) {
      expect((error as LoadError).code).to.equal('parse-failed');
      expect((error as LoadError).message).to.contain('/test/fixtures/bad.json');
    }
  });

  it('rejects with AbortError when aborted', async () => {
    const controller = new AbortController();
    const pending = loadJson('/test/fixtures/good.json', { signal: controller.signal });
    controller.abort();
    try {
      await pending;
      expect.fail('should have thrown');
    } catch (error) {
      expect((error as Error).name).to.equal('AbortError');
    }
  });

  it('passes the page’s request options (auth headers) to fetch', async () => {
    const original = window.fetch;
    let seen: RequestInit | undefined;
    window.fetch = async (_url, init) => {
      seen = init;
      return new Response('[1]');
    };
    try {
      await loadJson('/x.json', { init: { headers: { Authorization: 'Bearer t' } } });
      expect((seen?.headers as Record<string, string>).Authorization).to.equal('Bearer t');
    } finally {
      window.fetch = original;
    }
  });
});
