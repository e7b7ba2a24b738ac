/**
 * Reading a fetched JSON file with byte progress, and its errors. Loaded on demand by `loadJson`
 * (core/loader.ts): an element whose data comes as a property never loads it.
 */
import type { LoadError, LoadOptions } from './loader';

/** Makes the `LoadError` to throw (the class stays in core/loader.ts, which loads this file). */
type Fail = (code: LoadError['code'], message: string, status?: number) => LoadError;

/** The rest of `loadJson` (core/loader.ts), once its fetch has settled: `sent` is the response or fetch's error. */
export async function readJson(url: string, sent: Promise<Response | Error>, options: LoadOptions, fail: Fail): Promise<unknown> {
  const response = await sent;
  if (!(response instanceof Response)) {
    if (response.name === 'AbortError') throw response;
    throw fail('load-failed', `${url}: ${response.message}`);
  }
  if (!response.ok) {
    throw fail('load-failed', `HTTP ${response.status} ${response.statusText} — ${url}`.trim(), response.status);
  }
  const text = await readText(response, options);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw fail('parse-failed', `${url}: ${(error as Error).message}`);
  }
}

async function readText(response: Response, options: LoadOptions): Promise<string> {
  const total = Number(response.headers.get('content-length')) || 0;
  if (!response.body || !options.onProgress) return response.text();
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let done = 0;
  options.onProgress({ done, total, phase: 'load' });
  for (;;) {
    const chunk = await reader.read();
    if (chunk.done) break;
    chunks.push(chunk.value);
    done += chunk.value.byteLength;
    options.onProgress({ done, total: Math.max(total, done), phase: 'load' });
  }
  const decoder = new TextDecoder();
  let text = '';
  for (const chunk of chunks) text += decoder.decode(chunk, { stream: true });
  return text + decoder.decode();
}
