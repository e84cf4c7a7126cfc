/**
 * WGSL kernels of the fused batched MLP step (see fused-mlp.ts) that are not
 * matrix products — loss, loss sums, weight penalty — and the pieces every
 * kernel shares: activations, dropout masks, the optimizer update. The
 * products (forward, input gradient, weight gradient with the update fused
 * in) are tiled.ts; the untiled ones they replaced, kept for comparison, are
 * kernels-untiled.ts.
 *
 * Layouts (K models, padded batch B, padded layer sizes; model-major):
 * - activations and deltas [K, B, width]; kernels [K, in, out]; biases [K, out]
 * - `models`: one `Model` per model, `p`: the dispatch's `P`, `s`: the step's
 *   `S` (layout.ts defines them and packs them on the host)
 * - `step` (u32 words): the K × B training-set indices and each model's
 *   dropout seed (written by the host every step), then each hidden layer's
 *   dropout noise [K, B, width] (f32 bits, drawn on the device: NOISE)
 * - optimizer state per variable: only the slots the group's optimizers use
 *   (`P.slotMom`: momentum's accumulator; `P.slotAdam`, `+ 1`: Adam's moments),
 *   each as long as the variable
 * Padded entries (beyond a model's own sizes or batch) stay exactly zero.
 */
import {
  ACTIVATION_CODES as ACT,
  MODEL_STRUCT,
  NONE,
  OPTIMIZER_CODES as OPT,
  PARAMS_STRUCT,
  STEP_STRUCT,
} from './layout';
import { DROPOUT_KEY, PHILOX_CONSTANTS as PH } from '../../../core/philox';

/** Threads per workgroup of the element-wise kernels: their `override WG`, set from here when a pipeline is made. */
export const WORKGROUP = 64;

/** The dispatch's `P`, the `Model` struct, and the activations with their derivatives. */
export const COMMON = /* wgsl */ `
${PARAMS_STRUCT}
${MODEL_STRUCT}
@group(0) @binding(0) var<uniform> p: P;

fn act(z: f32, kind: u32) -> f32 {
  switch kind {
    case ${ACT.relu}u: { return max(z, 0.0); }
    case ${ACT.tanh}u: { let e2x = exp(-2.0 * abs(z)); return sign(z) * (1.0 - e2x) / (1.0 + e2x); }
    case ${ACT.sigmoid}u: { return 1.0 / (1.0 + exp(-1.0 * z)); }
    case ${ACT.elu}u, default: { if (z >= 0.0) { return z; } return exp(z) - 1.0; }
  }
}
// Derivative from the activation's output, as tfjs's gradients compute it.
fn actGrad(a: f32, kind: u32) -> f32 {
  switch kind {
    case ${ACT.relu}u: { return select(0.0, 1.0, a > 0.0); }
    case ${ACT.tanh}u: { return 1.0 - a * a; }
    case ${ACT.sigmoid}u: { return a * (1.0 - a); }
    case ${ACT.elu}u, default: { return select(a + 1.0, 1.0, a >= 0.0); }
  }
}
`;

/** COMMON plus the element-wise kernels' workgroup size and flat thread index. */
export const FLAT = /* wgsl */ `${COMMON}
override WG: u32 = ${WORKGROUP}u;
fn threadIndex(gid: vec3<u32>, nwg: vec3<u32>) -> u32 { return gid.y * nwg.x * WG + gid.x; }
`;

/** tf.dropout's multiplier floor(u + keep) / keep from the step's noise; 1 where the layer has none (the shader declares \`step\`). */
export const DROP_FN = /* wgsl */ `
fn dropMask(off: u32, i: u32, keep: f32) -> f32 {
  if (off == ${NONE}u) { return 1.0; }
  return floor(bitcast<f32>(step[off + i]) + keep) / keep;
}
`;

/** The forward product's bindings after `p`, shared by the untiled and tiled kernels (one bind group serves both). */
export const FORWARD_BINDINGS = /* wgsl */ `
@group(0) @binding(1) var<storage, read> W: array<f32>;
@group(0) @binding(2) var<storage, read> bias: array<f32>;
@group(0) @binding(3) var<storage, read> X: array<f32>;
@group(0) @binding(4) var<storage, read> step: array<u32>;
@group(0) @binding(5) var<storage, read> models: array<Model>;
@group(0) @binding(6) var<storage, read_write> A: array<f32>;
`;

/** The input-gradient product's bindings after `p`, shared by the untiled and tiled kernels. */
export const BACKWARD_INPUT_BINDINGS = /* wgsl */ `
@group(0) @binding(1) var<storage, read> W: array<f32>;
@group(0) @binding(2) var<storage, read> delta: array<f32>;
@group(0) @binding(3) var<storage, read> Aprev: array<f32>;
@group(0) @binding(4) var<storage, read> step: array<u32>;
@group(0) @binding(5) var<storage, read> models: array<Model>;
@group(0) @binding(6) var<storage, read_write> deltaPrev: array<f32>;
`;

/** The update kernels' bindings after `p` (binding 0): the step constants, the layer's variables and their state. */
export const UPDATE_BINDINGS = /* wgsl */ `
${STEP_STRUCT}
@group(0) @binding(1) var<uniform> s: S;
@group(0) @binding(2) var<storage, read_write> W: array<f32>;
@group(0) @binding(3) var<storage, read_write> bias: array<f32>;
@group(0) @binding(4) var<storage, read_write> stateW: array<f32>;
@group(0) @binding(5) var<storage, read_write> stateB: array<f32>;
`;

/**
 * Model k's own optimizer step, in place, for kernel entry (r, j) of the
 * layer — r = din is the bias — given its gradient of the loss: weight decay
 * added, then tfjs's formulas (see optimizers.ts). Reads and writes only
 * the state slots its optimizer has.
 */
export const UPDATE_FN = /* wgsl */ `
fn readState(isBias: bool, i: u32) -> f32 { if (isBias) { return stateB[i]; } return stateW[i]; }
fn writeState(isBias: bool, i: u32, v: f32) { if (isBias) { stateB[i] = v; } else { stateW[i] = v; } }
fn applyUpdate(k: u32, r: u32, j: u32, grad: f32) {
  let isBias = r == p.din;
  var g = grad;
  var w: f32;
  var n: u32;
  var e: u32;
  if (isBias) { e = k * p.dout + j; n = p.K * p.dout; w = bias[e]; }
  else {
    e = (k * p.din + r) * p.dout + j; n = p.K * p.din * p.dout; w = W[e];
    let halfWd = models[k].halfWd;
    if (halfWd != 0.0) { g = g + halfWd * (2.0 * w); }
  }
  let negLr = models[k].negLr;
  let kind = models[k].optimizer;
  var next: f32;
  if (kind == ${OPT.sgd}u) {
    next = negLr * g + w;
  } else if (kind == ${OPT.momentum}u) {
    let im = p.slotMom * n + e;
    let acc = s.momentum * readState(isBias, im) + g;
    writeState(isBias, im, acc);
    next = negLr * acc + w;
  } else {
    let ia = p.slotAdam * n + e;
    let m1 = readState(isBias, ia) * s.beta1 + g * s.oneMinusBeta1;
    let v1 = readState(isBias, ia + n) * s.beta2 + (g * g) * s.oneMinusBeta2;
    writeState(isBias, ia, m1);
    writeState(isBias, ia + n, v1);
    next = ((m1 / s.oneMinusAccB1) / (sqrt(v1 / s.oneMinusAccB2) + s.eps)) * negLr + w;
  }
  if (isBias) { bias[e] = next; } else { W[e] = next; }
}
`;
/** Softmax cross-entropy per example and its gradient w.r.t. the logits, divided by the model's batch. */
export const LOSS = /* wgsl */ `${FLAT}
@group(0) @binding(1) var<storage, read> logits: array<f32>;
@group(0) @binding(2) var<storage, read> labels: array<i32>;
@group(0) @binding(3) var<storage, read> step: array<u32>;
@group(0) @binding(4) var<storage, read> models: array<Model>;
@group(0) @binding(5) var<storage, read_write> delta: array<f32>;
@group(0) @binding(6) var<storage, read_write> rowLoss: array<f32>;

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let row = threadIndex(gid, nwg);
  if (row >= p.total) { return; }
  let k = row / p.B;
  let b = row % p.B;
  let c = p.dout;
  let batch = models[k].batch;
  if (b >= batch) {
    rowLoss[row] = 0.0;
    for (var j = 0u; j < c; j++) { delta[row * c + j] = 0.0; }
    return;
  }
  let y = u32(labels[step[row]]);
  var m = logits[row * c];
  for (var j = 1u; j < c; j++) { m = max(m, logits[row * c + j]); }
  var s = 0.0;
  for (var j = 0u; j < c; j++) { s += exp(logits[row * c + j] - m); }
  let lse = m + log(s);
  rowLoss[row] = -(logits[row * c + y] - lse);
  let inv = 1.0 / f32(batch);
  for (var j = 0u; j < c; j++) {
    delta[row * c + j] = inv * (exp(logits[row * c + j] - lse) - select(0.0, 1.0, j == y));
  }
}
`;

/**
 * Adds Σ W² of one layer's kernel to each model's penalty sum (for the
 * weight-decay term of the loss): one workgroup per model, each thread a
 * strided part of the sum, then a tree reduction in workgroup memory.
 */
export const PENALTY = /* wgsl */ `${FLAT}
@group(0) @binding(1) var<storage, read> W: array<f32>;
@group(0) @binding(2) var<storage, read> models: array<Model>;
@group(0) @binding(3) var<storage, read_write> pen: array<f32>;
var<workgroup> part: array<f32, WG>;

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_index) li: u32) {
  let k = wg.x;
  let realIn = models[k].dims[p.layer];
  let realOut = models[k].dims[p.layer + 1u];
  var sum = 0.0;
  if (models[k].halfWd != 0.0) {
    for (var e = li; e < realIn * realOut; e += WG) {
      let w = W[(k * p.din + e / realOut) * p.dout + e % realOut];
      sum += w * w;
    }
  }
  part[li] = sum;
  workgroupBarrier();
  for (var h = WG / 2u; h > 0u; h = h / 2u) {
    if (li < h) { part[li] = part[li] + part[li + h]; }
    workgroupBarrier();
  }
  if (li == 0u) { pen[k] = pen[k] + part[0]; }
}
`;

/** Each model's loss this step — its batch mean plus weight decay / 2 × Σ W² — added to its running sum. */
export const LOSS_SUM = /* wgsl */ `${FLAT}
@group(0) @binding(1) var<storage, read> rowLoss: array<f32>;
@group(0) @binding(2) var<storage, read> models: array<Model>;
@group(0) @binding(3) var<storage, read_write> pen: array<f32>;
@group(0) @binding(4) var<storage, read_write> acc: array<f32>;

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let k = threadIndex(gid, nwg);
  if (k >= p.total) { return; }
  let batch = models[k].batch;
  var s = 0.0;
  for (var b = 0u; b < batch; b++) { s += rowLoss[k * p.B + b]; }
  var loss = s / f32(batch);
  let halfWd = models[k].halfWd;
  if (halfWd != 0.0) { loss = loss + halfWd * pen[k]; }
  pen[k] = 0.0;
  acc[k] = acc[k] + loss;
}
`;

/** Philox4x32-10 and the dropout noise's uniform value, as src/core/philox.ts computes them on the host (u32 arithmetic wraps as `>>> 0` does there). */
const PHILOX_WGSL = /* wgsl */ `
fn mulHi(a: u32, b: u32) -> u32 {
  let aL = a & 0xffffu; let aH = a >> 16u; let bL = b & 0xffffu; let bH = b >> 16u;
  let m1 = aH * bL + ((aL * bL) >> 16u);
  let m2 = aL * bH + (m1 & 0xffffu);
  return aH * bH + (m1 >> 16u) + (m2 >> 16u);
}
fn philox(key: vec2<u32>, ctr: vec4<u32>) -> vec4<u32> {
  var x = ctr;
  var k = key;
  for (var r = 0u; r < 10u; r++) {
    let hi0 = mulHi(${PH.M0}u, x.x); let lo0 = ${PH.M0}u * x.x;
    let hi1 = mulHi(${PH.M1}u, x.z); let lo1 = ${PH.M1}u * x.z;
    x = vec4<u32>(hi1 ^ x.y ^ k.x, lo1, hi0 ^ x.w ^ k.y, lo0);
    k = k + vec2<u32>(${PH.W0}u, ${PH.W1}u);
  }
  return x;
}
const DROPOUT_KEY = ${DROPOUT_KEY}u;
fn uniform01(w: u32) -> f32 { return f32(w >> 8u) * (1.0 / 16777216.0); }
`;

/**
 * One hidden layer's dropout noise, drawn on the device into `step`: the
 * Philox draw keyed by the model's seed for this step + the layer, over the
 * model's own [batch, width] — the bits dropout.ts and models/layers.ts draw
 * on the host (src/core/philox.ts). One thread per model, row and 4 columns
 * (one Philox block); models without dropout are skipped (their zeros, with
 * a keep rate of 1, are a mask of ones).
 */
export const NOISE = /* wgsl */ `${FLAT}${PHILOX_WGSL}
@group(0) @binding(1) var<storage, read> models: array<Model>;
@group(0) @binding(2) var<storage, read_write> step: array<u32>;

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let t = threadIndex(gid, nwg);
  if (t >= p.total) { return; }
  let blocks = (p.dout + 3u) / 4u;
  let c4 = t % blocks;
  let row = t / blocks;
  let k = row / p.B;
  let b = row % p.B;
  let width = models[k].dims[p.layer + 1u];
  if (models[k].keep == 1.0 || b >= models[k].batch || c4 * 4u >= width) { return; }
  let w = philox(vec2<u32>(step[p.K * p.B + k] + p.layer, DROPOUT_KEY), vec4<u32>(b, c4, 0u, 0u));
  for (var j = 0u; j < 4u; j++) {
    let c = c4 * 4u + j;
    if (c < width) { step[p.noiseIn + row * p.dout + c] = bitcast<u32>(uniform01(w[j])); }
  }
}
`;
