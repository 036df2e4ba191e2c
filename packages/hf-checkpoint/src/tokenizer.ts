import { join } from 'node:path';
import { Tokenizer } from '@huggingface/tokenizers';
import { CheckpointError } from './errors.js';
import { readJsonObject } from './read-json.js';

/** What the rest of reasonrl needs from a tokenizer: ids in and out, and the pad/eos ids. */
export interface TextTokenizer {
  /** Token ids of `text`; special tokens (BOS etc.) are added only when asked. */
  encode(text: string, options?: { addSpecialTokens?: boolean }): number[];
  decode(ids: readonly number[], options?: { skipSpecialTokens?: boolean }): string;
  tokenToId(token: string): number | undefined;
  /** Pad id: `tokenizer_config.pad_token`, else `generation_config`/`config` `pad_token_id`, else the first eos. */
  readonly padTokenId: number;
  /** Ids that end a completion: `generation_config.eos_token_id` (number or list), then `tokenizer_config.eos_token`. */
  readonly eosTokenIds: readonly number[];
  /** Ids the tokenizer marks special (skipped by `decode(..., { skipSpecialTokens: true })`). */
  readonly specialTokenIds: ReadonlySet<number>;
}

/**
 * Loads `tokenizer.json` (+ `tokenizer_config.json`) from `dir` with `@huggingface/tokenizers`, and resolves pad/eos
 * from `tokenizer_config.json`, `generation_config.json` and `config.json`.
 */
export async function loadTokenizer(dir: string): Promise<TextTokenizer> {
  const tokenizerPath = join(dir, 'tokenizer.json');
  const tokenizerJson = await readJsonObject(tokenizerPath);
  const tokenizerConfig = (await readJsonObject(join(dir, 'tokenizer_config.json'), true)) ?? {};
  const generationConfig = (await readJsonObject(join(dir, 'generation_config.json'), true)) ?? {};
  const modelConfig = (await readJsonObject(join(dir, 'config.json'), true)) ?? {};
  let tokenizer: Tokenizer;
  try {
    tokenizer = new Tokenizer(tokenizerJson, tokenizerConfig);
  } catch (err) {
    throw new CheckpointError(`${tokenizerPath}: cannot build the tokenizer: ${(err as Error).message}`, {
      cause: err,
    });
  }
  const specialTokenIds = new Set<number>();
  for (const [id, token] of tokenizer.get_added_tokens_decoder()) if (token.special) specialTokenIds.add(id);

  const idOf = (field: string, value: unknown): number | undefined => {
    if (value === undefined || value === null) return undefined;
    const content = typeof value === 'string' ? value : (value as { content?: unknown }).content;
    if (typeof content !== 'string')
      throw new CheckpointError(
        `${dir}/tokenizer_config.json: '${field}' must be a token string or {content}`,
      );
    const id = tokenizer.token_to_id(content);
    if (id === undefined)
      throw new CheckpointError(
        `${dir}/tokenizer_config.json: '${field}' ${JSON.stringify(content)} is not in tokenizer.json's vocabulary`,
      );
    return id;
  };
  const ids = (value: unknown): number[] =>
    value === undefined || value === null
      ? []
      : (Array.isArray(value) ? value : [value]).filter((v) => Number.isInteger(v));

  const eosTokenIds = [
    ...new Set([
      ...ids(generationConfig.eos_token_id),
      ...ids(idOf('eos_token', tokenizerConfig.eos_token)),
      ...ids(modelConfig.eos_token_id),
    ]),
  ];
  if (eosTokenIds.length === 0) {
    throw new CheckpointError(
      `${dir}: no eos token in generation_config.json, tokenizer_config.json or config.json`,
    );
  }
  const padTokenId =
    idOf('pad_token', tokenizerConfig.pad_token) ??
    ids(generationConfig.pad_token_id)[0] ??
    ids(modelConfig.pad_token_id)[0] ??
    eosTokenIds[0];

  return {
    encode: (text, options) =>
      tokenizer.encode(text, { add_special_tokens: options?.addSpecialTokens ?? false }).ids,
    // @huggingface/tokenizers rejects an empty id list; an empty completion decodes to ''.
    decode: (tokenIds, options) =>
      tokenIds.length === 0
        ? ''
        : tokenizer.decode([...tokenIds], { skip_special_tokens: options?.skipSpecialTokens ?? false }),
    tokenToId: (token) => tokenizer.token_to_id(token),
    padTokenId,
    eosTokenIds,
    specialTokenIds,
  };
}
