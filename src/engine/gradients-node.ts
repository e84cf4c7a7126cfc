// Node resolves tfjs-core to its CommonJS build, whose gradients live in the
// union package's Node build; importing it registers them on the same engine.
import '@tensorflow/tfjs';
