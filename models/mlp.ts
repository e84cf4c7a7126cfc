/** The `mlp` family: dense hidden layers, dropout after each, softmax output. */
import * as tf from '@tensorflow/tfjs-core';
import type { MlpArch } from '../src/core/genome';
import { activate, dropout as dropoutLayer, makeVariable, variableShapes, type Net } from './layers';

/** An MLP with the given starting weights (from `initialWeights`, in `variables` order). */
export function buildMlp(
  arch: MlpArch,
  dropout: number,
  inputShape: number[],
  numClasses: number,
  weights: readonly Float32Array[],
): Net {
  const variables = variableShapes(arch, inputShape, numClasses).map((shape, i) => makeVariable(shape, weights[i]));
  const inputSize = inputShape.reduce((a, b) => a * b, 1);
  const depth = arch.layers.length;
  return {
    variables,
    kernels: variables.filter((_, i) => i % 2 === 0),
    apply(x, training, seed) {
      let h: tf.Tensor = x.rank === 2 ? x : tf.reshape(x, [-1, inputSize]);
      for (let l = 0; l <= depth; l++) {
        h = tf.add(tf.matMul(h, variables[2 * l]), variables[2 * l + 1]);
        if (l < depth) {
          h = activate(h, arch.layers[l].activation);
          if (training && dropout > 0) h = dropoutLayer(h, dropout, seed + l);
        }
      }
      return h as tf.Tensor2D;
    },
    dispose: () => variables.forEach((v) => v.dispose()),
  };
}
