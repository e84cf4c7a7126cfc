/// <reference types="@webgpu/types" />
/**
 * The fused step's matrix products as tiled WGSL kernels, one dispatch for
 * all K models (the model is the grid's z): forward (X·W, then bias and
 * activation), input gradient (δ·Wᵀ, then dropout mask and the activation's
 * derivative) and weight gradient (Xᵀ·δ, with a row of ones for the bias,
 * then each model's optimizer update in place). Each workgroup of WX × WY
 * threads computes a BM × BN tile of one model's product: per reduction step
 * of BK it stages a BM × BK tile of the left operand and a BK × BN tile of
 * the right one in workgroup memory, and each thread keeps TM × TN outputs
 * in registers (rows WY apart, columns WX apart, so neighbouring threads
 * read neighbouring words). The element-wise work is the kernels' epilogue,
 * as in the untiled kernels (kernels-untiled.ts) they replace.
 *
 * WX, WY and BK are `override` constants (set per pipeline from the tiles
 * chosen for the device); TM × TN are written into the code, since WGSL
 * register arrays need sizes known when the shader is made.
 *
 * Each kernel is a generic loop around four functions it defines: the
 * extents of model k's own product (rows, columns, reduction length — the
 * padded rest reads as zero and is skipped), the padded output size, the
 * loads of both operands, and the epilogue for one output element.
 */
import { BACKWARD_INPUT_BINDINGS, COMMON, DROP_FN, FORWARD_BINDINGS, UPDATE_BINDINGS, UPDATE_FN } from './kernels';

/** A tiling of the batched products: WX × WY threads, each TM × TN outputs, reduction steps of BK. */
export interface Tiles {
  wx: number;
  wy: number;
  tm: number;
  tn: number;
  bk: number;
}

/** Tile sizes to choose from, preferred first (see chooseTiles). */
export const TILE_CANDIDATES: readonly Tiles[] = [
  // 64 × 64 tiles, 256 threads, 8 KiB of workgroup memory: the common tuned-matmul shape.
  { wx: 16, wy: 16, tm: 4, tn: 4, bk: 16 },
  // The same with half the barriers per product, 16 KiB (the spec's minimum limit).
  { wx: 16, wy: 16, tm: 4, tn: 4, bk: 32 },
  // 32 × 32 tiles, 64 threads, 4 KiB: more workgroups for small products; fits every WebGPU device.
  { wx: 8, wy: 8, tm: 4, tn: 4, bk: 16 },
];

/** The limits a tiling needs (a subset of GPUSupportedLimits). */
export type TileLimits = Pick<
  GPUSupportedLimits,
  | 'maxComputeInvocationsPerWorkgroup'
  | 'maxComputeWorkgroupSizeX'
  | 'maxComputeWorkgroupSizeY'
  | 'maxComputeWorkgroupStorageSize'
>;

/** Bytes of workgroup memory a tiling stages. */
export const tileBytes = (t: Tiles) => 4 * t.bk * (t.wy * t.tm + t.wx * t.tn);

/** Whether a device's limits allow a tiling. */
export function tilesFit(t: Tiles, l: TileLimits): boolean {
  return (
    t.wx * t.wy <= l.maxComputeInvocationsPerWorkgroup &&
    t.wx <= l.maxComputeWorkgroupSizeX &&
    t.wy <= l.maxComputeWorkgroupSizeY &&
    tileBytes(t) <= l.maxComputeWorkgroupStorageSize
  );
}

/** The first candidate the device's limits allow (the last one fits every WebGPU device). */
export function chooseTiles(limits: TileLimits, candidates: readonly Tiles[] = TILE_CANDIDATES): Tiles {
  return candidates.find((t) => tilesFit(t, limits)) ?? candidates[candidates.length - 1];
}

/** The pipeline constants of a tiling. */
export const tileConstants = (t: Tiles): Record<string, number> => ({ WX: t.wx, WY: t.wy, BK: t.bk });

/** How an operand's tile is read from its buffer: along which index consecutive threads load consecutive words. */
type Contiguous = 'row' | 'column';

/** A product kernel: its bindings and the four functions (see the top of this file). */
interface ProductSpec {
  declarations: string;
  /** Along which index the left operand (rows m, reduction t) and the right one (reduction t, columns n) are contiguous. */
  a: Contiguous;
  b: Contiguous;
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

/** The generic tiled loop around a spec's functions, with TM × TN outputs per thread unrolled. */
function product(spec: ProductSpec, tm: number, tn: number): string {
  const cells = range(tm).flatMap((i) => range(tn).map((j) => [i, j] as const));
  // Stages one operand's tile (rows × cols): element e of the workgroup's share → (row r, column c), stored at `at`.
  const stage = (
    name: string,
    load: string,
    [rows, cols]: [string, string],
    contiguous: Contiguous,
    ends: string,
    at: string,
  ) => {
    const [r, c] = contiguous === 'column' ? [`e / ${cols}`, `e % ${cols}`] : [`e % ${rows}`, `e / ${rows}`];
    return `for (var e = li; e < ${rows} * ${cols}; e += WX * WY) {
      let r = ${r}; let c = ${c};
      var v = 0.0;
      if (${ends}) { v = ${load}; }
      ${name}[${at}] = v;
    }`;
  };
  return /* wgsl */ `${COMMON}${spec.declarations}
override WX: u32 = 16u;
override WY: u32 = 16u;
override BK: u32 = 16u;
const TM = ${tm}u;
const TN = ${tn}u;
override BM: u32 = WY * TM;
override BN: u32 = WX * TN;
// As[t][m] and Bs[t][n]: a reduction step reads a row of each.
var<workgroup> As: array<f32, BK * BM>;
var<workgroup> Bs: array<f32, BK * BN>;

@compute @workgroup_size(WX, WY, 1)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>,
        @builtin(local_invocation_index) li: u32) {
  let k = wg.z;
  let m0 = wg.y * BM;
  let n0 = wg.x * BN;
  let ext = extents(k);
  // A tile wholly in the padding computes nothing (its epilogue writes the zeros).
  let tiles = select(0u, (ext.z + BK - 1u) / BK, m0 < ext.x && n0 < ext.y);
  ${cells.map(([i, j]) => `var c${i}_${j} = 0.0;`).join(' ')}
  for (var tile = 0u; tile < tiles; tile++) {
    let t0 = tile * BK;
    ${stage('As', 'loadA(k, m0 + r, t0 + c)', ['BM', 'BK'], spec.a, 'm0 + r < ext.x && t0 + c < ext.z', 'c * BM + r')}
    ${stage('Bs', 'loadB(k, t0 + r, n0 + c)', ['BK', 'BN'], spec.b, 't0 + r < ext.z && n0 + c < ext.y', 'r * BN + c')}
    workgroupBarrier();
    for (var t = 0u; t < BK; t++) {
      ${range(tm)
        .map((i) => `let a${i} = As[t * BM + lid.y + ${i}u * WY];`)
        .join(' ')}
      ${range(tn)
        .map((j) => `let b${j} = Bs[t * BN + lid.x + ${j}u * WX];`)
        .join(' ')}
      ${cells.map(([i, j]) => `c${i}_${j} += a${i} * b${j};`).join(' ')}
    }
    workgroupBarrier();
  }
  let size = outSize();
  ${cells
    .map(
      ([i, j]) =>
        `{ let m = m0 + lid.y + ${i}u * WY; let n = n0 + lid.x + ${j}u * WX; if (m < size.x && n < size.y) { epilogue(k, m, n, c${i}_${j}); } }`,
    )
    .join('\n  ')}
}
`;
}

/** Forward through a layer: A = act(X·W + b), X the gathered batch (layer 0) or the previous output × its dropout mask. */
const FORWARD: ProductSpec = {
  a: 'column',
  b: 'column',
  declarations: /* wgsl */ `${DROP_FN}${FORWARD_BINDINGS}
fn extents(k: u32) -> vec3<u32> { return vec3<u32>(models[k].batch, models[k].dims[p.layer + 1u], models[k].dims[p.layer]); }
fn outSize() -> vec2<u32> { return vec2<u32>(p.B, p.dout); }
fn loadA(k: u32, m: u32, t: u32) -> f32 {
  let row = k * p.B + m;
  if (p.layer == 0u) { return X[step[row] * p.din + t]; }
  let e = row * p.din + t;
  return X[e] * dropMask(p.noiseIn, e, models[k].keep);
}
fn loadB(k: u32, t: u32, n: u32) -> f32 { return W[(k * p.din + t) * p.dout + n]; }
fn epilogue(k: u32, m: u32, n: u32, v: f32) {
  let e = (k * p.B + m) * p.dout + n;
  if (m >= models[k].batch || n >= models[k].dims[p.layer + 1u]) { A[e] = 0.0; return; }
  var z = v + bias[k * p.dout + n];
  if (p.hidden == 1u) { z = act(z, models[k].acts[p.layer]); }
  A[e] = z;
}
`,
};

/** Backward through a layer: δ_prev = (δ·Wᵀ) × dropout mask × act'(previous output). */
const BACKWARD_INPUT: ProductSpec = {
  a: 'column',
  b: 'row',
  declarations: /* wgsl */ `${DROP_FN}${BACKWARD_INPUT_BINDINGS}
fn extents(k: u32) -> vec3<u32> { return vec3<u32>(models[k].batch, models[k].dims[p.layer], models[k].dims[p.layer + 1u]); }
fn outSize() -> vec2<u32> { return vec2<u32>(p.B, p.din); }
fn loadA(k: u32, m: u32, t: u32) -> f32 { return delta[(k * p.B + m) * p.dout + t]; }
fn loadB(k: u32, t: u32, n: u32) -> f32 { return W[(k * p.din + n) * p.dout + t]; }
fn epilogue(k: u32, m: u32, n: u32, v: f32) {
  let e = (k * p.B + m) * p.din + n;
  if (m >= models[k].batch || n >= models[k].dims[p.layer]) { deltaPrev[e] = 0.0; return; }
  deltaPrev[e] = v * dropMask(p.noiseIn, e, models[k].keep) * actGrad(Aprev[e], models[k].acts[p.layer - 1u]);
}
`,
};

/** A layer's kernel and bias gradient (Xᵀ·δ; row din of Xᵀ is ones, for the bias) and the optimizer update, in place. */
const UPDATE: ProductSpec = {
  a: 'row',
  b: 'column',
  declarations: /* wgsl */ `${DROP_FN}${UPDATE_BINDINGS}${UPDATE_FN}
@group(0) @binding(6) var<storage, read> X: array<f32>;
@group(0) @binding(7) var<storage, read> step: array<u32>;
@group(0) @binding(8) var<storage, read> delta: array<f32>;
@group(0) @binding(9) var<storage, read> models: array<Model>;

fn extents(k: u32) -> vec3<u32> { return vec3<u32>(p.din + 1u, models[k].dims[p.layer + 1u], models[k].batch); }
fn outSize() -> vec2<u32> { return vec2<u32>(p.din + 1u, p.dout); }
fn loadA(k: u32, m: u32, t: u32) -> f32 {
  if (m == p.din) { return 1.0; }
  let row = k * p.B + t;
  if (p.layer == 0u) { return X[step[row] * p.din + m]; }
  let e = row * p.din + m;
  return X[e] * dropMask(p.noiseIn, e, models[k].keep);
}
fn loadB(k: u32, t: u32, n: u32) -> f32 { return delta[(k * p.B + t) * p.dout + n]; }
fn epilogue(k: u32, m: u32, n: u32, v: f32) {
  if (n >= models[k].dims[p.layer + 1u] || (m < p.din && m >= models[k].dims[p.layer])) { return; }
  applyUpdate(k, m, n, v);
}
`,
};

/** The three tiled kernels' code for TM × TN outputs per thread. */
export function tiledKernels(t: Pick<Tiles, 'tm' | 'tn'>): { forward: string; backward: string; update: string } {
  return {
    forward: product(FORWARD, t.tm, t.tn),
    backward: product(BACKWARD_INPUT, t.tm, t.tn),
    update: product(UPDATE, t.tm, t.tn),
  };
}

/** Workgroups of a tiled dispatch: an output of `rows` × `cols` per model, K models. */
export function tileGrid(t: Tiles, rows: number, cols: number, k: number): [number, number, number] {
  return [Math.ceil(cols / (t.wx * t.tn)), Math.ceil(rows / (t.wy * t.tm)), k];
}
