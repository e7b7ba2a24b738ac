import { expect } from 'chai';

describe('test browser WebGL', () => {
  it('renders with WebGL2 and reads back the cleared colour', () => {
    const canvas = document.createElement('canvas');
    canvas.width = 8;
    canvas.height = 8;
    const gl = canvas.getContext('webgl2');
    expect(gl, 'WebGL2 context').to.not.equal(null);
    gl!.clearColor(1, 0.5, 0, 1);
    gl!.clear(gl!.COLOR_BUFFER_BIT);
    const pixel = new Uint8Array(4);
    gl!.readPixels(4, 4, 1, 1, gl!.RGBA, gl!.UNSIGNED_BYTE, pixel);
    expect(Array.from(pixel)).to.deep.equal([255, 128, 0, 255]);
  });
});
