/**
 * Real input through the test runner (as @web/test-runner-commands sends it; that module,
 * pre-bundled by Vite, logs an unresolvable-import error on every run), and a count of GPU
 * read-backs for picking tests.
 */

/** A real key press or mouse action through the runner's browser (`send-keys`, `send-mouse` payloads). */
export async function runnerCommand(command: 'send-keys' | 'send-mouse', payload: unknown): Promise<void> {
  const sessionId = new URL(window.location.href).searchParams.get('wtr-session-id');
  // Hidden from Vite's import analysis, which would otherwise pull in its HMR client.
  const load = new Function('path', 'return import(path)') as (path: string) => Promise<{
    sendMessageWaitForResponse(message: unknown): Promise<{ executed: boolean }>;
  }>;
  const { sendMessageWaitForResponse } = await load('/__web-dev-server__web-socket.js');
  const response = await sendMessageWaitForResponse({ type: 'wtr-command', sessionId, command, payload });
  if (!response.executed) throw new Error(`${command} is not available in this test runner`);
}

/** A real key press (`Tab`, `Enter`, `Shift+Tab`…) in the focused element. */
export function pressKey(key: string): Promise<void> {
  return runnerCommand('send-keys', { press: key });
}

/** How many times WebGL pixels are read back (a GPU picking pass reads its picking buffer) while `run` runs. */
export async function gpuReadBacks(run: () => Promise<void>): Promise<number> {
  const proto = WebGL2RenderingContext.prototype;
  const real = proto.readPixels;
  let count = 0;
  proto.readPixels = function (this: WebGL2RenderingContext, ...args: unknown[]) {
    count++;
    return (real as (...a: unknown[]) => void).apply(this, args);
  } as typeof real;
  try {
    await run();
  } finally {
    proto.readPixels = real;
  }
  return count;
}
