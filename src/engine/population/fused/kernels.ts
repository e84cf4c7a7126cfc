/**
 * WGSL kernels of the fused batched MLP step (see fused-mlp.ts). Each
 * thread computes one output element with a plain loop — no shared memory,
 * no barriers — which suits both real GPUs at these sizes and software
 * adapters, where tfjs-webgpu's tiled, barrier-synchronised programs cost
 * far more than their arithmetic.
 *
 * Layouts (K models, padded batch B, padded layer sizes; model-major):
 * - activations and deltas [K, B, width]; kernels [K, in, out]; biases [K, out]
 * - `models`: one `Model` per model, `p`: the dispatch's `P`, `s`: the step's
 *   `S` (layout.ts defines them and packs them on the host)
 * - `step` (u32 words, rewritten every step): the K × B training-set indices,
 *   then each hidden layer's dropout noise [K, B, width] (f32 bits)
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

/** Threads per workgroup: the kernels' `override WG`, set from here when a pipeline is made. */
export const WORKGROUP = 64;

const COMMON = /* wgsl */ `
${PARAMS_STRUCT}
${MODEL_STRUCT}
@group(0) @binding(0) var<uniform> p: P;
override WG: u32 = ${WORKGROUP}u;

fn threadIndex(gid: vec3<u32>, nwg: vec3<u32>) -> u32 { return gid.y * nwg.x * WG + gid.x; }

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

/** tf.dropout's multiplier floor(u + keep) / keep from the step's noise; 1 where the layer has none (the shader declares \`step\`). */
const DROP_FN = /* wgsl */ `
fn dropMask(off: u32, i: u32, keep: f32) -> f32 {
  if (off == ${NONE}u) { return 1.0; }
  return floor(bitcast<f32>(step[off + i]) + keep) / keep;
}
`;

/** Hidden or output dense layer: A = act(X·W + b); X is the gathered batch (layer 0) or the previous layer's output × its dropout mask. */
export const FORWARD = /* wgsl */ `${COMMON}${DROP_FN}
@group(0) @binding(1) var<storage, read> W: array<f32>;
@group(0) @binding(2) var<storage, read> bias: array<f32>;
@group(0) @binding(3) var<storage, read> X: array<f32>;
@group(0) @binding(4) var<storage, read> step: array<u32>;
@group(0) @binding(5) var<storage, read> models: array<Model>;
@group(0) @binding(6) var<storage, read_write> A: array<f32>;

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let t = threadIndex(gid, nwg);
  if (t >= p.total) { return; }
  let j = t % p.dout;
  let row = t / p.dout;
  let k = row / p.B;
  let b = row % p.B;
  let realIn = models[k].dims[p.layer];
  let realOut = models[k].dims[p.layer + 1u];
  if (j >= realOut || b >= models[k].batch) { A[t] = 0.0; return; }
  let keep = models[k].keep;
  var z = 0.0;
  if (p.layer == 0u) {
    let src = step[row] * p.din;
    for (var i = 0u; i < realIn; i++) { z += X[src + i] * W[(k * p.din + i) * p.dout + j]; }
  } else {
    for (var i = 0u; i < realIn; i++) {
      z += X[row * p.din + i] * dropMask(p.noiseIn, row * p.din + i, keep) * W[(k * p.din + i) * p.dout + j];
    }
  }
  z = z + bias[k * p.dout + j];
  if (p.hidden == 1u) { z = act(z, models[k].acts[p.layer]); }
  A[t] = z;
}
`;

/** Softmax cross-entropy per example and its gradient w.r.t. the logits, divided by the model's batch. */
export const LOSS = /* wgsl */ `${COMMON}
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

/** Adds Σ W² of one layer's kernel to each model's penalty sum (for the weight-decay term of the loss). */
export const PENALTY = /* wgsl */ `${COMMON}
@group(0) @binding(1) var<storage, read> W: array<f32>;
@group(0) @binding(2) var<storage, read> models: array<Model>;
@group(0) @binding(3) var<storage, read_write> pen: array<f32>;

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let k = threadIndex(gid, nwg);
  if (k >= p.total) { return; }
  if (models[k].halfWd == 0.0) { return; }
  let realIn = models[k].dims[p.layer];
  let realOut = models[k].dims[p.layer + 1u];
  var s = 0.0;
  for (var i = 0u; i < realIn; i++) {
    for (var j = 0u; j < realOut; j++) { let w = W[(k * p.din + i) * p.dout + j]; s += w * w; }
  }
  pen[k] = pen[k] + s;
}
`;

/** Each model's loss this step — its batch mean plus weight decay / 2 × Σ W² — added to its running sum. */
export const LOSS_SUM = /* wgsl */ `${COMMON}
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

/** Backward through a layer: δ_prev = (δ·Wᵀ) × dropout mask × act'(previous output). */
export const BACKWARD_INPUT = /* wgsl */ `${COMMON}${DROP_FN}
@group(0) @binding(1) var<storage, read> W: array<f32>;
@group(0) @binding(2) var<storage, read> delta: array<f32>;
@group(0) @binding(3) var<storage, read> Aprev: array<f32>;
@group(0) @binding(4) var<storage, read> step: array<u32>;
@group(0) @binding(5) var<storage, read> models: array<Model>;
@group(0) @binding(6) var<storage, read_write> deltaPrev: array<f32>;

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let t = threadIndex(gid, nwg);
  if (t >= p.total) { return; }
  let i = t % p.din;
  let row = t / p.din;
  let k = row / p.B;
  let b = row % p.B;
  let realIn = models[k].dims[p.layer];
  let realOut = models[k].dims[p.layer + 1u];
  if (i >= realIn || b >= models[k].batch) { deltaPrev[t] = 0.0; return; }
  var g = 0.0;
  for (var j = 0u; j < realOut; j++) { g += delta[row * p.dout + j] * W[(k * p.din + i) * p.dout + j]; }
  g = g * dropMask(p.noiseIn, t, models[k].keep);
  deltaPrev[t] = g * actGrad(Aprev[t], models[k].acts[p.layer - 1u]);
}
`;

/**
 * The gradient of one layer's kernel and bias and the model's own optimizer
 * update, in place: thread (k, r, j) with r < din a kernel entry, r = din the
 * bias. The optimizer formulas are tfjs's (see optimizers.ts).
 */
export const UPDATE = /* wgsl */ `${COMMON}${DROP_FN}
${STEP_STRUCT}
@group(0) @binding(1) var<uniform> s: S;
@group(0) @binding(2) var<storage, read_write> W: array<f32>;
@group(0) @binding(3) var<storage, read_write> bias: array<f32>;
@group(0) @binding(4) var<storage, read_write> stateW: array<f32>;
@group(0) @binding(5) var<storage, read_write> stateB: array<f32>;
@group(0) @binding(6) var<storage, read> X: array<f32>;
@group(0) @binding(7) var<storage, read> step: array<u32>;
@group(0) @binding(8) var<storage, read> delta: array<f32>;
@group(0) @binding(9) var<storage, read> models: array<Model>;

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let t = threadIndex(gid, nwg);
  if (t >= p.total) { return; }
  let j = t % p.dout;
  let r = (t / p.dout) % (p.din + 1u);
  let k = t / (p.dout * (p.din + 1u));
  let realIn = models[k].dims[p.layer];
  let realOut = models[k].dims[p.layer + 1u];
  let isBias = r == p.din;
  if (j >= realOut || (!isBias && r >= realIn)) { return; }
  let batch = models[k].batch;
  let keep = models[k].keep;
  var g = 0.0;
  if (isBias) {
    for (var b = 0u; b < batch; b++) { g += delta[(k * p.B + b) * p.dout + j]; }
  } else if (p.layer == 0u) {
    for (var b = 0u; b < batch; b++) { g += X[step[k * p.B + b] * p.din + r] * delta[(k * p.B + b) * p.dout + j]; }
  } else {
    for (var b = 0u; b < batch; b++) {
      let row = k * p.B + b;
      g += X[row * p.din + r] * dropMask(p.noiseIn, row * p.din + r, keep) * delta[row * p.dout + j];
    }
  }
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
  // State per variable: [momentum accumulator | Adam first moment | Adam second moment], n entries each.
  var st0: f32; var st1: f32; var st2: f32;
  if (isBias) { st0 = stateB[e]; st1 = stateB[n + e]; st2 = stateB[2u * n + e]; } else { st0 = stateW[e]; st1 = stateW[n + e]; st2 = stateW[2u * n + e]; }
  var next: f32;
  if (kind == ${OPT.sgd}u) {
    next = negLr * g + w;
  } else if (kind == ${OPT.momentum}u) {
    st0 = s.momentum * st0 + g;
    next = negLr * st0 + w;
  } else {
    st1 = st1 * s.beta1 + g * s.oneMinusBeta1;
    st2 = st2 * s.beta2 + (g * g) * s.oneMinusBeta2;
    next = ((st1 / s.oneMinusAccB1) / (sqrt(st2 / s.oneMinusAccB2) + s.eps)) * negLr + w;
  }
  if (isBias) { bias[e] = next; stateB[e] = st0; stateB[n + e] = st1; stateB[2u * n + e] = st2; }
  else { W[e] = next; stateW[e] = st0; stateW[n + e] = st1; stateW[2u * n + e] = st2; }
}
`;
