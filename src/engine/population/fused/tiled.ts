/// <reference types="@webgpu/types" />
/**
 * The fused step's matrix products as tiled WGSL kernels, one dispatch for
 * all K models (the model is the grid's z): forward (X·W, then bias and
 * activation), input gradient (δ·Wᵀ, then dropout mask and the activation's
 * derivative) and weight gradient (Xᵀ·δ, with a row of ones for the bias,
 * then each model's optimizer update in place). Each workgroup of WX × WY
 * threads computes a BM × BN tile of one model's product, each thread TM ×
 * TN outputs held in registers (TM rows and TN columns next to each other).
 * Tiled (the default): per reduction step of BK the workgroup stages a
 * BM × BK tile of the left operand and a BK × BN tile of the right one in
 * workgroup memory, as units of four floats along the index each operand is
 * contiguous along in its buffer (neighbouring threads read neighbouring
 * words, and X is read along its rows even where the product needs Xᵀ),
 * and the threads read them back as vec4. Direct (a candidate): each thread
 * reads its own units from the buffers — no workgroup memory, no barriers.
 * An operand whose buffer rows are a multiple of 4 long is loaded as
 * `vec4<f32>`, one whose rows are not (a 10-class output) four scalars at a
 * time: chosen per layer when the pipeline is made (vec4Loads). The
 * element-wise work is the kernels' epilogue, as in the untiled kernels
 * (kernels-untiled.ts) they replace.
 *
 * WX, WY and BK are `override` constants (set per pipeline from the tiles
 * chosen for the device); TM × TN are written into the code, since WGSL
 * register arrays need sizes known when the shader is made. Products at
 * most NARROW_COLUMNS wide take narrow tiles (productTiles).
 *
 * Each kernel is this file's generic loop around four functions its spec
 * (product-specs.ts) defines: the extents of model k's own product (rows,
 * columns, reduction length — the padded rest reads as zero and is
 * skipped), the padded output size, the loads of both operands, and the
 * epilogue for one output element.
 */
import { COMMON } from './kernels';
import { PRODUCT_SPECS, SCALAR, type Along, type Kernel, type ProductSpec, type Vec4Loads } from './product-specs';

export { vec4Loads, type Kernel, type Vec4Loads } from './product-specs';

/** A tiling of the batched products: WX × WY threads, each TM × TN outputs, reduction steps of BK. */
export interface Tiles {
  wx: number;
  wy: number;
  tm: number;
  tn: number;
  bk: number;
  /** No workgroup memory: each thread reads its operands from the buffers, 4 reduction indices at a time (bk 4). */
  direct?: boolean;
}

/** Tile sizes to choose from, preferred first (see chooseTiles). */
export const TILE_CANDIDATES: readonly Tiles[] = [
  // 64 × 64 tiles, 256 threads, 8 KiB of workgroup memory: the common tuned-matmul shape (the limits' first choice).
  { wx: 16, wy: 16, tm: 4, tn: 4, bk: 16 },
  // The same tiles from 64 threads of 8 × 8 outputs: half the operand loads per multiply-add, 8 KiB.
  { wx: 8, wy: 8, tm: 8, tn: 8, bk: 16 },
  // 128 × 128 tiles, 256 threads of 8 × 8, 8 KiB: the fewest loads per multiply-add, for large products.
  { wx: 16, wy: 16, tm: 8, tn: 8, bk: 8 },
  // 8 × 8 outputs per thread read straight from the buffers: no barriers, which a software adapter runs as coroutines.
  { wx: 8, wy: 8, tm: 8, tn: 8, bk: 4, direct: true },
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
export const tileBytes = (t: Tiles) => (t.direct ? 0 : 4 * t.bk * (t.wy * t.tm + t.wx * t.tn));

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

/** Output columns up to which a product takes narrow tiles (a 10-class layer in 64-wide tiles is mostly padding). */
export const NARROW_COLUMNS = 16;

/** The tiling of a product `cols` wide: `t`, or for at most NARROW_COLUMNS columns 4 × 16 threads of t.tm × 4, where the limits allow. */
export function productTiles(t: Tiles, cols: number, limits: TileLimits): Tiles {
  if (cols > NARROW_COLUMNS) return t;
  const narrow: Tiles = { wx: 4, wy: 16, tm: t.tm, tn: 4, bk: t.bk, ...(t.direct ? { direct: true } : {}) };
  return tilesFit(narrow, limits) ? narrow : t;
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);
const XYZW = ['x', 'y', 'z', 'w'];

/**
 * One operand's unit of four floats along the index it is contiguous along,
 * as a WGSL function `unitA(k, m, t, ext)` / `unitB(k, t, n, ext)`: zero
 * where the unit lies wholly outside model k's extents, and past them for
 * the part of one that ends outside.
 */
function unitFn(op: 'A' | 'B', along: Along, vec: boolean): string {
  const [out, outLim] = op === 'A' ? ['m', 'ext.x'] : ['n', 'ext.y'];
  const [run, runLim] = along === 'reduction' ? ['t', 'ext.z'] : [out, outLim];
  const names = op === 'A' ? ['m', 't'] : ['t', 'n'];
  const args = (j: number) => ['k', ...names.map((x) => (x === run && j > 0 ? `${x} + ${j}u` : x))].join(', ');
  const load = vec
    ? `v = select(vec4<f32>(0.0), load${op}4(${args(0)}), vec4<u32>(${run}) + vec4<u32>(0u, 1u, 2u, 3u) < vec4<u32>(${runLim}));`
    : range(4)
        .map((j) => `if (${run} + ${j}u < ${runLim}) { v.${XYZW[j]} = load${op}(${args(j)}); }`)
        .join('\n    ');
  const within = op === 'A' ? 'm < ext.x && t < ext.z' : 't < ext.z && n < ext.y';
  return `
fn unit${op}(${['k', ...names].map((x) => `${x}: u32`).join(', ')}, ext: vec3<u32>) -> vec4<f32> {
  var v = vec4<f32>(0.0);
  if (${within}) {
    ${load}
  }
  return v;
}
`;
}

/**
 * Stages one operand's tile in workgroup memory as units (unitFn); unit u
 * is stored at [u], so the tile is [reduction][output / 4] or
 * [output][reduction / 4], and consecutive threads read consecutive words.
 */
function stage(op: 'A' | 'B', along: Along): string {
  const [out, o0, width] = op === 'A' ? ['m', 'm0', 'BM'] : ['n', 'n0', 'BN'];
  const index =
    along === 'reduction'
      ? `let ${out} = ${o0} + u / (BK / 4u); let t = t0 + 4u * (u % (BK / 4u));`
      : `let t = t0 + u / (${width} / 4u); let ${out} = ${o0} + 4u * (u % (${width} / 4u));`;
  const units = op === 'A' ? 'BM * BK / 4u' : 'BK * BN / 4u';
  const call = op === 'A' ? 'unitA(k, m, t, ext)' : 'unitB(k, t, n, ext)';
  return `for (var u = li; u < ${units}; u += WX * WY) { ${index} ${op}s[u] = ${call}; }`;
}

/**
 * The generic loop around a spec's functions, with TM × TN outputs per
 * thread unrolled (TM rows and TN columns next to each other, the columns as
 * TN / 4 vec4 accumulators). Tiled: the operands go through workgroup
 * memory in BK-long reduction steps. Direct: each thread reads its own
 * operands' units from the buffers — no workgroup memory, no barriers (the
 * register tiling alone). Every output adds its products one reduction
 * index after the other, t = 0, 1, 2, …, whatever the tiling, the variant
 * and the loads, so they never change a result (past the model's extent
 * only zero terms follow).
 */
function product(spec: ProductSpec, tiles: Pick<Tiles, 'tm' | 'tn' | 'direct'>, vec: Vec4Loads): string {
  const { tm, tn } = tiles;
  const direct = tiles.direct === true;
  if (tm < 4 || tn < 4 || tm % 4 !== 0 || tn % 4 !== 0)
    throw new Error(`tiled products need outputs per thread in multiples of 4, got ${tm} × ${tn}`);
  const rows = range(tm);
  const quads = range(tn / 4);
  // Operand units at reduction step t4 (indices 4 t4 … 4 t4 + 3 of this tile), or at index t of it.
  const readAr = (i: number) =>
    direct ? `unitA(k, mT + ${i}u, 4u * t4, ext)` : `As[(lid.y * TM + ${i}u) * (BK / 4u) + t4]`;
  const readBr = (j: number) =>
    direct ? `unitB(k, 4u * t4, nT + ${j}u, ext)` : `Bs[(lid.x * TN + ${j}u) * (BK / 4u) + t4]`;
  const readAo = (p: number) =>
    direct ? `unitA(k, mT + ${4 * p}u, t, ext)` : `As[t * (BM / 4u) + lid.y * (TM / 4u) + ${p}u]`;
  const readBo = (q: number) =>
    direct ? `unitB(k, t, nT + ${4 * q}u, ext)` : `Bs[t * (BN / 4u) + lid.x * (TN / 4u) + ${q}u]`;
  // Operand values at reduction index t = 4 t4 + s: row i of A, columns 4q…4q+3 of B.
  const aAt = (i: number, s: number) => (spec.a === 'reduction' ? `ar${i}.${XYZW[s]}` : `ao${i >> 2}.${XYZW[i & 3]}`);
  const bAt = (q: number, s: number) =>
    spec.b === 'output'
      ? `bo${q}`
      : `vec4<f32>(${range(4)
          .map((j) => `br${4 * q + j}.${XYZW[s]}`)
          .join(', ')})`;
  const subStep = (s: number) => {
    const t = spec.a === 'output' || spec.b === 'output' ? `let t = 4u * t4 + ${s}u;` : '';
    const a = spec.a === 'output' ? range(tm / 4).map((p) => `let ao${p} = ${readAo(p)};`) : [];
    const b = spec.b === 'output' ? quads.map((q) => `let bo${q} = ${readBo(q)};`) : [];
    const fmas = rows.flatMap((i) => quads.map((q) => `c${i}_${q} = c${i}_${q} + ${aAt(i, s)} * ${bAt(q, s)};`));
    return `{ ${[t, ...a, ...b].join(' ')}\n        ${fmas.join('\n        ')} }`;
  };
  const body = `
      ${spec.a === 'reduction' ? rows.map((i) => `let ar${i} = ${readAr(i)};`).join(' ') : ''}
      ${
        spec.b === 'reduction'
          ? range(tn)
              .map((j) => `let br${j} = ${readBr(j)};`)
              .join(' ')
          : ''
      }
      ${range(4).map(subStep).join('\n      ')}`;
  const loop = direct
    ? `// Direct: the whole reduction in steps of 4, each thread reading its own units.
  let steps = select(0u, (ext.z + 3u) / 4u, mT < ext.x && nT < ext.y);
  for (var t4 = 0u; t4 < steps; t4++) {${body}
  }`
    : `// A tile wholly in the padding computes nothing (its epilogue writes the zeros).
  let tiles = select(0u, (ext.z + BK - 1u) / BK, m0 < ext.x && n0 < ext.y);
  for (var tile = 0u; tile < tiles; tile++) {
    let t0 = tile * BK;
    ${stage('A', spec.a)}
    ${stage('B', spec.b)}
    workgroupBarrier();
    for (var t4 = 0u; t4 < BK / 4u; t4++) {${body}
    }
    workgroupBarrier();
  }`;
  return /* wgsl */ `${COMMON}${spec.declarations(vec)}${unitFn('A', spec.a, vec.a)}${unitFn('B', spec.b, vec.b)}
override WX: u32 = 16u;
override WY: u32 = 16u;
override BK: u32 = 16u;
const TM = ${tm}u;
const TN = ${tn}u;
override BM: u32 = WY * TM;
override BN: u32 = WX * TN;
${
  direct
    ? ''
    : `// Each tile in vec4 units along the index its operand is contiguous along (see stage in tiled.ts).
var<workgroup> As: array<vec4<f32>, BK * BM / 4u>;
var<workgroup> Bs: array<vec4<f32>, BK * BN / 4u>;`
}

@compute @workgroup_size(WX, WY, 1)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>,
        @builtin(local_invocation_index) li: u32) {
  let k = wg.z;
  let m0 = wg.y * BM;
  let n0 = wg.x * BN;
  // This thread's first output row and column.
  let mT = m0 + lid.y * TM;
  let nT = n0 + lid.x * TN;
  let ext = extents(k);
  ${rows.flatMap((i) => quads.map((q) => `var c${i}_${q} = vec4<f32>(0.0);`)).join(' ')}
  ${loop}
  let size = outSize();
  ${rows
    .flatMap((i) =>
      quads.flatMap((q) =>
        range(4).map(
          (j) =>
            `{ let m = mT + ${i}u; let n = nT + ${4 * q + j}u; if (m < size.x && n < size.y) { epilogue(k, m, n, c${i}_${q}.${XYZW[j]}); } }`,
        ),
      ),
    )
    .join('\n  ')}
}
`;
}

/** One tiled kernel's code for TM × TN outputs per thread (multiples of 4) and the given vec4 loads. */
export function tiledKernel(kernel: Kernel, t: Pick<Tiles, 'tm' | 'tn' | 'direct'>, vec: Vec4Loads = SCALAR): string {
  return product(PRODUCT_SPECS[kernel], t, vec);
}

/** The three tiled kernels' code for TM × TN outputs per thread, every operand read as scalars unless `vec` says. */
export function tiledKernels(
  t: Pick<Tiles, 'tm' | 'tn' | 'direct'>,
  vec: Vec4Loads = SCALAR,
): { forward: string; backward: string; update: string } {
  return {
    forward: tiledKernel('forward', t, vec),
    backward: tiledKernel('backward', t, vec),
    update: tiledKernel('update', t, vec),
  };
}

/** Workgroups of a tiled dispatch: an output of `rows` × `cols` per model, K models. */
export function tileGrid(t: Tiles, rows: number, cols: number, k: number): [number, number, number] {
  return [Math.ceil(cols / (t.wx * t.tn)), Math.ceil(rows / (t.wy * t.tm)), k];
}
