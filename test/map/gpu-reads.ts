/** For picking tests: how many times WebGL pixels are read back (a GPU picking pass reads its picking buffer) while `run` runs. */
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
