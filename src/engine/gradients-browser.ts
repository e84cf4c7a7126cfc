// tfjs-core alone registers no gradients. In a bundle, the ESM build's
// registry module registers them all without pulling in tfjs-layers.
import '@tensorflow/tfjs-core/dist/register_all_gradients';
