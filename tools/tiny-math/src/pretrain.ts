// Pretrain the tiny-math base model (issue 9): a byte-level BPE trained on the task's text, then a small Qwen2 trained
// from a seeded random init on plain-style solutions and arithmetic drills (never the r1_zero trace format), with the
// tfjs backend on CPU. Writes a Hugging Face checkpoint folder (what packages/tiny-math ships in model/) and
// pretrain.json (settings, loss curve, validation accuracy in the plain style, time taken).
//
//   node --conditions=@reasonrl/source --import tsx tools/tiny-math/src/pretrain.ts --out packages/tiny-math/model
//
// Options: --steps (1200) --batch (32) --lr (2e-3) --seed (0) --hidden (128) --layers (3) --intermediate (352)
//          --eval-every (200) --eval-examples (128)
//          --init-from DIR: continue from the checkpoint a previous run wrote (its tokenizer and shape are kept; use
//          another --seed so the documents differ); pretrain.json then records the earlier runs too.
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { QwenModel, selectPlatform, Trainer, tf, tinyQwenConfig } from '@reasonrl/backend-tfjs';
import {
  loadCheckpoint,
  loadTokenizer,
  type ModelConfig,
  randomQwenTensors,
  saveCheckpoint,
  writeJsonAtomic,
} from '@reasonrl/hf-checkpoint';
import { pretrainingDocuments, tokenizerCorpus } from './corpus.js';
import { evaluatePlain } from './evaluate-plain.js';
import { trainByteLevelBpe } from './train-bpe.js';

const { values: a } = parseArgs({
  options: {
    out: { type: 'string' },
    steps: { type: 'string', default: '1200' },
    batch: { type: 'string', default: '32' },
    lr: { type: 'string', default: '2e-3' },
    seed: { type: 'string', default: '0' },
    hidden: { type: 'string', default: '128' },
    layers: { type: 'string', default: '3' },
    intermediate: { type: 'string', default: '352' },
    'eval-every': { type: 'string', default: '200' },
    'eval-examples': { type: 'string', default: '128' },
    'init-from': { type: 'string' },
  },
});
if (!a.out) {
  console.error('pretrain: --out <dir> is required (e.g. packages/tiny-math/model)');
  process.exit(2);
}
const num = (name: keyof typeof a) => {
  const v = Number(a[name]);
  if (!Number.isFinite(v)) {
    console.error(`pretrain: --${name} must be a number, got '${a[name]}'`);
    process.exit(2);
  }
  return v;
};
const out = resolve(a.out);
const steps = num('steps');
const batch = num('batch');
const seed = num('seed');
const evalEvery = num('eval-every');
const evalExamples = num('eval-examples');
const t0 = performance.now();
const elapsed = () => (performance.now() - t0) / 1000;

// 1. Tokenizer: trained on the task's own text (the r1_zero prompt weighted like the prompt it is in every example),
// or kept from the checkpoint training continues from.
const EOS = '<|endoftext|>';
const ADDED = ['<think>', '</think>', '<answer>', '</answer>'];
const TOKENIZER_FILES = ['tokenizer.json', 'tokenizer_config.json', 'generation_config.json'];
const initFrom = a['init-from'] ? resolve(a['init-from']) : undefined;
mkdirSync(out, { recursive: true });
let tokenizerInfo: { merges: number; vocabSize: number };
if (initFrom) {
  if (!existsSync(join(initFrom, 'config.json'))) {
    console.error(
      `pretrain: --init-from ${initFrom} has no config.json (expected a folder this script wrote)`,
    );
    process.exit(2);
  }
  if (initFrom !== out) for (const f of TOKENIZER_FILES) copyFileSync(join(initFrom, f), join(out, f));
  const tj = JSON.parse(readFileSync(join(out, 'tokenizer.json'), 'utf8'));
  tokenizerInfo = {
    merges: tj.model.merges.length,
    vocabSize: Object.keys(tj.model.vocab).length + tj.added_tokens.length - 1,
  };
} else {
  const corpus = [...tokenizerCorpus(seed, 4000), ...Array(50).fill(tokenizerCorpus(seed, 0)[0])];
  const bpe = trainByteLevelBpe(corpus, { vocabSize: 1024, eosToken: EOS, addedTokens: ADDED });
  await writeJsonAtomic(join(out, 'tokenizer.json'), bpe.tokenizerJson);
  await writeJsonAtomic(join(out, 'tokenizer_config.json'), {
    backend: 'tokenizers',
    bos_token: null,
    clean_up_tokenization_spaces: false,
    eos_token: EOS,
    model_max_length: 1024,
    pad_token: EOS,
    padding_side: 'right',
    tokenizer_class: 'PreTrainedTokenizerFast',
    unk_token: null,
  });
  await writeJsonAtomic(join(out, 'generation_config.json'), {
    bos_token_id: 0,
    eos_token_id: 0,
    pad_token_id: 0,
  });
  tokenizerInfo = { merges: bpe.merges, vocabSize: bpe.vocabSize };
}
const tokenizer = await loadTokenizer(out);
console.log(
  `tokenizer: ${tokenizerInfo.merges} merges, ${tokenizerInfo.vocabSize} tokens (${elapsed().toFixed(1)} s)`,
);

// 2. Model: a seeded random-init Qwen2 (vocabulary rounded up to a multiple of 64, as real checkpoints pad it), or
// the checkpoint training continues from.
const hidden = num('hidden');
const heads = 4;
const initial = initFrom ? await loadCheckpoint(initFrom) : undefined;
const config: ModelConfig =
  initial?.config ??
  tinyQwenConfig({
    vocabSize: Math.ceil(tokenizerInfo.vocabSize / 64) * 64,
    hiddenSize: hidden,
    intermediateSize: num('intermediate'),
    numHiddenLayers: num('layers'),
    numAttentionHeads: heads,
    numKeyValueHeads: 2,
    headDim: hidden / heads,
    maxPositionEmbeddings: 1024,
    bosTokenId: 0,
  });
const previousRuns: unknown[] = [];
if (initFrom && existsSync(join(initFrom, 'pretrain.json'))) {
  const prev = JSON.parse(readFileSync(join(initFrom, 'pretrain.json'), 'utf8'));
  previousRuns.push(...(prev.previousRuns ?? []), { ...prev, previousRuns: undefined });
}
const platform = await selectPlatform('auto');
const model = new QwenModel(config, initial?.tensors ?? randomQwenTensors(config, { seed, std: 0.02 }));
const trainer = new Trainer(model, {
  lr: num('lr'),
  betas: [0.9, 0.98],
  eps: 1e-8,
  weightDecay: 0.01,
  maxGradNorm: 1,
  schedule: { type: 'cosine', warmupSteps: Math.min(50, steps), totalSteps: steps, minLrRatio: 0.1 },
});
const params = [...model.params.values()].reduce((s, v) => s + v.size, 0);
console.log(`model: ${JSON.stringify(config)}\n${params} parameters, platform ${platform.platform}`);

// 3. Training: each document is its own row (the model always starts reading at a problem's first word, as in
// the pipeline), ending in EOS so it learns to stop; the loss is the mean over every real token.
const docs = pretrainingDocuments(seed);
function nextBatch() {
  const rows = Array.from({ length: batch }, () => [...tokenizer.encode(docs.next().value), 0]);
  const width = Math.max(...rows.map((r) => r.length));
  const padded = rows.map((r) => [...r, ...Array(width - r.length).fill(0)]);
  return {
    inputIds: padded.map((r) => r.slice(0, -1)),
    labels: padded.map((r) => r.slice(1)),
    responseMask: rows.map((r) => Array.from({ length: width - 1 }, (_, t) => (t < r.length - 1 ? 1 : 0))),
    tokens: rows.reduce((s, r) => s + r.length - 1, 0),
  };
}
const meanTokenLoss = (
  { policyLogProbs }: { policyLogProbs: tf.Tensor2D },
  mb: { responseMask: number[][] },
) => {
  const mask = tf.tensor2d(mb.responseMask, undefined, 'float32');
  return { loss: tf.div(tf.neg(tf.sum(tf.mul(policyLogProbs, mask))), tf.sum(mask)) as tf.Scalar };
};

const history: { step: number; loss: number; lr: number; seconds: number }[] = [];
const evals: { step: number; accuracy: number; formatRate: number; seconds: number }[] = [];
let tokens = 0;
let window = 0;
const runEval = async (step: number) => {
  // Always the same problems (seed 0), so the evaluations of successive phases compare.
  const r = await evaluatePlain(model, out, config, 0, evalExamples);
  evals.push({ step, ...r, seconds: elapsed() });
  console.log(
    `  eval @${step}: plain accuracy ${(100 * r.accuracy).toFixed(1)}%, "The answer is" ${(100 * r.formatRate).toFixed(1)}%`,
  );
};
for (let step = 1; step <= steps; step++) {
  const mb = nextBatch();
  const lr = trainer.currentLr;
  const { loss } = trainer.trainStep([mb], meanTokenLoss);
  if (!Number.isFinite(loss))
    throw new Error(`pretrain: loss is ${loss} at step ${step}; stopping (nothing saved)`);
  tokens += mb.tokens;
  window += loss;
  if (step % 25 === 0) {
    history.push({ step, loss: window / 25, lr, seconds: elapsed() });
    const eta = (elapsed() / step) * (steps - step);
    console.log(
      `step ${step}/${steps} loss ${(window / 25).toFixed(4)} lr ${lr.toExponential(2)} ${(tokens / elapsed()).toFixed(0)} tok/s, ETA ${(eta / 60).toFixed(1)} min`,
    );
    window = 0;
  }
  if (evalEvery > 0 && step % evalEvery === 0 && step < steps) await runEval(step);
}
await runEval(steps);

// 4. Save: weights (fp32 safetensors) + config.json next to the tokenizer files, and the record of this run.
await saveCheckpoint(out, config, model.exportTensors());
const record = {
  command: `node --conditions=@reasonrl/source --import tsx tools/tiny-math/src/pretrain.ts ${process.argv.slice(2).join(' ')}`,
  seed,
  steps,
  batch,
  lr: num('lr'),
  parameters: params,
  platform: platform.platform,
  tokenizer: tokenizerInfo,
  initFrom: initFrom ?? null,
  trainedTokens: tokens,
  seconds: elapsed(),
  history,
  evals,
  previousRuns,
};
writeFileSync(join(out, 'pretrain.json'), `${JSON.stringify(record, null, 2)}\n`);
console.log(`saved ${out} in ${(elapsed() / 60).toFixed(1)} min`);
