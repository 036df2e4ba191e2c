// Kissing-11 benchmark: (1) exact verification of the AlphaEvolve 593-point set, ours (float pre-filter +
// exact bigint on the near pairs) against the plain all-pairs bigint reference; (2) the score the baseline
// proposer reaches in the discovery loop within a stated budget (KISSING_BENCH_SECONDS, default 10), run as by
// default (Best-of-4 per round, so four walks seeded KISSING_BENCH_SEED .. +3; 4 s rounds).
// Imports the packages' source by path, so it needs no workspace dependency in tools/package.json.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { BaselineProposer, runDiscoveryLoop } from '../../packages/discovery/src/index.js';
import {
  exactSquaredDistance,
  exactSquaredNorm,
  KissingGrader,
  parsePoints,
  verifyKissingConfiguration,
} from '../../plugins/grader-kissing/src/index.js';

const text = readFileSync('../shared/datasets/kissing11/alphaevolve_593.json', 'utf8');
const parsed = parsePoints(text);
if (!parsed.ok) throw new Error(parsed.message);
const points = parsed.points;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ours: number[] = [];
for (let i = 0; i < 7; i++) {
  const t = performance.now();
  const report = verifyKissingConfiguration(points);
  ours.push(performance.now() - t);
  if (!report.valid) throw new Error(`593-point set rejected: ${report.message}`);
}
const t0 = performance.now();
let refMin = -1n;
let refMax = 0n;
for (let i = 0; i < points.length; i++) {
  const n = exactSquaredNorm(points[i]);
  if (n > refMax) refMax = n;
  for (let j = i + 1; j < points.length; j++) {
    const d = exactSquaredDistance(points[i], points[j]);
    if (refMin < 0n || d < refMin) refMin = d;
  }
}
const reference = performance.now() - t0;
const textStart = performance.now();
verifyKissingConfiguration(text);
const withParse = performance.now() - textStart;
console.log(
  `verify 593 points: ours ${median(ours).toFixed(1)} ms (median of 7), with JSON parse ${withParse.toFixed(1)} ms`,
);
console.log(
  `all-pairs bigint reference: ${reference.toFixed(1)} ms; ratio reference/ours = ${(reference / median(ours)).toFixed(1)}x`,
);

const seconds = Number(process.env.KISSING_BENCH_SECONDS ?? 10);
const seed = Number(process.env.KISSING_BENCH_SEED ?? 0);
const result = await runDiscoveryLoop({
  proposer: new BaselineProposer({ seed }),
  grader: new KissingGrader(),
  rounds: 1_000_000,
  candidatesPerRound: 4,
  roundBudgetMs: 4000,
  timeBudgetMs: seconds * 1000,
  target: 0,
  sandbox: { timeoutMs: 10_000, memoryMb: 512, maxOutputBytes: 4 << 20 },
});
const curve = result.rounds.map((r) => [r.elapsedSeconds, r.bestSoFar]);
console.log(
  `baseline (shell norm^2 4, 4 walks, seeds ${seed}..${seed + 3}) in ${seconds} s: best ${result.best?.score ?? 0} points`,
);
console.log(`score over time (s, points): ${curve.map(([s, p]) => `${s.toFixed(1)}:${p}`).join(' ')}`);

mkdirSync('bench-results', { recursive: true });
writeFileSync(
  'bench-results/kissing.json',
  `${JSON.stringify(
    {
      verifyMs: median(ours),
      verifyWithParseMs: withParse,
      referenceMs: reference,
      ratio: reference / median(ours),
      baseline: { seconds, seed, best: result.best?.score ?? 0, curve },
    },
    null,
    2,
  )}\n`,
);
