// Training-step benchmark (issue 5): seconds per SFT train step (forward + backward + AdamW) and tokens/s of the tfjs
// backend on a Qwen2 of hidden 256 / 4 layers / 4 heads / 2 kv heads / intermediate 688 / tied / vocab 512,
// batch 16 x 256 (the reference: PyTorch 2.13 on 2 threads took 0.49 s per step on this machine kind;
// PyTorch is not installable here, so that number is printed as context and the ratio to it is reported).
// Measured in the same run: the platform's plain matMul rate (GFLOP/s on 512x512x512), against the step's achieved
// GFLOP/s (an estimate: 6 x params x tokens + attention), so the ratio says how far the step is from the kernels.
// Env: BENCH_PLATFORM (auto), BENCH_BATCH (16), BENCH_SEQ (256), BENCH_STEPS (3), BENCH_HIDDEN (256),
// BENCH_LAYERS (4), BENCH_INTER (688), BENCH_VOCAB (512), BENCH_MICRO (1: microbatches per step, splitting the batch).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type Platform,
  QwenModel,
  selectPlatform,
  sftLoss,
  Trainer,
  tf,
  tinyQwenConfig,
} from '@reasonrl/backend-tfjs';
import { mulberry32, randomQwenTensors } from '@reasonrl/hf-checkpoint';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const PYTORCH_S_PER_STEP = 0.49; // issue 5: PyTorch 2.13, 2 threads, batch 16 x 256, this config

const batch = env('BENCH_BATCH', 16);
const seq = env('BENCH_SEQ', 256);
const steps = env('BENCH_STEPS', 3);
const micro = env('BENCH_MICRO', 1);
const hidden = env('BENCH_HIDDEN', 256);
const config = tinyQwenConfig({
  hiddenSize: hidden,
  numHiddenLayers: env('BENCH_LAYERS', 4),
  numAttentionHeads: 4,
  numKeyValueHeads: 2,
  headDim: hidden / 4,
  intermediateSize: env('BENCH_INTER', 688),
  vocabSize: env('BENCH_VOCAB', 512),
  maxPositionEmbeddings: 4096,
});

const choice = await selectPlatform((process.env.BENCH_PLATFORM ?? 'auto') as Platform);
console.log(
  `platform ${choice.platform} (backend ${choice.backend}); skipped: ${choice.skipped.map((s) => s.platform).join(', ') || 'none'}`,
);

// Reference in the same run: the platform's own matMul rate.
const a = tf.randomNormal([512, 512]);
const b = tf.randomNormal([512, 512]);
tf.tidy(() => {
  tf.matMul(a, b).dataSync();
});
let t0 = performance.now();
for (let i = 0; i < 5; i++)
  tf.tidy(() => {
    tf.matMul(a, b).dataSync();
  });
const matmulGflops = (5 * 2 * 512 ** 3) / ((performance.now() - t0) / 1000) / 1e9;
tf.dispose([a, b]);

const rand = mulberry32(7);
const ids = () =>
  Array.from({ length: batch }, () =>
    Array.from({ length: seq + 1 }, () => Math.floor(rand() * config.vocabSize)),
  );
const full = ids();
const mb = (from: number, to: number) => ({
  inputIds: full.slice(from, to).map((r) => r.slice(0, -1)),
  labels: full.slice(from, to).map((r) => r.slice(1)),
  responseMask: full.slice(from, to).map((r) => r.slice(1).map((_, t) => (t >= seq / 4 ? 1 : 0))),
});
const per = batch / micro;
const microbatches = Array.from({ length: micro }, (_, i) => mb(i * per, (i + 1) * per));
const model = new QwenModel(config, randomQwenTensors(config, { seed: 1, std: 0.02 }));
const trainer = new Trainer(model, {
  lr: 1e-4,
  betas: [0.9, 0.95],
  eps: 1e-8,
  weightDecay: 0.01,
  maxGradNorm: 1,
});
const loss = ({ policyLogProbs }: { policyLogProbs: tf.Tensor2D }, m: (typeof microbatches)[number]) => ({
  loss: tf.div(
    sftLoss(policyLogProbs, tf.tensor2d(m.responseMask, undefined, 'float32')),
    micro,
  ) as tf.Scalar,
});

trainer.trainStep(microbatches, loss); // warm-up (kernel setup, optimizer slots)
const times: number[] = [];
for (let i = 0; i < steps; i++) {
  t0 = performance.now();
  trainer.trainStep(microbatches, loss);
  times.push((performance.now() - t0) / 1000);
}
const sPerStep = times.sort((x, y) => x - y)[Math.floor(times.length / 2)];
const tokens = batch * seq;
const params = [...model.params.values()].reduce((s, v) => s + v.size, 0);
const attn =
  config.numHiddenLayers * 3 * 2 * 2 * batch * config.numAttentionHeads * seq * seq * config.headDim;
const stepGflop = (6 * params * tokens + attn) / 1e9;
const result = {
  platform: choice.platform,
  config: {
    hidden,
    layers: config.numHiddenLayers,
    inter: config.intermediateSize,
    vocab: config.vocabSize,
    batch,
    seq,
    micro,
  },
  secondsPerStep: sPerStep,
  tokensPerSecond: tokens / sPerStep,
  stepGflop,
  achievedGflops: stepGflop / sPerStep,
  matmulGflops,
  ratioToPytorch: sPerStep / PYTORCH_S_PER_STEP,
  numTensorsAfter: tf.memory().numTensors,
};
console.log(
  `train step: ${sPerStep.toFixed(2)} s (median of ${steps}), ${result.tokensPerSecond.toFixed(0)} tokens/s; ` +
    `~${stepGflop.toFixed(0)} GFLOP/step -> ${result.achievedGflops.toFixed(1)} GFLOP/s vs plain 512^3 matMul ${matmulGflops.toFixed(1)} GFLOP/s; ` +
    `${result.ratioToPytorch.toFixed(2)}x the PyTorch reference (${PYTORCH_S_PER_STEP} s, recorded in issue 5)`,
);
mkdirSync(join(ROOT, 'bench-results'), { recursive: true });
writeFileSync(join(ROOT, 'bench-results', 'train-step.json'), `${JSON.stringify(result, null, 2)}\n`);
