import { ReasonrlError } from '@reasonrl/core';

/**
 * A checkpoint folder that cannot be read as a Hugging Face Qwen2/Qwen3 checkpoint. The message names the file, the
 * field or tensor, and what was expected; `code` is `CHECKPOINT_INVALID`.
 */
export class CheckpointError extends ReasonrlError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('CHECKPOINT_INVALID', message, options);
    this.name = 'CheckpointError';
  }
}
