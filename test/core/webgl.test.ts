import { expect } from 'chai';

/** Proves the test browser has working WebGL2 (SwiftShader when headless): shaders compile, a draw lands, pixels read back. */
describe('test browser WebGL', () => {
  it('draws a triangle with a WebGL2 shader and reads back its colour', () => {
    const canvas = document.createElement('canvas');
    canvas.width = 16;
    canvas.height = 16;
    const gl = canvas.getContext('webgl2');
    expect(gl, 'WebGL2 context').to.not.equal(null);
    const g = gl!;
    const compile = (type: number, source: string) => {
      const shader = g.createShader(type)!;
      g.shaderSource(shader, source);
      g.compileShader(shader);
      expect(g.getShaderParameter(shader, g.COMPILE_STATUS), g.getShaderInfoLog(shader) ?? '').to.equal(true);
      return shader;
    };
    const program = g.createProgram()!;
    g.attachShader(program, compile(g.VERTEX_SHADER, '#version 300 es\nin vec2 p;void main(){gl_Position=vec4(p,0.,1.);}'));
    g.attachShader(program, compile(g.FRAGMENT_SHADER, '#version 300 es\nprecision highp float;out vec4 c;void main(){c=vec4(1.,.5,0.,1.);}'));
    g.linkProgram(program);
    expect(g.getProgramParameter(program, g.LINK_STATUS)).to.equal(true);
    g.useProgram(program);
    const buffer = g.createBuffer();
    g.bindBuffer(g.ARRAY_BUFFER, buffer);
    // A triangle covering the left-bottom half of the viewport.
    g.bufferData(g.ARRAY_BUFFER, new Float32Array([-1, -1, 1, -1, -1, 1]), g.STATIC_DRAW);
    const location = g.getAttribLocation(program, 'p');
    g.enableVertexAttribArray(location);
    g.vertexAttribPointer(location, 2, g.FLOAT, false, 0, 0);
    g.clearColor(0, 0, 1, 1);
    g.clear(g.COLOR_BUFFER_BIT);
    g.drawArrays(g.TRIANGLES, 0, 3);
    const inside = new Uint8Array(4);
    const outside = new Uint8Array(4);
    g.readPixels(3, 3, 1, 1, g.RGBA, g.UNSIGNED_BYTE, inside);
    g.readPixels(13, 13, 1, 1, g.RGBA, g.UNSIGNED_BYTE, outside);
    expect(Array.from(inside)).to.deep.equal([255, 128, 0, 255]);
    expect(Array.from(outside)).to.deep.equal([0, 0, 255, 255]);
  });
});
