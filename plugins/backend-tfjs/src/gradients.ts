// tfjs-core ships the gradient functions of its kernels but, loaded in Node (its CommonJS bundle), registers none:
// only the `@tensorflow/tfjs` union bundle does, into tfjs-core's global gradient registry. Importing it here makes
// tf.variableGrads work on every platform (it also registers the cpu and webgl backends, which selectPlatform
// overrides).
import '@tensorflow/tfjs';
