/**
 * Every matrix product on tfjs's WebAssembly backend through XNNPACK.
 *
 * tfjs-backend-wasm 4.22 hands a `BatchMatMul` to XNNPACK's fully-connected
 * operator only when it is one plain product: batch 1 on both sides and no
 * transpose flag. Anything else — the backward pass of every dense layer
 * (`dy·Wᵀ`, `xᵀ·dy`) and every product of a batched population — runs in a
 * scalar C++ loop at about 1 GFLOP/s, against XNNPACK's 8–19 on the same core.
 *
 * This kernel, registered for `BatchMatMul` on `wasm` in place of the stock
 * one, turns each product into plain ones: a transposed operand is first
 * transposed explicitly (2-D, per matrix), and a batched product becomes one
 * plain product per batch item, each on a zero-copy view of that item's
 * matrices (a tensor id registered over a range of the backend's heap, never
 * `tf.slice`, which on wasm copies the whole tensor first). A batch whose
 * right side is shared is one product of all its rows. The views and scratch
 * buffers are released before the kernel returns, and with them the XNNPACK
 * operators made for them.
 *
 * The sums are the same products; only their order (XNNPACK's blocking
 * against the scalar loop's) differs, so results agree to float rounding —
 * `tests/engine/wasm-matmul.test.ts` checks products and whole training runs
 * against the stock kernel on the real backend.
 */
import * as tf from '@tensorflow/tfjs-core';
import { useIm2colKernels } from '../../models/im2col';
import { useTypedStep } from './typed-mlp/train';

/** What this module needs of tfjs-backend-wasm's backend (its emscripten module and tensor table). */
interface WasmBackend {
  wasm: {
    cwrap(name: string, ret: null, args: string[]): (...args: unknown[]) => void;
    _malloc(bytes: number): number;
    _free(ptr: number): void;
    tfjs: { registerTensor(id: number, size: number, offset: number): void; disposeData(id: number): void };
  };
  dataIdMap: { get(dataId: object): { id: number; memoryOffset: number } };
  dataIdNextNumber: number;
  makeOutput(shape: number[], dtype: 'float32'): tf.TensorInfo;
}

interface Calls {
  matMul: (...args: unknown[]) => void;
  transpose: (...args: unknown[]) => void;
}

/** Products below this many multiply-adds per batch item stay on the stock loop (an XNNPACK operator costs more to make). */
export const MIN_XNN_WORK = 8192;

const calls = new WeakMap<object, Calls>();
let stock: tf.KernelConfig | null = null;

function callsFor(backend: WasmBackend): Calls {
  let c = calls.get(backend);
  if (!c) {
    c = {
      matMul: backend.wasm.cwrap('BatchMatMul', null, [
        'number',
        'array',
        'number',
        'number',
        'array',
        'number',
        'number',
        'number',
        'number',
      ]),
      transpose: backend.wasm.cwrap('Transpose', null, [
        'number',
        'array',
        'number',
        'number',
        'number',
        'array',
        'number',
      ]),
    };
    calls.set(backend, c);
  }
  return c;
}

const shapeBytes = (shape: number[]) => new Uint8Array(new Int32Array(shape).buffer);
const FLOAT32 = 0;
const PERM_2D = shapeBytes([1, 0]);

/** The fast kernel: see the top of this file. */
function batchMatMul(args: Parameters<tf.KernelFunc>[0]): tf.TensorInfo {
  const backend = args.backend as WasmBackend;
  const { a, b } = args.inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
  const transposeA = Boolean(args.attrs?.transposeA);
  const transposeB = Boolean(args.attrs?.transposeB);
  if (a.dtype !== 'float32' || b.dtype !== 'float32') throw new Error('BatchMatMul: only float32 is supported');
  const ra = a.shape.length;
  const rb = b.shape.length;
  const m = transposeA ? a.shape[ra - 1] : a.shape[ra - 2];
  const k = transposeA ? a.shape[ra - 2] : a.shape[ra - 1];
  const kb = transposeB ? b.shape[rb - 1] : b.shape[rb - 2];
  const n = transposeB ? b.shape[rb - 2] : b.shape[rb - 1];
  if (k !== kb)
    throw new Error(
      `Error in matMul: inner shapes (${k}) and (${kb}) of Tensors with shapes ${a.shape} ` +
        `and ${b.shape} and transposeA=${transposeA} and transposeB=${transposeB} must match.`,
    );
  const outer = tf.broadcast_util.assertAndGetBroadcastShape(a.shape.slice(0, -2), b.shape.slice(0, -2));
  const batchA = tf.util.sizeFromShape(a.shape.slice(0, -2));
  const batchB = tf.util.sizeFromShape(b.shape.slice(0, -2));
  const batch = Math.max(batchA, batchB);
  if ((batchA !== 1 && batchA !== batch) || (batchB !== 1 && batchB !== batch) || m * k * n < MIN_XNN_WORK)
    return stockKernel()(args) as tf.TensorInfo;

  const c = callsFor(backend);
  const out = backend.makeOutput([batch, m, n], 'float32');
  const views: number[] = [];
  const scratch: number[] = [];
  const view = (offset: number, size: number): number => {
    const id = backend.dataIdNextNumber++;
    backend.wasm.tfjs.registerTensor(id, size, offset);
    views.push(id);
    return id;
  };
  /** Each of `count` [rows, cols] matrices at `offset`, transposed into a new buffer; returns its offset. */
  const transposed = (offset: number, count: number, rows: number, cols: number): number => {
    const to = backend.wasm._malloc(count * rows * cols * 4) >>> 0;
    scratch.push(to);
    const shape = shapeBytes([rows, cols]);
    for (let i = 0; i < count; i++) {
      const at = i * rows * cols * 4;
      c.transpose(view(offset + at, rows * cols), shape, 2, FLOAT32, view(to + at, rows * cols), PERM_2D, 2);
    }
    return to;
  };
  try {
    const aInfo = backend.dataIdMap.get(a.dataId);
    const bInfo = backend.dataIdMap.get(b.dataId);
    const outOffset = backend.dataIdMap.get(out.dataId).memoryOffset;
    const aOffset = transposeA ? transposed(aInfo.memoryOffset, batchA, k, m) : aInfo.memoryOffset;
    const bOffset = transposeB ? transposed(bInfo.memoryOffset, batchB, n, k) : bInfo.memoryOffset;
    // A right side used whole keeps its own id, so XNNPACK's operator (its packed weights) is cached on it as stock does.
    const bId = (i: number) => (!transposeB && batchB === 1 ? bInfo.id : view(bOffset + i * k * n * 4, k * n));
    const product = (aId: number, rows: number, bIdent: number, outId: number) =>
      c.matMul(aId, shapeBytes([1, rows, k]), 3, bIdent, shapeBytes([1, k, n]), 3, 0, 0, outId);
    if (batchB === 1) {
      // A shared right side: all of the left side's rows in one product.
      const rows = batchA * m;
      product(view(aOffset, rows * k), rows, bId(0), view(outOffset, batch * m * n));
    } else {
      for (let i = 0; i < batch; i++) {
        const aAt = batchA === 1 ? aOffset : aOffset + i * m * k * 4;
        product(view(aAt, m * k), m, bId(i), view(outOffset + i * m * n * 4, m * n));
      }
    }
  } finally {
    // Disposing a view also deletes the XNNPACK operator cached on it; the heap it covers belongs to others.
    for (const id of views) backend.wasm.tfjs.disposeData(id);
    for (const p of scratch) backend.wasm._free(p);
  }
  return { dataId: out.dataId, shape: [...outer, m, n], dtype: 'float32' };
}

function stockKernel(): tf.KernelFunc {
  if (!stock) throw new Error('the stock BatchMatMul kernel of the wasm backend is not registered');
  return stock.kernelFunc;
}

/** Which kernel runs `BatchMatMul` on wasm: XNNPACK for every product (the default) or tfjs's own (`stock`). */
export type WasmMatMul = 'xnnpack' | 'stock';

let preferred: WasmMatMul = 'xnnpack';

/**
 * Chooses the `BatchMatMul` kernel of the wasm backend, now if
 * tfjs-backend-wasm is loaded and whenever backend.ts loads it. `stock` is
 * for comparisons (the benchmark, the equivalence tests); the stock kernel
 * is kept either way, for the tiny products this one leaves to it.
 */
export function useWasmMatMul(kind: WasmMatMul): void {
  preferred = kind;
  if (tf.getKernel('BatchMatMul', 'wasm')) installWasmMatMul();
}

/** Registers the chosen kernel for `BatchMatMul` on wasm (after tfjs-backend-wasm has registered its own; idempotent). */
export function installWasmMatMul(): void {
  const current = tf.getKernel('BatchMatMul', 'wasm');
  if (!current) throw new Error('tfjs-backend-wasm is not loaded');
  if (!stock) stock = current;
  const want = preferred === 'xnnpack' ? batchMatMul : stock.kernelFunc;
  if (current.kernelFunc === want) return;
  tf.unregisterKernel('BatchMatMul', 'wasm');
  // The stock kernel's setup (run when the backend starts) prepares the stock kernel, which this one also calls.
  tf.registerKernel(preferred === 'xnnpack' ? { ...stock, kernelFunc: want } : stock);
}

/**
 * Runs `fn` on today's wasm path or the fast one, then restores the previous
 * choice: `stock` is tfjs-backend-wasm's own BatchMatMul, tfjs's
 * slice-and-concat im2col (models/im2col.ts) and small MLPs trained with
 * tfjs ops; `xnnpack` this kernel, the im2col kernels and the typed-array
 * step for small MLPs (typed-mlp/).
 */
export async function withWasmMatMul<T>(kind: WasmMatMul, fn: () => Promise<T>): Promise<T> {
  const before = preferred;
  useWasmMatMul(kind);
  const im2colBefore = useIm2colKernels(kind === 'xnnpack');
  const typedBefore = useTypedStep([]);
  if (kind === 'xnnpack') useTypedStep(typedBefore);
  try {
    return await fn();
  } finally {
    useWasmMatMul(before);
    useIm2colKernels(im2colBefore);
    useTypedStep(typedBefore);
  }
}

/** The kernel `BatchMatMul` runs with on wasm now. */
export function wasmMatMul(): WasmMatMul {
  return tf.getKernel('BatchMatMul', 'wasm')?.kernelFunc === batchMatMul ? 'xnnpack' : 'stock';
}
