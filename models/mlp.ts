/** The `mlp` family: dense hidden layers, dropout after each, softmax output. */
import * as tf from '@tensorflow/tfjs-core';
import type { MlpArch } from '../src/core/genome';
import type { Rng } from '../src/core/rng';
import { glorotUniform } from './init';
import { activate, makeVariable, variableShapes, type InitialWeights, type Net } from './layers';

export function buildMlp(arch: MlpArch, dropout: number, inputShape: number[], numClasses: number, rng: Rng, init: InitialWeights): Net {
  const shapes = variableShapes(arch, inputShape, numClasses);
  const variables: tf.Variable[] = [];
  try {
    shapes.forEach((shape, i) => {
      const fresh = i % 2 === 0 ? () => glorotUniform(shape, shape[0], shape[1], rng) : () => new Float32Array(shape[0]);
      variables.push(makeVariable(shape, fresh, init, i));
    });
  } catch (e) {
    variables.forEach((v) => v.dispose());
    throw e;
  }
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
          if (training && dropout > 0) h = tf.dropout(h, dropout, undefined, seed + l);
        }
      }
      return h as tf.Tensor2D;
    },
    dispose: () => variables.forEach((v) => v.dispose()),
  };
}
