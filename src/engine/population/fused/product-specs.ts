/**
 * The fused step's three matrix products as the tiled kernels' generic loop
 * (tiled.ts) sees them: each product's bindings, the extents of model k's
 * own product, its padded output size, the loads of both operands (as
 * scalars, or as vec4 where the layer's buffer rows are a multiple of 4 long)
 * and the epilogue for one output element — the element-wise work fused
 * after the product (kernels.ts has the layouts).
 */
import { BACKWARD_INPUT_BINDINGS, DROP_FN, FORWARD_BINDINGS, UPDATE_BINDINGS, UPDATE_FN } from './kernels';

/** Which product kernel: forward (X·W), input gradient (δ·Wᵀ) or weight gradient with the update (Xᵀ·δ). */
export type Kernel = 'forward' | 'backward' | 'update';

/** Which operands a product kernel reads from their buffers as `vec4<f32>`: those whose rows are a multiple of 4 long. */
export interface Vec4Loads {
  a: boolean;
  b: boolean;
}

/** Every operand read as scalars. */
export const SCALAR: Vec4Loads = { a: false, b: false };

/**
 * The vec4 loads a layer din → dout allows, chosen when its pipeline is made:
 * an operand is read four floats at a time where its buffer's rows (the index
 * it is contiguous along) are a multiple of 4 long — 784, 256 and the batch
 * are, a 10-class output is not, and reads scalars.
 */
export function vec4Loads(kernel: Kernel, din: number, dout: number): Vec4Loads {
  const q = (n: number) => n % 4 === 0;
  if (kernel === 'backward') return { a: q(dout), b: q(dout) }; // δ [B, dout] and W [din, dout], both along dout
  return { a: q(din), b: q(dout) }; // forward: X [B, din], W [din, dout]; update: X [B, din], δ [B, dout]
}

/** Along which index an operand is contiguous in its buffer: the reduction index, or its output index (A's rows, B's columns). */
export type Along = 'reduction' | 'output';

/** A product kernel: its bindings and the four functions (see tiled.ts), given which operands load vec4. */
export interface ProductSpec {
  declarations: (vec: Vec4Loads) => string;
  a: Along;
  b: Along;
}

/** A binding's declaration read as vec4<f32> (same binding number, four floats per element) where `vec` says. */
function asVec4(bindings: string, name: string, vec: boolean): string {
  if (!vec) return bindings;
  const scalar = `var<storage, read> ${name}: array<f32>;`;
  if (!bindings.includes(scalar)) throw new Error(`no read-only f32 binding ${name} to read as vec4`);
  return bindings.replace(scalar, `var<storage, read> ${name}: array<vec4<f32>>;`);
}

/** Four dropout multipliers from index e on (DROP_FN's, one by one). */
const DROP4_FN = /* wgsl */ `
fn dropMask4(off: u32, e: u32, keep: f32) -> vec4<f32> {
  return vec4<f32>(dropMask(off, e, keep), dropMask(off, e + 1u, keep), dropMask(off, e + 2u, keep), dropMask(off, e + 3u, keep));
}
`;

/** Forward through a layer: A = act(X·W + b), X the gathered batch (layer 0) or the previous output × its dropout mask. */
const FORWARD: ProductSpec = {
  a: 'reduction',
  b: 'output',
  declarations: (vec) => /* wgsl */ `${DROP_FN}${DROP4_FN}${asVec4(asVec4(FORWARD_BINDINGS, 'X', vec.a), 'W', vec.b)}
fn extents(k: u32) -> vec3<u32> { return vec3<u32>(models[k].batch, models[k].dims[p.layer + 1u], models[k].dims[p.layer]); }
fn outSize() -> vec2<u32> { return vec2<u32>(p.B, p.dout); }
${
  vec.a
    ? `fn loadA4(k: u32, m: u32, t: u32) -> vec4<f32> {
  let row = k * p.B + m;
  if (p.layer == 0u) { return X[(step[row] * p.din + t) / 4u]; }
  let e = row * p.din + t;
  return X[e / 4u] * dropMask4(p.noiseIn, e, models[k].keep);
}`
    : `fn loadA(k: u32, m: u32, t: u32) -> f32 {
  let row = k * p.B + m;
  if (p.layer == 0u) { return X[step[row] * p.din + t]; }
  let e = row * p.din + t;
  return X[e] * dropMask(p.noiseIn, e, models[k].keep);
}`
}
${
  vec.b
    ? `fn loadB4(k: u32, t: u32, n: u32) -> vec4<f32> { return W[((k * p.din + t) * p.dout + n) / 4u]; }`
    : `fn loadB(k: u32, t: u32, n: u32) -> f32 { return W[(k * p.din + t) * p.dout + n]; }`
}
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
  a: 'reduction',
  b: 'reduction',
  declarations: (vec) => /* wgsl */ `${DROP_FN}${asVec4(asVec4(BACKWARD_INPUT_BINDINGS, 'delta', vec.a), 'W', vec.b)}
fn extents(k: u32) -> vec3<u32> { return vec3<u32>(models[k].batch, models[k].dims[p.layer], models[k].dims[p.layer + 1u]); }
fn outSize() -> vec2<u32> { return vec2<u32>(p.B, p.din); }
${
  vec.a
    ? `fn loadA4(k: u32, m: u32, t: u32) -> vec4<f32> { return delta[((k * p.B + m) * p.dout + t) / 4u]; }`
    : `fn loadA(k: u32, m: u32, t: u32) -> f32 { return delta[(k * p.B + m) * p.dout + t]; }`
}
${
  vec.b
    ? `fn loadB4(k: u32, t: u32, n: u32) -> vec4<f32> { return W[((k * p.din + n) * p.dout + t) / 4u]; }`
    : `fn loadB(k: u32, t: u32, n: u32) -> f32 { return W[(k * p.din + n) * p.dout + t]; }`
}
fn epilogue(k: u32, m: u32, n: u32, v: f32) {
  let e = (k * p.B + m) * p.din + n;
  if (m >= models[k].batch || n >= models[k].dims[p.layer]) { deltaPrev[e] = 0.0; return; }
  deltaPrev[e] = v * dropMask(p.noiseIn, e, models[k].keep) * actGrad(Aprev[e], models[k].acts[p.layer - 1u]);
}
`,
};

/**
 * A layer's kernel and bias gradient (Xᵀ·δ; row din of Xᵀ is ones, for the
 * bias) and the optimizer update, in place. Both operands are read along
 * their rows (X's inputs, δ's outputs for one example): Xᵀ without strided loads.
 */
const UPDATE: ProductSpec = {
  a: 'output',
  b: 'output',
  declarations: (vec) => /* wgsl */ `${DROP_FN}${DROP4_FN}${UPDATE_BINDINGS}${UPDATE_FN}
@group(0) @binding(6) var<storage, read> X: array<${vec.a ? 'vec4<f32>' : 'f32'}>;
@group(0) @binding(7) var<storage, read> step: array<u32>;
@group(0) @binding(8) var<storage, read> delta: array<${vec.b ? 'vec4<f32>' : 'f32'}>;
@group(0) @binding(9) var<storage, read> models: array<Model>;

fn extents(k: u32) -> vec3<u32> { return vec3<u32>(p.din + 1u, models[k].dims[p.layer + 1u], models[k].batch); }
fn outSize() -> vec2<u32> { return vec2<u32>(p.din + 1u, p.dout); }
${
  vec.a
    ? `fn loadA4(k: u32, m: u32, t: u32) -> vec4<f32> {
  // din is a multiple of 4 here, so the bias row starts a unit of its own.
  if (m == p.din) { return vec4<f32>(1.0, 0.0, 0.0, 0.0); }
  let row = k * p.B + t;
  if (p.layer == 0u) { return X[(step[row] * p.din + m) / 4u]; }
  let e = row * p.din + m;
  return X[e / 4u] * dropMask4(p.noiseIn, e, models[k].keep);
}`
    : `fn loadA(k: u32, m: u32, t: u32) -> f32 {
  if (m == p.din) { return 1.0; }
  let row = k * p.B + t;
  if (p.layer == 0u) { return X[step[row] * p.din + m]; }
  let e = row * p.din + m;
  return X[e] * dropMask(p.noiseIn, e, models[k].keep);
}`
}
${
  vec.b
    ? `fn loadB4(k: u32, t: u32, n: u32) -> vec4<f32> { return delta[((k * p.B + t) * p.dout + n) / 4u]; }`
    : `fn loadB(k: u32, t: u32, n: u32) -> f32 { return delta[(k * p.B + t) * p.dout + n]; }`
}
fn epilogue(k: u32, m: u32, n: u32, v: f32) {
  if (n >= models[k].dims[p.layer + 1u] || (m < p.din && m >= models[k].dims[p.layer])) { return; }
  applyUpdate(k, m, n, v);
}
`,
};

/** The three products' specs. */
export const PRODUCT_SPECS: Record<Kernel, ProductSpec> = {
  forward: FORWARD,
  backward: BACKWARD_INPUT,
  update: UPDATE,
};
