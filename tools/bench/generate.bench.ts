// Generation benchmark (issue 6): new tokens/s of the onnx Sampler for 64 prompts x 128 new tokens at temperature 1,
// on a Qwen2 of hidden 256 / 4 layers / 4 heads / 2 kv heads / intermediate 688, and on the tiny fixture model.
// References measured in the same run (absolute numbers on a shared 2-core machine are noise; ratios are not):
//  - the machine's matmul peak: one large ORT MatMul, in GFLOP/s, against the decode phase's achieved GFLOP/s;
//  - a naive decoder without KV cache (the whole sequence recomputed for every new token), on a slice of the work;
//  - the memory read bandwidth (ORT ReduceSum over 256 MB), for a roofline floor of the decode step: its weight
//    products at the matmul peak plus its KV-cache reads at that bandwidth, nothing else. The decode phase is
//    memory-bound in attention, so "% of the matmul peak" cannot reach 100; the floor says how far this design could go.
// Hugging Face `generate` with PyTorch is not installable here; the issue measured it at 457-890 new tokens/s on the
// same model and batch, so those numbers are printed as context only.
// Env: BENCH_PROMPTS (64: rows in all), BENCH_N (1: samples per prompt, so BENCH_PROMPTS / BENCH_N distinct prompts),
// BENCH_TOKENS (128), BENCH_THREADS (0 = ORT's default, one per physical core, the sampler's default; PyTorch used both
// cores for the HF reference; 1 is steadier when other jobs share the cores), BENCH_WEIGHTS (the sampler's `weights`: decode-initializers, its default | inputs | initializers),
// BENCH_ATTENTION (static | gqa | standard), BENCH_SHARED_PREFIX_MIN (16, the sampler's default; 0 disables sharing),
// BENCH_BUCKETS (the sampler's `decodeBuckets`, default its default: rows bucketed by length, 1 = one capacity),
// BENCH_SPIN (0: the sampler's intra-op threads sleep instead of spinning, `intraOpSpinning: false`),
// BENCH_WORKERS (the sampler's `workers`: auto, its default, or a count; 1 = no worker threads),
// BENCH_ROUNDS (3: generate calls on the issue's model, each right after its own matmul peak reading; the round with
// the median decode/peak ratio is reported, every round's ratio printed).
// BENCH_AB=<json sampler options>, e.g. BENCH_AB='{"decodeBuckets":1}': instead of the report, an A/B comparison in
// one process on the issue's model: A = the bench's sampler with those options, B = without, alternated for
// BENCH_AB_ROUNDS (7) rounds with the matmul peak re-measured in each (single runs on the shared machine vary by 2x).
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  expectedTensorShapes,
  loadCheckpoint,
  type ModelConfig,
  type NamedTensor,
  saveCheckpoint,
} from '@reasonrl/hf-checkpoint';
import { attentionBias, buildQwenGraph, OnnxGraph, QWEN_IO } from '@reasonrl/onnx-qwen';
import { OnnxSampler, SeededRandom } from '@reasonrl/sampler-onnx';
import * as ort from 'onnxruntime-node';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const HF_TINY = join(ROOT, '..', 'shared', 'conformance', 'hf-tiny', 'qwen2-tiny');
const PROMPTS = Number(process.env.BENCH_PROMPTS ?? 64);
const TOKENS = Number(process.env.BENCH_TOKENS ?? 128);
const N = Number(process.env.BENCH_N ?? 1);
const THREADS = Number(process.env.BENCH_THREADS ?? 0);
const SHARED_PREFIX_MIN = Number(process.env.BENCH_SHARED_PREFIX_MIN ?? 16);
const WEIGHTS = (process.env.BENCH_WEIGHTS ?? 'decode-initializers') as
  | 'inputs'
  | 'initializers'
  | 'decode-initializers';
const ATTENTION = (process.env.BENCH_ATTENTION ?? 'static') as 'static' | 'gqa' | 'standard';
const BUCKETS = process.env.BENCH_BUCKETS ? Number(process.env.BENCH_BUCKETS) : undefined;
const WORKERS = process.env.BENCH_WORKERS
  ? process.env.BENCH_WORKERS === 'auto'
    ? ('auto' as const)
    : Number(process.env.BENCH_WORKERS)
  : undefined;
/** The sampler's options in every run (BENCH_SPIN=0: intra-op threads sleep instead of spinning). */
const SAMPLER_OPTIONS = {
  intraOpNumThreads: THREADS,
  weights: WEIGHTS,
  attention: ATTENTION,
  sharedPrefixMin: SHARED_PREFIX_MIN,
  ...(BUCKETS ? { decodeBuckets: BUCKETS } : {}),
  ...(WORKERS ? { workers: WORKERS } : {}),
  ...(process.env.BENCH_SPIN === '0' ? { intraOpSpinning: false } : {}),
};
const HF_PYTORCH_TOKENS_PER_S = [457, 890];
/** The issue's goal: the decode phase within 2x of the matmul peak, i.e. at least this share of it. */
const GOAL_SHARE = 0.5;
/** Generate calls on the issue's model, each after its own peak reading; the median round is reported. */
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 3));

/** The benchmark Qwen2: hidden 256, 4 layers, 4 heads, 2 kv heads, intermediate 688, the fixture's 512-token vocabulary. */
function benchConfig(): ModelConfig {
  return {
    modelType: 'qwen2',
    vocabSize: 512,
    hiddenSize: 256,
    intermediateSize: 688,
    numHiddenLayers: 4,
    numAttentionHeads: 4,
    numKeyValueHeads: 2,
    headDim: 64,
    rmsNormEps: 1e-6,
    ropeTheta: 10000,
    maxPositionEmbeddings: 1024,
    tieWordEmbeddings: true,
    attentionBias: true,
    qkNorm: false,
    hiddenAct: 'silu',
    bosTokenId: 0,
    eosTokenId: 0,
    padTokenId: 0,
  };
}

/** Random weights N(0, 0.1^2) (norms 1), seeded, so the model is the same in every run. */
function randomWeights(config: ModelConfig): Map<string, NamedTensor> {
  const rng = new SeededRandom(2024);
  const out = new Map<string, NamedTensor>();
  for (const [name, shape] of expectedTensorShapes(config)) {
    const data = new Float32Array(shape.reduce((a, b) => a * b, 1));
    if (name.endsWith('norm.weight')) data.fill(1);
    else
      for (let i = 0; i < data.length; i++)
        data[i] = 0.1 * Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
    out.set(name, { shape, data });
  }
  return out;
}

function prompts(n: number): string[] {
  const template = readFileSync(join(ROOT, '..', 'shared', 'prompts', 'r1_zero.prompt'), 'utf8');
  const lines = readFileSync(join(ROOT, '..', 'shared', 'datasets', 'gsm8k', 'test.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean);
  return lines.slice(0, n).map((l) => template.replace('{question}', JSON.parse(l).question));
}

/** GFLOP/s of one large float32 MatMul in ORT with the same thread setting: the machine's practical peak. */
async function matmulPeak(): Promise<number> {
  const N = 1024;
  const g = new OnnxGraph('peak');
  const a = g.input('a', 'float32', [N, N]);
  const w = g.initializer(
    'w',
    [N, N],
    Float32Array.from({ length: N * N }, (_, i) => ((i * 7919) % 1000) / 1000 - 0.5),
  );
  g.output(g.node('MatMul', [a, w]), 'y', 'float32', [N, N]);
  const feeds = { a: new ort.Tensor('float32', new Float32Array(N * N).fill(0.5), [N, N]) };
  return bestRate(g, feeds, 2 * N ** 3);
}

/**
 * GB/s of streaming one 256 MB float32 tensor through an ORT ReduceSum with the same thread setting: the memory
 * bandwidth the decode step's KV reads can use (the cache of 64 rows is larger than the chip's 32 MB L3; a 64 MB
 * tensor once read 60 GB/s here against 30 for 72 and 256 MB, partly cached).
 */
async function readBandwidth(): Promise<number> {
  const rows = 4096;
  const cols = 16384;
  const g = new OnnxGraph('bandwidth');
  const a = g.input('a', 'float32', [rows, cols]);
  g.output(g.node('ReduceSum', [a, g.constI64([1])], { keepdims: { i: 0 } }), 'y', 'float32', [rows]);
  const feeds = { a: new ort.Tensor('float32', new Float32Array(rows * cols).fill(0.5), [rows, cols]) };
  return bestRate(g, feeds, 4 * rows * cols);
}

/** Best of 5 runs (after one warm-up) of a one-output graph, in giga-`work` per second, at the bench's threads. */
async function bestRate(g: OnnxGraph, feeds: Record<string, ort.Tensor>, work: number): Promise<number> {
  const session = await ort.InferenceSession.create(g.encode([{ domain: '', version: 17 }]), {
    intraOpNumThreads: THREADS,
  });
  await session.run(feeds);
  let best = 0;
  for (let r = 0; r < 5; r++) {
    const t0 = performance.now();
    await session.run(feeds);
    best = Math.max(best, work / ((performance.now() - t0) / 1000) / 1e9);
  }
  await session.release();
  return best;
}

/** FLOPs of one decode row-step in the projections, MLP and head (the weight products; attention not included). */
function weightFlopsPerToken(c: ModelConfig): number {
  const { hiddenSize: h, intermediateSize: f, numAttentionHeads: nh, numKeyValueHeads: kv, headDim: d } = c;
  return 2 * (c.numHiddenLayers * (2 * h * nh * d + 2 * h * kv * d + 3 * h * f) + h * c.vocabSize);
}

/** FLOPs of one decode step for one row at cache length T (matmuls only: the weight products, then Q.K and P.V). */
function decodeFlopsPerToken(c: ModelConfig, T: number): number {
  return weightFlopsPerToken(c) + 2 * c.numHiddenLayers * 2 * c.numAttentionHeads * c.headDim * T;
}

/** Tokens/s of a decoder without KV cache: every new token recomputes the whole sequence (greedy, B = 1). */
async function naiveTokensPerSecond(
  config: ModelConfig,
  tensors: Map<string, NamedTensor>,
  promptIds: number[][],
  newTokens: number,
): Promise<number> {
  const graph = buildQwenGraph(config, tensors, { kind: 'prefill', weights: 'initializers' });
  const session = await ort.InferenceSession.create(graph.bytes, { intraOpNumThreads: THREADS });
  const t0 = performance.now();
  for (const prompt of promptIds) {
    const ids = [...prompt];
    for (let t = 0; t < newTokens; t++) {
      const L = ids.length;
      const out = await session.run({
        [QWEN_IO.inputIds]: new ort.Tensor('int64', BigInt64Array.from(ids.map(BigInt)), [1, L]),
        [QWEN_IO.positionIds]: new ort.Tensor(
          'int64',
          BigInt64Array.from({ length: L }, (_, i) => BigInt(i)),
          [1, L],
        ),
        [QWEN_IO.attentionBias]: new ort.Tensor('float32', attentionBias([Array(L).fill(1)], L), [
          1,
          1,
          1,
          L,
          L,
        ]),
      });
      const logits = out[QWEN_IO.logits].data as Float32Array;
      let best = 0;
      for (let v = 1; v < logits.length; v++) if (logits[v] > logits[best]) best = v;
      ids.push(best);
    }
  }
  const s = (performance.now() - t0) / 1000;
  await session.release();
  return (promptIds.length * newTokens) / s;
}

interface ModelResult {
  model: string;
  tokensPerSecond: number;
  decodeTokensPerSecond: number;
  decodeGflops: number;
  peakGflops: number;
  /** decodeGflops over the better of the peaks read before and after the models. */
  decodeVsBestPeak?: number;
  decodeVsPeak: number;
  naiveTokensPerSecond: number;
  speedupVsNaive: number;
  prefillMs: number;
  decodeMs: number;
  /** `syncWeights` of the same weights: the second call (steady state) and the first (setting up). */
  syncWeightsMs: number;
  firstSyncMs: number;
  meanPromptTokens: number;
  /** Per-row KV slots read per row-step (padding included, the shared prefix not) and the real tokens' share. */
  cacheSlotsPerRowStep: number;
  cacheRealShare: number;
  /** Rollout worker threads (the sampler's `workers`; 1 = the bench's own thread). */
  workers: number;
  /** Every round: the peak read just before it, decode's share of it, decode time, new tokens/s (the median reported). */
  rounds: { peakGflops: number; decodeVsPeak: number; decodeMs: number; tokensPerSecond: number }[];
  /**
   * The floor of a decode step (`weightMs` + `kvMs`): its weight products at the matmul peak, its KV reads
   * (`kvMB`) at the read bandwidth; against the measured `msPerStep`.
   */
  roofline: {
    bandwidthGBs: number;
    kvMB: number;
    kvMs: number;
    weightMs: number;
    msPerStep: number;
    /** The longest a step may take for the goal (decode at GOAL_SHARE of the peak read before the round). */
    goalMs: number;
  };
  /** decodeGflops at that floor (the weight products at the better peak), over the better peak. */
  rooflineVsBestPeak?: number;
}

/** The issue's sampling: temperature 1, exactly TOKENS new tokens per sample (no early EOS), seeded. */
const benchParams = () => ({
  n: N,
  temperature: 1,
  topP: 1,
  maxTokens: TOKENS,
  minTokens: TOKENS,
  stop: [],
  includeStopStrInOutput: true,
  logprobs: true,
  seed: 1,
});

async function benchModel(
  label: string,
  dir: string,
  firstPeak: number,
  bandwidth: number,
  rounds = 1,
): Promise<ModelResult> {
  const sampler = await OnnxSampler.load(dir, SAMPLER_OPTIONS);
  const ps = prompts(Math.max(1, Math.round(PROMPTS / N)));
  const params = benchParams();
  // warm-up: two prompts per rollout worker, so that each opens the graphs the run uses (shared-prefix decode)
  await sampler.generate(ps.slice(0, 2 * sampler.workers), { ...params, maxTokens: 4, minTokens: 4 });
  // Each round: the matmul peak read just before the generate call (the first: the one read at the start), so that
  // a busy moment of the shared machine slows both; the round with the median ratio is the one reported.
  const runs: {
    peak: number;
    totalMs: number;
    stats: NonNullable<typeof sampler.lastStats>;
    results: Awaited<ReturnType<typeof sampler.generate>>;
    ratio: number;
  }[] = [];
  const { config, tensors } = await loadCheckpoint(dir);
  for (let round = 0; round < rounds; round++) {
    const roundPeak = round === 0 ? firstPeak : await matmulPeak();
    const t0 = performance.now();
    const results = await sampler.generate(ps, params);
    const totalMs = performance.now() - t0;
    const stats = sampler.lastStats!;
    const meanPromptTokens = results.reduce((s, r) => s + r.promptTokenIds.length, 0) / results.length;
    const flops = stats.decodeRowSteps * decodeFlopsPerToken(config, meanPromptTokens + TOKENS / 2);
    runs.push({
      peak: roundPeak,
      totalMs,
      stats,
      results,
      ratio: flops / (stats.decodeMs / 1000) / 1e9 / roundPeak,
    });
  }
  const byRatio = [...runs].sort((a, b) => a.ratio - b.ratio);
  const { peak, totalMs, stats, results } = byRatio[(byRatio.length - 1) >> 1];
  const newTokens = results.reduce((s, r) => s + r.outputs.reduce((t, o) => t + o.tokenIds.length, 0), 0);
  const meanPrompt = results.reduce((s, r) => s + r.promptTokenIds.length, 0) / results.length;
  const decodeMs = stats.decodeMs;
  const decodeTokens = stats.decodeRowSteps;
  const decodeFlops = decodeTokens * decodeFlopsPerToken(config, meanPrompt + TOKENS / 2);
  // the first sync sets up (with rollout workers: the shared buffer, the workers' copies); a trainer syncs every step
  const { ms: firstSyncMs } = await sampler.syncWeights(tensors);
  const { ms: syncWeightsMs } = await sampler.syncWeights(tensors);
  await sampler.dispose();
  const naiveCount = Math.min(2, ps.length);
  const naiveTokens = Math.min(16, TOKENS);
  const naive = await naiveTokensPerSecond(
    config,
    tensors,
    results.slice(0, naiveCount).map((r) => r.promptTokenIds),
    naiveTokens,
  );
  const tps = newTokens / (totalMs / 1000);
  const decodeGflops = decodeFlops / (decodeMs / 1000) / 1e9;
  // bytes of KV a step reads: every row's slots (padding included) and, with the shared prefix, its P slots once
  // (once per rollout worker: each keeps its own; with workers a "step" is theirs, side by side)
  const kvBytesPerSlot = 2 * config.numHiddenLayers * config.numKeyValueHeads * config.headDim * 4;
  const kvSlotsPerStep =
    stats.decodeCacheSlots / stats.decodeSteps +
    (stats.sharedPrefixDecode ? stats.workers * stats.sharedPrefixTokens : 0);
  const kvMB = (kvSlotsPerStep * kvBytesPerSlot) / 1e6;
  const roofline = {
    bandwidthGBs: bandwidth,
    kvMB,
    kvMs: kvMB / bandwidth,
    weightMs: ((decodeTokens / stats.decodeSteps) * weightFlopsPerToken(config)) / (peak * 1e6),
    msPerStep: decodeMs / stats.decodeSteps,
    // the step's counted FLOPs at half the peak: the goal, as a time per step, to set against the floor
    goalMs: decodeFlops / stats.decodeSteps / (GOAL_SHARE * peak * 1e6),
  };
  const floorMs = roofline.kvMs + roofline.weightMs;
  const r: ModelResult = {
    model: label,
    tokensPerSecond: tps,
    decodeTokensPerSecond: decodeTokens / (decodeMs / 1000),
    decodeGflops,
    peakGflops: peak,
    decodeVsPeak: decodeGflops / peak,
    naiveTokensPerSecond: naive,
    speedupVsNaive: tps / naive,
    prefillMs: stats.prefillMs,
    decodeMs,
    syncWeightsMs,
    firstSyncMs,
    meanPromptTokens: meanPrompt,
    cacheSlotsPerRowStep: stats.decodeCacheSlots / decodeTokens,
    cacheRealShare: stats.decodeCacheTokens / stats.decodeCacheSlots,
    workers: stats.workers,
    roofline,
    rounds: runs.map((run) => ({
      peakGflops: run.peak,
      decodeVsPeak: run.ratio,
      decodeMs: run.stats.decodeMs,
      tokensPerSecond: newTokens / (run.totalMs / 1000),
    })),
  };
  console.log(
    `${label}: ${ps.length} prompts x n=${N} (mean ${meanPrompt.toFixed(0)} tokens) x ${TOKENS} new tokens: ${tps.toFixed(0)} new tokens/s ` +
      `(${stats.workers > 1 ? `${stats.workers} rollout workers side by side, times of the slowest; ` : ''}prefill ${stats.prefillMs.toFixed(0)} ms for ${stats.prefillTokens} tokens, shared prefix ${stats.sharedPrefixTokens}` +
      `${stats.sharedPrefixDecode ? ' read once per decode step' : ''}${stats.promptGroupDecode ? ', each prompt once for its samples' : ''}; decode ${decodeMs.toFixed(0)} ms = ${r.decodeTokensPerSecond.toFixed(0)} tokens/s)\n` +
      `  decode ${decodeGflops.toFixed(2)} GFLOP/s = ${(100 * r.decodeVsPeak).toFixed(0)}% of the matmul peak ${peak.toFixed(1)} GFLOP/s ` +
      `read just before it (goal: within 2x, i.e. >= ${100 * GOAL_SHARE}%)` +
      (runs.length > 1
        ? `; the median of ${runs.length} rounds: ${runs.map((run) => `${(100 * run.ratio).toFixed(0)}% of ${run.peak.toFixed(0)}`).join(', ')}`
        : '') +
      '\n' +
      `  per-row KV read per row-step: ${r.cacheSlotsPerRowStep.toFixed(0)} slots (padding included; the shared prefix, ` +
      `read once per step, not), ${(100 * r.cacheRealShare).toFixed(0)}% of them real tokens\n` +
      `  roofline: a step reads ${kvMB.toFixed(1)} MB of KV (read bandwidth ${bandwidth.toFixed(1)} GB/s) and runs ` +
      `its weight products (at the matmul peak): floor ${floorMs.toFixed(2)} ms per step, measured ${roofline.msPerStep.toFixed(2)} ms ` +
      `(x${(roofline.msPerStep / floorMs).toFixed(2)}); the goal (${100 * GOAL_SHARE}% of that peak) needs <= ${roofline.goalMs.toFixed(2)} ms ` +
      `per step, x${(roofline.goalMs / floorMs).toFixed(2)} the floor\n` +
      `  naive no-KV-cache decoder: ${naive.toFixed(0)} tokens/s -> ours x${r.speedupVsNaive.toFixed(1)}; syncWeights ${syncWeightsMs.toFixed(1)} ms (the first: ${firstSyncMs.toFixed(1)})`,
  );
  return r;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** A/B of sampler options on one model in one process, alternated; prints medians and per-round ratios. */
async function abCompare(dir: string, optionsA: Record<string, unknown>, rounds: number): Promise<void> {
  const base = SAMPLER_OPTIONS;
  const samplers = [await OnnxSampler.load(dir, { ...base, ...optionsA }), await OnnxSampler.load(dir, base)];
  const ps = prompts(Math.max(1, Math.round(PROMPTS / N)));
  const params = benchParams();
  const { config } = await loadCheckpoint(dir);
  for (const s of samplers)
    await s.generate(ps.slice(0, 2 * s.workers), { ...params, maxTokens: 4, minTokens: 4 });
  const rows = samplers.map(() => ({
    tps: [] as number[],
    decodeMs: [] as number[],
    vsPeak: [] as number[],
  }));
  for (let r = 0; r < rounds; r++) {
    const peak = await matmulPeak();
    const line: string[] = [];
    for (const [i, s] of samplers.entries()) {
      const t0 = performance.now();
      const results = await s.generate(ps, params);
      const ms = performance.now() - t0;
      const stats = s.lastStats!;
      const meanPrompt = results.reduce((a, x) => a + x.promptTokenIds.length, 0) / results.length;
      const gflops =
        (stats.decodeRowSteps * decodeFlopsPerToken(config, meanPrompt + TOKENS / 2)) / stats.decodeMs / 1e6;
      rows[i].tps.push(stats.newTokens / (ms / 1000));
      rows[i].decodeMs.push(stats.decodeMs);
      rows[i].vsPeak.push(gflops / peak);
      line.push(
        `${'AB'[i]}: ${(stats.newTokens / (ms / 1000)).toFixed(0)} tok/s, decode ${stats.decodeMs.toFixed(0)} ms, ${((100 * gflops) / peak).toFixed(0)}%`,
      );
    }
    console.log(`round ${r + 1} (peak ${peak.toFixed(1)} GFLOP/s): ${line.join(' | ')}`);
  }
  // medians and bests: under other jobs' load single rounds slow down by up to 3x, the best of each is the steadier
  const ratio = rows[0].decodeMs.map((a, r) => a / rows[1].decodeMs[r]);
  for (const [i, row] of rows.entries())
    console.log(
      `${'AB'[i]} (${i === 0 ? JSON.stringify(optionsA) : 'bench defaults'}): new tok/s median ${median(row.tps).toFixed(0)} ` +
        `best ${Math.max(...row.tps).toFixed(0)}; decode ms median ${median(row.decodeMs).toFixed(0)} best ` +
        `${Math.min(...row.decodeMs).toFixed(0)}; % of the matmul peak median ${(100 * median(row.vsPeak)).toFixed(0)} ` +
        `best ${(100 * Math.max(...row.vsPeak)).toFixed(0)}`,
    );
  console.log(
    `decode time A/B: per round median ${median(ratio).toFixed(2)} (${ratio.map((x) => x.toFixed(2)).join(' ')}), ` +
      `best A / best B ${(Math.min(...rows[0].decodeMs) / Math.min(...rows[1].decodeMs)).toFixed(2)}`,
  );
  for (const s of samplers) await s.dispose();
}

async function main() {
  const work = mkdtempSync(join(tmpdir(), 'reasonrl-bench-'));
  try {
    const config = benchConfig();
    const dir = join(work, 'qwen2-h256-l4');
    await saveCheckpoint(dir, config, randomWeights(config), { sourceDir: HF_TINY });
    if (process.env.BENCH_AB) {
      await abCompare(dir, JSON.parse(process.env.BENCH_AB), Number(process.env.BENCH_AB_ROUNDS ?? 7));
      return;
    }
    const peak = await matmulPeak();
    const bandwidth = await readBandwidth();
    const threads =
      THREADS === 0 ? `0 (ORT default: one per physical core; ${availableParallelism()} CPUs)` : THREADS;
    console.log(`threads: intraOpNumThreads=${threads} for the sampler, the peak and the naive decoder`);
    console.log(`matmul peak (ORT MatMul 1024^3, intraOpNumThreads=${THREADS}): ${peak.toFixed(1)} GFLOP/s`);
    console.log(
      `read bandwidth (ORT ReduceSum over 256 MB, intraOpNumThreads=${THREADS}): ${bandwidth.toFixed(1)} GB/s`,
    );
    const results = [
      await benchModel('qwen2-h256-l4', dir, peak, bandwidth, ROUNDS),
      await benchModel('qwen2-tiny (fixture)', HF_TINY, peak, bandwidth),
    ];
    const main = results[0];
    // A peak reading can catch a busy moment of the shared machine: read it again after the models, and judge the
    // decode phase also against the best of all readings (the conservative figure).
    const bestPeak = Math.max(
      peak,
      await matmulPeak(),
      ...results.flatMap((r) => r.rounds.map((round) => round.peakGflops)),
    );
    for (const r of results) {
      r.decodeVsBestPeak = r.decodeGflops / bestPeak;
      // the floor was worked out at the first peak; at the better one the weight products run faster still
      const { kvMs, weightMs, msPerStep } = r.roofline;
      const floorBest = kvMs + (weightMs * r.peakGflops) / bestPeak;
      r.rooflineVsBestPeak = (r.decodeGflops * msPerStep) / floorBest / bestPeak;
    }
    console.log(
      `best matmul peak of all readings: ${bestPeak.toFixed(1)} GFLOP/s; decode vs that peak: ` +
        results.map((r) => `${r.model} ${(100 * r.decodeVsBestPeak!).toFixed(0)}%`).join(', ') +
        '; at the roofline floor (nothing but the weight products at that peak and the KV reads) it would be ' +
        results.map((r) => `${(100 * r.rooflineVsBestPeak!).toFixed(0)}%`).join(', '),
    );
    console.log(
      `context: HF generate + PyTorch on this model and batch was measured at ${HF_PYTORCH_TOKENS_PER_S.join('-')} new tokens/s ` +
        `(not runnable here); the goal is 2x that: ${2 * HF_PYTORCH_TOKENS_PER_S[0]}-${2 * HF_PYTORCH_TOKENS_PER_S[1]}; ours: ${main.tokensPerSecond.toFixed(0)}`,
    );
    mkdirSync(join(ROOT, 'bench-results'), { recursive: true });
    writeFileSync(
      join(ROOT, 'bench-results', 'generate.json'),
      `${JSON.stringify({ prompts: PROMPTS, n: N, newTokens: TOKENS, threads: THREADS, sharedPrefixMin: SHARED_PREFIX_MIN, weights: WEIGHTS, attention: ATTENTION, workers: WORKERS ?? 'auto', hfPytorchTokensPerSecond: HF_PYTORCH_TOKENS_PER_S, results }, null, 2)}\n`,
    );
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
