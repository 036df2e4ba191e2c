import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ReasonrlError } from '@reasonrl/core';
import { readJsonl } from '@reasonrl/run-io';

/** What an eval run recorded for one problem that a best-of-n run can reuse as its first sample. */
export interface EvalSample {
  prompt: string;
  generation: string;
  tokenCount: number;
  finishReason: 'stop' | 'length' | 'eos';
  meanLogProb: number | null;
}

/**
 * Read `<evalRun>/results.jsonl` (written by `reasonrl eval`) into samples by problem id.
 * @throws ReasonrlError EVAL_RUN_INVALID when the file is missing or a line lacks the fields needed
 */
export function readEvalSamples(evalRun: string): Map<string, EvalSample> {
  const file = join(evalRun, 'results.jsonl');
  if (!existsSync(file))
    throw new ReasonrlError(
      'EVAL_RUN_INVALID',
      `bestOfN.evalRun: ${file} does not exist (is ${evalRun} an eval run directory?)`,
    );
  const out = new Map<string, EvalSample>();
  for (const { line, value: r } of readJsonl(file, { tolerateTruncatedTail: true })) {
    const lp = r.logProbs as { mean?: unknown } | null | undefined;
    if (
      typeof r.id !== 'string' ||
      typeof r.prompt !== 'string' ||
      typeof r.generation !== 'string' ||
      typeof r.tokenCount !== 'number'
    ) {
      throw new ReasonrlError(
        'EVAL_RUN_INVALID',
        `${file}:${line}: expected an eval record with id, prompt, generation and tokenCount`,
      );
    }
    if (r.tokenCount > 0 && typeof lp?.mean !== 'number') {
      throw new ReasonrlError(
        'EVAL_RUN_INVALID',
        `${file}:${line}: field 'logProbs': the eval run has no log-probs, so Best@N cannot rank its samples`,
      );
    }
    out.set(r.id, {
      prompt: r.prompt,
      generation: r.generation,
      tokenCount: r.tokenCount,
      finishReason: (r.finishReason as EvalSample['finishReason']) ?? 'stop',
      meanLogProb: typeof lp?.mean === 'number' ? lp.mean : null,
    });
  }
  return out;
}
