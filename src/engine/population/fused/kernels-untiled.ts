/**
 * The fused step's first matrix-product kernels, before tiling: each thread
 * computes one output element with a plain loop — no shared memory, no
 * barriers. They beat tfjs's ops for small MLPs, where dispatch overhead
 * dominates, and lose where arithmetic does (784-256-10: about half the
 * plain path's throughput on the software adapter). Kept so the population
 * benchmark can measure the tiled kernels (tiled.ts) against them in one run
 * (`--vs-untiled`); training uses the tiled ones. Layouts: kernels.ts.
 */
import { BACKWARD_INPUT_BINDINGS, DROP_FN, FLAT, FORWARD_BINDINGS, UPDATE_BINDINGS, UPDATE_FN } from './kernels';

/** Hidden or output dense layer: A = act(X·W + b); X is the gathered batch (layer 0) or the previous layer's output × its dropout mask. */
export const FORWARD = /* wgsl */ `${FLAT}${DROP_FN}${FORWARD_BINDINGS}
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

/** Backward through a layer: δ_prev = (δ·Wᵀ) × dropout mask × act'(previous output). */
export const BACKWARD_INPUT = /* wgsl */ `${FLAT}${DROP_FN}${BACKWARD_INPUT_BINDINGS}
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
 * bias.
 */
export const UPDATE = /* wgsl */ `${FLAT}${DROP_FN}${UPDATE_BINDINGS}${UPDATE_FN}
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
  applyUpdate(k, r, j, g);
}
`;
