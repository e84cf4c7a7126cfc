/**
 * The `cnn` family: conv blocks (same-padded conv, activation, optional 2×2
 * max-pool), flatten, a dense head with dropout, softmax output.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { CnnArch } from '../src/core/genome';
import type { Rng } from '../src/core/rng';
import { glorotUniform } from './init';
import { activate, makeVariable, variableShapes, type InitialWeights, type Net } from './layers';

export function buildCnn(arch: CnnArch, dropout: number, inputShape: number[], numClasses: number, rng: Rng, init: InitialWeights): Net {
  if (inputShape.length !== 3) throw new Error(`cnn needs an image input [h, w, c], got [${inputShape.join(', ')}]`);
  const shapes = variableShapes(arch, inputShape, numClasses);
  const variables: tf.Variable[] = [];
  try {
    shapes.forEach((shape, i) => {
      let fresh: () => Float32Array;
      if (i % 2 === 1) fresh = () => new Float32Array(shape[0]);
      else if (shape.length === 4) {
        const [k, , cin, cout] = shape;
        fresh = () => glorotUniform(shape, k * k * cin, k * k * cout, rng);
      } else fresh = () => glorotUniform(shape, shape[0], shape[1], rng);
      variables.push(makeVariable(shape, fresh, init, i));
    });
  } catch (e) {
    variables.forEach((v) => v.dispose());
    throw e;
  }
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
          if (training && dropout > 0) d = tf.dropout(d, dropout, undefined, seed + l);
        }
      }
      return d as tf.Tensor2D;
    },
    dispose: () => variables.forEach((v) => v.dispose()),
  };
}
