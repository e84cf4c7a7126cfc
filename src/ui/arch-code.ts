/**
 * The short architecture codes (`mlp 8t-8t`, `cnn c8k3p-c16k3 | 32 relu`)
 * spelled out, for tooltips and the legend: the codes are dense on purpose,
 * so every place that shows one can also say what it means.
 */
import { html } from 'lit';
import { describeArch, type Architecture } from '../core/genome';

/** An architecture in words: "2 hidden layers: 8 tanh units, then 8 tanh units". */
export function explainArch(arch: Architecture): string {
  if (arch.family === 'mlp') {
    if (arch.layers.length === 0) return 'a linear model: no hidden layer, so its boundary is a straight line';
    const n = arch.layers.length;
    return `a multilayer perceptron with ${n} hidden layer${n === 1 ? '' : 's'}: ${arch.layers.map((l) => `${l.units} ${l.activation} units`).join(', then ')}`;
  }
  const blocks = arch.blocks.map(
    (b) => `${b.filters} filters of ${b.kernel}×${b.kernel}${b.pool ? ' then 2×2 pooling' : ''}`,
  );
  const head = arch.head.length
    ? `; then dense layer${arch.head.length === 1 ? '' : 's'} of ${arch.head.map((l) => l.units).join(', ')} units`
    : '';
  return `a convnet (${arch.activation}): ${blocks.join(', then ')}${head}`;
}

/** The code with its meaning on hover (and to screen readers, via the title). */
export const archCode = (arch: Architecture) =>
  html`<abbr class="arch" title=${`${describeArch(arch)}: ${explainArch(arch)}`}>${describeArch(arch)}</abbr>`;

/** The key to the codes, in one line. */
export const ARCH_LEGEND =
  `Codes: mlp 8t-8t = two hidden layers of 8 units (t tanh, r relu, s sigmoid, e elu); ` +
  `mlp (linear) = no hidden layer; cnn c8k3p = 8 convolution filters of 3×3, then ` +
  `pooling; “| 32” = a dense layer of 32 units after the convolutions.`;
