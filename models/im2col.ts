/**
 * The im2col of a same-padded, stride-1 k×k convolution: [N, H, W, C] →
 * [N, H, W, k·k·C], each window's (dy, dx, c) in that order (the layout of a
 * [k, k, C, cout] filter flattened to rows), zeros outside the image.
 *
 * On the CPU-side backends (wasm, cpu) it is one kernel of its own, a plain
 * loop over typed arrays, and its gradient another (col2im: each input
 * pixel sums the k·k window slots it was copied to). tfjs's way — k·k
 * shifted slices of the padded input concatenated along channels — runs as
 * generic JavaScript kernels there (wasm's concat and slice included: they
 * took 41% of a `digits` loop's time), and a gather is no better (tfjs-wasm's
 * Gather: about 0.6 µs a row). Elsewhere (WebGPU, WebGL) the slices and
 * concat remain, as GPU dispatches.
 *
 * The windows are exact copies, so both ways give the same values bit for
 * bit; the gradient sums the same k·k terms, in another order.
 */
import * as tf from '@tensorflow/tfjs-core';

const IM2COL = 'SuccessorIm2col';
const COL2IM = 'SuccessorCol2im';

/** Copies the windows of `src` ([n, h, w, c]) into `dst` ([n, h, w, k·k·c]). */
function im2colLoop(src: Float32Array, dst: Float32Array, n: number, h: number, w: number, c: number, k: number) {
  const p = (k - 1) / 2;
  let o = 0;
  for (let i = 0; i < n; i++)
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++)
        for (let dy = 0; dy < k; dy++) {
          const yy = y + dy - p;
          for (let dx = 0; dx < k; dx++) {
            const xx = x + dx - p;
            if (yy < 0 || yy >= h || xx < 0 || xx >= w) {
              dst.fill(0, o, o + c);
            } else {
              const from = ((i * h + yy) * w + xx) * c;
              for (let ch = 0; ch < c; ch++) dst[o + ch] = src[from + ch];
            }
            o += c;
          }
        }
}

/** Adds each window slot of `cols` ([n, h, w, k·k·c]) back onto the pixel it came from, in `dst` ([n, h, w, c], zeroed). */
function col2imLoop(cols: Float32Array, dst: Float32Array, n: number, h: number, w: number, c: number, k: number) {
  const p = (k - 1) / 2;
  dst.fill(0);
  let o = 0;
  for (let i = 0; i < n; i++)
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++)
        for (let dy = 0; dy < k; dy++) {
          const yy = y + dy - p;
          for (let dx = 0; dx < k; dx++) {
            const xx = x + dx - p;
            if (yy >= 0 && yy < h && xx >= 0 && xx < w) {
              const to = ((i * h + yy) * w + xx) * c;
              for (let ch = 0; ch < c; ch++) dst[to + ch] += cols[o + ch];
            }
            o += c;
          }
        }
}

/** What the kernels need of tfjs-backend-wasm (its heap) and tfjs-backend-cpu (its arrays). */
interface WasmLike {
  makeOutput(shape: number[], dtype: 'float32'): tf.TensorInfo;
  typedArrayFromHeap(t: tf.TensorInfo): Float32Array;
}
interface CpuLike {
  data: { get(dataId: object): { values: Float32Array } };
  makeTensorInfo(shape: number[], dtype: 'float32', values: Float32Array): tf.TensorInfo;
}

type Loop = typeof im2colLoop;

/** A kernel running `loop` from input x to an output of `outShape(x.shape, k)`, on wasm or cpu. */
function kernelFor(backendName: 'wasm' | 'cpu', loop: Loop, outShape: (s: number[], k: number) => number[]) {
  return ({ inputs, backend, attrs }: Parameters<tf.KernelFunc>[0]): tf.TensorInfo => {
    const x = inputs.x as tf.TensorInfo;
    const k = Number(attrs?.kernel);
    const shape = outShape(x.shape, k);
    // The input's shape is that of the images: for col2im, of its output.
    const [n, h, w, c] = loop === im2colLoop ? x.shape : shape;
    if (backendName === 'wasm') {
      const b = backend as unknown as WasmLike;
      const out = b.makeOutput(shape, 'float32');
      // Views made after the output's allocation, which may grow (and so replace) the heap.
      loop(b.typedArrayFromHeap(x), b.typedArrayFromHeap(out), n, h, w, c, k);
      return out;
    }
    const b = backend as unknown as CpuLike;
    const out = new Float32Array(tf.util.sizeFromShape(shape));
    loop(b.data.get(x.dataId).values, out, n, h, w, c, k);
    return b.makeTensorInfo(shape, 'float32', out);
  };
}

for (const backendName of ['wasm', 'cpu'] as const) {
  if (tf.getKernel(IM2COL, backendName)) continue;
  tf.registerKernel({
    kernelName: IM2COL,
    backendName,
    kernelFunc: kernelFor(backendName, im2colLoop, (s, k) => [s[0], s[1], s[2], k * k * s[3]]),
  });
  tf.registerKernel({
    kernelName: COL2IM,
    backendName,
    kernelFunc: kernelFor(backendName, col2imLoop, (s, k) => [s[0], s[1], s[2], s[3] / (k * k)]),
  });
}

/** tfjs's im2col (GPU backends): k·k shifted slices of the padded input, concatenated along channels. */
function slicedWindows(x: tf.Tensor4D, kernel: number): tf.Tensor4D {
  const p = (kernel - 1) / 2;
  const [n, h, w, c] = x.shape;
  const padded = tf.pad(x, [
    [0, 0],
    [p, p],
    [p, p],
    [0, 0],
  ]);
  const parts: tf.Tensor4D[] = [];
  for (let dy = 0; dy < kernel; dy++)
    for (let dx = 0; dx < kernel; dx++) parts.push(tf.slice(padded, [0, dy, dx, 0], [n, h, w, c]));
  return tf.concat(parts, 3);
}

let kernelsOn = true;

/** Whether the wasm and cpu backends use the im2col kernels (default) or tfjs's slices and concat (for comparisons). */
export function useIm2colKernels(on: boolean): boolean {
  const before = kernelsOn;
  kernelsOn = on;
  return before;
}

/** The windows of `x` ([N, H, W, C]) for a same-padded k×k kernel: [N, H, W, k·k·C]. */
export function windows(x: tf.Tensor4D, kernel: number): tf.Tensor4D {
  if (kernel === 1) return x;
  if (!kernelsOn || !tf.getKernel(IM2COL, tf.getBackend())) return slicedWindows(x, kernel);
  const attrs = { kernel } as unknown as tf.NamedAttrMap;
  const op = tf.customGrad(((input: tf.Tensor) => ({
    value: tf.engine().runKernel(IM2COL, { x: input }, attrs) as tf.Tensor4D,
    gradFunc: (dy: tf.Tensor) => tf.engine().runKernel(COL2IM, { x: dy }, attrs) as tf.Tensor4D,
  })) as unknown as Parameters<typeof tf.customGrad>[0]);
  return op(x) as tf.Tensor4D;
}

/** The slice-and-concat im2col, on any backend: the reference the tests hold the kernels to. */
export const referenceWindows = slicedWindows;
