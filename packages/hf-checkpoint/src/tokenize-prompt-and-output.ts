import { CheckpointError } from './errors.js';

/** CS336's `tokenize_prompt_and_output` result; every array is (B, T) with T = max(prompt + output length) - 1. */
export interface PromptOutputBatch {
  /** full[:, :-1], right-padded with the pad id. */
  inputIds: number[][];
  /** full[:, 1:]. */
  labels: number[][];
  /** 1 where `labels[b][t]` is an output (response) token, else 0. */
  responseMask: number[][];
  /** 1 on real (non-pad) tokens of `inputIds` (not in CS336; pad and eos may share an id). */
  attentionMask: number[][];
}

/**
 * Tokenizes each prompt and output separately without special tokens, concatenates them, right-pads to the longest
 * sequence and shifts by one: `inputIds = full[:, :-1]`, `labels = full[:, 1:]`, `responseMask` marks output tokens
 * among the labels (CS336 A5 `tokenize_prompt_and_output`).
 */
export function tokenizePromptAndOutput(
  promptStrs: readonly string[],
  outputStrs: readonly string[],
  tokenizer: {
    encode(text: string, options?: { addSpecialTokens?: boolean }): number[];
    readonly padTokenId: number;
  },
): PromptOutputBatch {
  if (promptStrs.length !== outputStrs.length) {
    throw new CheckpointError(
      `tokenizePromptAndOutput: ${promptStrs.length} prompts but ${outputStrs.length} outputs`,
    );
  }
  if (promptStrs.length === 0) throw new CheckpointError('tokenizePromptAndOutput: no prompts');
  const rows = promptStrs.map((p, i) => {
    const prompt = tokenizer.encode(p, { addSpecialTokens: false });
    const output = tokenizer.encode(outputStrs[i], { addSpecialTokens: false });
    return { ids: [...prompt, ...output], promptLen: prompt.length };
  });
  const full = Math.max(...rows.map((r) => r.ids.length));
  if (full < 2)
    throw new CheckpointError('tokenizePromptAndOutput: every prompt+output has fewer than 2 tokens');
  const t = full - 1;
  const pad = tokenizer.padTokenId;
  const batch: PromptOutputBatch = { inputIds: [], labels: [], responseMask: [], attentionMask: [] };
  for (const { ids, promptLen } of rows) {
    const padded = [...ids, ...new Array<number>(full - ids.length).fill(pad)];
    batch.inputIds.push(padded.slice(0, t));
    batch.labels.push(padded.slice(1));
    // label j is token j+1 of full: an output token when promptLen <= j+1 < ids.length.
    batch.responseMask.push(
      Array.from({ length: t }, (_, j) => (j + 1 >= promptLen && j + 1 < ids.length ? 1 : 0)),
    );
    batch.attentionMask.push(Array.from({ length: t }, (_, j) => (j < ids.length ? 1 : 0)));
  }
  return batch;
}
