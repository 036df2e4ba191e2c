// Training-step benchmark (issue 5): seconds per SFT train step (forward + backward + AdamW) and tokens/s of the tfjs
// backend on a Qwen2 of hidden 256 / 4 layers / 4 heads / 2 kv heads / intermediate 688 / tied / vocab 512,
// batch 16 x 256 (the issue's reference: PyTorch 2.13 on 2 threads took 0.49 s per step on this machine kind;
// PyTorch is not installable here, so that number is printed as context and the ratio to it is reported).
// Measured in the same run: the platform's plain matMul rate (GFLOP/s on 512x512x512), against the step's achieved
// GFLOP/s (an estimate: 6 x params x tokens + attention), so the ratio says how far the step is from the kernels.
// On wasm the matMul engines (tfjs.matmul: XNNPACK in wasm, or onnxruntime's MLAS) are measured side by side in the same
// run, their steps alternating so both see the same machine load, and the ratio between them printed.
// Env: BENCH_PLATFORM (auto), BENCH_BATCH (16), BENCH_SEQ (256), BENCH_STEPS (3), BENCH_HIDDEN (256),
// BENCH_LAYERS (4), BENCH_INTER (688), BENCH_VOCAB (512), BENCH_MICRO (1: microbatches per step, splitting the batch),
// BENCH_MATMUL (xnnpack,ort,onnx-train-2pass,onnx-train: the engines to compare, `ort:N` / `onnx-train:N` for N
// threads; `onnx-train` is the backend's trainEngine 'ort' as an SFT step takes it: forward and backward as one
// onnxruntime graph, @reasonrl/onnx-train; `onnx-train-2pass` the same engine's path for losses that are not linear in
// the log-probs, e.g. grpo_clip: a forward graph, the loss's gradient in tfjs, a backward graph),
// BENCH_ORT_THREADS (0: onnxruntime's default, one per core),
// BENCH_PROFILE (1: one more step per engine with every kernel timed, printing where the time goes),
// BENCH_CROSSOVER (1: time small products on both engines, the data behind ORT_MIN_FLOPS).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type MatMulEngine,
  ortMatMulStats,
  type Platform,
  QwenModel,
  selectPlatform,
  setWasmMatMulEngine,
  sftLoss,
  Trainer,
  tf,
  tinyQwenConfig,
} from '@reasonrl/backend-tfjs';
import { mulberry32, randomQwenTensors } from '@reasonrl/hf-checkpoint';
import { OrtTrainEngine } from '@reasonrl/onnx-train';

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
const ortThreads = env('BENCH_ORT_THREADS', 0);
// Off wasm the engine setting does nothing: one run, labelled by the platform.
const engines: string[] =
  choice.platform === 'wasm'
    ? (process.env.BENCH_MATMUL ?? 'xnnpack,ort,onnx-train-2pass,onnx-train').split(',')
    : [choice.platform, 'onnx-train-2pass', 'onnx-train'];
const isWholeStep = (engine: string) => engine.startsWith('onnx-train');
// An engine may name its ORT thread count, e.g. BENCH_MATMUL=ort:1,ort:2 (else BENCH_ORT_THREADS).
const useEngine = (engine: string) => {
  const [name, threads] = engine.split(':');
  if (isWholeStep(engine)) return; // its products never reach tfjs
  if (choice.platform === 'wasm')
    setWasmMatMulEngine(name as MatMulEngine, { threads: threads ? Number(threads) : ortThreads });
};

/** Seconds per call of `f` (median of `reps`, after one warm-up). */
function timeIt(f: () => void, reps: number): number {
  f();
  const ts: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t = performance.now();
    f();
    ts.push((performance.now() - t) / 1000);
  }
  return ts.sort((x, y) => x - y)[Math.floor(reps / 2)];
}

// Reference in the same run: each engine's plain matMul rate on 512^3.
const matmulGflops: Record<string, number> = {};
{
  const a = tf.randomNormal([512, 512]);
  const b = tf.randomNormal([512, 512]);
  for (const engine of engines) {
    if (isWholeStep(engine)) continue;
    useEngine(engine);
    const s = timeIt(() => tf.tidy(() => void tf.matMul(a, b).dataSync()), 5);
    matmulGflops[engine] = (2 * 512 ** 3) / s / 1e9;
  }
  tf.dispose([a, b]);
}

// The data behind ORT_MIN_FLOPS: small products (shapes of linear layers and their gradients) on both engines.
if (process.env.BENCH_CROSSOVER === '1' && choice.platform === 'wasm') {
  console.log('crossover (us per product, xnnpack vs ort; transposes as in x @ W^T and its gradients):');
  for (const [m, k, n] of [
    [8, 8, 8],
    [16, 16, 16],
    [32, 32, 32],
    [32, 64, 64],
    [64, 64, 64],
    [64, 128, 64],
    [96, 96, 96],
    [128, 128, 128],
    [256, 128, 128],
    [256, 256, 256],
  ]) {
    const x = tf.randomNormal([m, k]);
    const w = tf.randomNormal([n, k]);
    const dy = tf.randomNormal([m, n]);
    const row: string[] = [];
    for (const [label, f] of [
      ['x@W^T', () => tf.matMul(x, w, false, true)],
      ['dy@W', () => tf.matMul(dy, w)],
      ['dy^T@x', () => tf.matMul(dy, x, true, false)],
    ] as const) {
      const us = ['xnnpack', 'ort'].map((e) => {
        setWasmMatMulEngine(e as MatMulEngine, { threads: ortThreads, minFlops: 0 });
        return timeIt(() => tf.tidy(() => void f()), 200) * 1e6;
      });
      row.push(`${label} ${us[0].toFixed(0)} vs ${us[1].toFixed(0)}`);
    }
    console.log(`  ${m}x${k}x${n} (${((2 * m * k * n) / 1e6).toFixed(2)} MFLOP): ${row.join('; ')}`);
    tf.dispose([x, w, dy]);
  }
  setWasmMatMulEngine('auto', { threads: ortThreads });
}

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

const wholeStepEngines = new Map<string, OrtTrainEngine>();
for (const engine of engines.filter(isWholeStep)) {
  const threads = engine.split(':')[1];
  wholeStepEngines.set(
    engine,
    await OrtTrainEngine.create(config, { intraOpNumThreads: threads ? Number(threads) : ortThreads }),
  );
}
const step = async (engine: string) => {
  const whole = wholeStepEngines.get(engine);
  // SFT is linear in the log-probs: the backend runs its steps as one fused pass (onnx-train-2pass: the general path)
  if (whole)
    await trainer.trainStepOnEngine(whole, microbatches, loss, {
      linearInLogProbs: !engine.startsWith('onnx-train-2pass'),
    });
  else trainer.trainStep(microbatches, loss);
};
const times: Record<string, number[]> = Object.fromEntries(engines.map((e) => [e, []]));
const tensorsBefore = tf.memory().numTensors;
for (const engine of engines) {
  useEngine(engine);
  await step(engine); // warm-up (kernel setup, sessions, optimizer slots)
}
const tensorsAfterWarmup = tf.memory().numTensors;
for (let i = 0; i < steps; i++) {
  for (const engine of engines) {
    useEngine(engine);
    const t0 = performance.now();
    await step(engine);
    times[engine].push((performance.now() - t0) / 1000);
  }
}
const numTensorsAfter = tf.memory().numTensors;

/**
 * One more step with every kernel of the backend timed (wall clock around its kernelFunc; the wasm backend is
 * synchronous): seconds per kernel name, and the step time outside kernels (tape, engine bookkeeping, JS glue).
 */
function profileStep(): { stepSeconds: number; kernels: [string, number][] } {
  const backendName = tf.getBackend();
  const spent = new Map<string, number>();
  const originals = tf.getKernelsForBackend(backendName);
  for (const k of originals) {
    const inner = k.kernelFunc;
    tf.unregisterKernel(k.kernelName, backendName);
    tf.registerKernel({
      ...k,
      kernelFunc: ((args: Parameters<tf.KernelFunc>[0]) => {
        const t = performance.now();
        try {
          return inner(args);
        } finally {
          spent.set(k.kernelName, (spent.get(k.kernelName) ?? 0) + (performance.now() - t) / 1000);
        }
      }) as tf.KernelFunc,
    });
  }
  const t0 = performance.now();
  try {
    trainer.trainStep(microbatches, loss);
  } finally {
    for (const k of originals) {
      tf.unregisterKernel(k.kernelName, backendName);
      tf.registerKernel(k);
    }
  }
  return { stepSeconds: (performance.now() - t0) / 1000, kernels: [...spent].sort((x, y) => y[1] - x[1]) };
}

const tokens = batch * seq;
const params = [...model.params.values()].reduce((s, v) => s + v.size, 0);
const attn =
  config.numHiddenLayers * 3 * 2 * 2 * batch * config.numAttentionHeads * seq * seq * config.headDim;
const stepGflop = (6 * params * tokens + attn) / 1e9;
const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
const perEngine: Record<string, object> = {};
for (const engine of engines) {
  const sPerStep = median(times[engine]);
  const entry: Record<string, unknown> = {
    secondsPerStep: sPerStep,
    stepSeconds: times[engine],
    tokensPerSecond: tokens / sPerStep,
    achievedGflops: stepGflop / sPerStep,
    matmulGflops: matmulGflops[engine] ?? null,
    ratioToPytorch: sPerStep / PYTORCH_S_PER_STEP,
  };
  console.log(
    `${engine}: train step ${sPerStep.toFixed(2)} s (median of ${steps}: ${times[engine].map((t) => t.toFixed(2)).join(', ')}), ` +
      `${(tokens / sPerStep).toFixed(0)} tokens/s; ~${stepGflop.toFixed(0)} GFLOP/step -> ${(stepGflop / sPerStep).toFixed(1)} GFLOP/s ` +
      `${matmulGflops[engine] ? `vs plain 512^3 matMul ${matmulGflops[engine].toFixed(1)} GFLOP/s` : 'whole step on onnxruntime'}; ${(sPerStep / PYTORCH_S_PER_STEP).toFixed(2)}x the PyTorch reference (${PYTORCH_S_PER_STEP} s, recorded in issue 5)`,
  );
  if (process.env.BENCH_PROFILE === '1' && !isWholeStep(engine)) {
    useEngine(engine);
    const ortBefore = ortMatMulStats();
    const p = profileStep();
    const ortAfter = ortMatMulStats();
    const inKernels = p.kernels.reduce((s, [, t]) => s + t, 0);
    const pct = (t: number) => `${((100 * t) / p.stepSeconds).toFixed(1)}%`;
    console.log(
      `  profile: step ${p.stepSeconds.toFixed(2)} s, kernels ${inKernels.toFixed(2)} s (${pct(inKernels)}), outside kernels ${(p.stepSeconds - inKernels).toFixed(2)} s; ` +
        `${ortAfter.calls - ortBefore.calls} products on ORT (${((ortAfter.flops - ortBefore.flops) / 1e9).toFixed(1)} GFLOP in ` +
        `${(ortAfter.seconds - ortBefore.seconds).toFixed(2)} s of ORT run: ${((ortAfter.flops - ortBefore.flops) / 1e9 / Math.max(1e-9, ortAfter.seconds - ortBefore.seconds)).toFixed(1)} GFLOP/s)`,
    );
    for (const [name, t] of p.kernels.slice(0, 15))
      console.log(`    ${name.padEnd(24)} ${(t * 1000).toFixed(0).padStart(6)} ms ${pct(t)}`);
    entry.profile = {
      stepSeconds: p.stepSeconds,
      kernelSeconds: Object.fromEntries(p.kernels),
      ortProducts: ortAfter.calls - ortBefore.calls,
      ortGflop: (ortAfter.flops - ortBefore.flops) / 1e9,
      ortRunSeconds: ortAfter.seconds - ortBefore.seconds,
    };
  }
  perEngine[engine] = entry;
}
const ratios: Record<string, number> = {};
if (times.xnnpack && times['onnx-train']) {
  const paired = times.xnnpack.map((t, i) => t / times['onnx-train'][i]);
  ratios.xnnpackOverOnnxTrain = median(times.xnnpack) / median(times['onnx-train']);
  console.log(
    `onnx-train whole step vs xnnpack: ${ratios.xnnpackOverOnnxTrain.toFixed(2)}x faster per step (paired ratios ${paired.map((r) => r.toFixed(2)).join(', ')})`,
  );
}
if (times.ort && times['onnx-train']) {
  ratios.ortMatmulOverOnnxTrain = median(times.ort) / median(times['onnx-train']);
  console.log(`onnx-train whole step vs ort matmuls in tfjs: ${ratios.ortMatmulOverOnnxTrain.toFixed(2)}x`);
}
if (times['onnx-train-2pass'] && times['onnx-train']) {
  // Paired: the general two-graph path and the fused one (losses linear in the log-probs), steps back to back.
  const paired = times['onnx-train-2pass'].map((t, i) => t / times['onnx-train'][i]);
  ratios.twoPassOverFused = median(times['onnx-train-2pass']) / median(times['onnx-train']);
  console.log(
    `onnx-train fused vs two-pass: ${ratios.twoPassOverFused.toFixed(2)}x faster per step (paired ratios ${paired.map((r) => r.toFixed(2)).join(', ')})`,
  );
}
if (times.xnnpack && times.ort) {
  // Paired: step i of each engine ran back to back.
  const paired = times.xnnpack.map((t, i) => t / times.ort[i]);
  ratios.xnnpackOverOrt = median(times.xnnpack) / median(times.ort);
  console.log(
    `ort matmul vs xnnpack: ${ratios.xnnpackOverOrt.toFixed(2)}x faster per step (paired ratios ${paired.map((r) => r.toFixed(2)).join(', ')})`,
  );
}
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
    ortThreads,
  },
  stepGflop,
  pytorchSecondsPerStep: PYTORCH_S_PER_STEP,
  engines: perEngine,
  ...ratios,
  tensorsLeakedPerStep: (numTensorsAfter - tensorsAfterWarmup) / (steps * engines.length),
  numTensorsBefore: tensorsBefore,
  numTensorsAfter,
};
mkdirSync(join(ROOT, 'bench-results'), { recursive: true });
writeFileSync(join(ROOT, 'bench-results', 'train-step.json'), `${JSON.stringify(result, null, 2)}\n`);
for (const e of wholeStepEngines.values()) await e.dispose();
