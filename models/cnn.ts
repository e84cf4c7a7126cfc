/**
 * The `cnn` family: conv blocks (same-padded conv, activation, optional 2×2
 * max-pool), flatten, a dense head with dropout, softmax output.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { CnnArch } from '../src/core/genome';
import { activate, dropout as dropoutLayer, makeVariable, variableShapes, type Net } from './layers';

/** A CNN with the given starting weights (from `initialWeights`, in `variables` order). */
export function buildCnn(
  arch: CnnArch,
  dropout: number,
  inputShape: number[],
  numClasses: number,
  weights: readonly Float32Array[],
): Net {
  const variables = variableShapes(arch, inputShape, numClasses).map((shape, i) => makeVariable(shape, weights[i]));
  const nConv = arch.blocks.length;
  const nDense = arch.head.length + 1;
  return {
    variables,
    kernels: variables.filter((_, i) => i % 2 === 0),
    apply(x, training, seed) {
      let h = (x.rank === 4 ? x : tf.reshape(x, [-1, inputShape[0], inputShape[1], inputShape[2]])) as tf.Tensor4D;
      arch.blocks.forEach((b, i) => {
        h = tf.add(tf.conv2d(h, variables[2 * i] as tf.Tensor4D, 1, 'same'), variables[2 * i + 1]) as tf.Tensor4D;
        h = activate(h, arch.activation) as tf.Tensor4D;
        if (b.pool) h = tf.maxPool(h, 2, 2, 'valid');
      });
      let d: tf.Tensor = tf.reshape(h, [h.shape[0], -1]);
      for (let l = 0; l < nDense; l++) {
        const k = 2 * (nConv + l);
        d = tf.add(tf.matMul(d, variables[k]), variables[k + 1]);
        if (l < nDense - 1) {
          d = activate(d, arch.head[l].activation);
          if (training && dropout > 0) d = dropoutLayer(d, dropout, seed + l);
        }
      }
      return d as tf.Tensor2D;
    },
    dispose: () => variables.forEach((v) => v.dispose()),
  };
}
