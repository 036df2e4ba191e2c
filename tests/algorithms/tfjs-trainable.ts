import { loadOptimizerState, saveOptimizerState, TfjsBackend, tf } from '@reasonrl/backend-tfjs';
import type {
  LogProbsResult,
  Loss,
  LossInputs,
  NamedWeights,
  OptimizerSettings,
  TokenBatch,
  TrainStepResult,
} from '@reasonrl/core';
import { definePlugin } from '@reasonrl/core';
import { loadCheckpoint, loadTokenizer } from '@reasonrl/hf-checkpoint';
import type { BatchTokenizer, TrainableBackend, TrainMicrobatch } from '@reasonrl/training';

/**
 * The training extension the loops need (`TrainableBackend`, see packages/training) on top of the real
 * tfjs backend: a core `Loss` becomes the backend's microbatch loss by turning the microbatch's plain
 * arrays into tensors. This is the adapter proposed for backend-tfjs itself; until it lands there, the
 * end-to-end tests register it as Backend `tfjs-trainable`.
 */
export class TfjsTrainableBackend implements TrainableBackend {
  readonly name = 'tfjs-trainable';
  private constructor(
    readonly inner: TfjsBackend,
    readonly tokenizer: BatchTokenizer,
  ) {}

  static async load(dir: string): Promise<TfjsTrainableBackend> {
    return new TfjsTrainableBackend(
      await TfjsBackend.load(dir, { platform: 'auto' }),
      await loadTokenizer(dir),
    );
  }

  get platform(): string {
    return this.inner.platform;
  }

  logProbs(batch: TokenBatch, options?: { returnTokenEntropy?: boolean }): Promise<LogProbsResult> {
    return this.inner.logProbs(batch, options);
  }

  async trainStep(
    microbatches: readonly TrainMicrobatch[],
    loss: Loss,
    optimizer: OptimizerSettings,
    options: { lossOptions?: LossInputs['options']; returnTokenEntropy?: boolean } = {},
  ): Promise<TrainStepResult> {
    this.inner.trainer.settings = { ...this.inner.trainer.settings, ...optimizer };
    const tensorLoss = loss as Loss<tf.Tensor>;
    return this.inner.trainStep(
      microbatches,
      (outputs, mb) => {
        const column = (xs: number[]) =>
          tf.tensor2d(
            xs.map((x) => [x]),
            [xs.length, 1],
            'float32',
          );
        const inputs: LossInputs<tf.Tensor> = {
          policyLogProbs: outputs.policyLogProbs,
          responseMask: tf.tensor2d(mb.responseMask, undefined, 'float32'),
          gradientAccumulationSteps: microbatches.length,
          tokenEntropy: outputs.tokenEntropy,
          options: options.lossOptions,
        };
        if (mb.rawRewards) inputs.rawRewards = column(mb.rawRewards);
        if (mb.advantages) inputs.advantages = column(mb.advantages);
        if (mb.oldLogProbs) inputs.oldLogProbs = tf.tensor2d(mb.oldLogProbs, undefined, 'float32');
        const out = tensorLoss.microbatchLoss(inputs);
        return { loss: out.loss as tf.Scalar, metadata: out.metadata };
      },
      { returnTokenEntropy: options.returnTokenEntropy },
    );
  }

  exportWeights(): Promise<NamedWeights> {
    return this.inner.exportWeights();
  }
  importWeights(weights: NamedWeights): Promise<void> {
    return this.inner.importWeights(weights);
  }
  save(dir: string): Promise<void> {
    return this.inner.save(dir);
  }
  saveOptimizerState(dir: string): Promise<void> {
    return saveOptimizerState(dir, this.inner.trainer.optimizer);
  }
  async loadOptimizerState(dir: string): Promise<void> {
    const shapes = new Map([...this.inner.model.params].map(([n, v]) => [n, v.shape]));
    await loadOptimizerState(dir, this.inner.trainer.optimizer, shapes);
  }
  async loadWeights(dir: string): Promise<void> {
    await this.inner.importWeights((await loadCheckpoint(dir)).tensors);
  }
  dispose(): void {
    this.inner.dispose();
  }
}

/** Inline plugin: Backend `tfjs-trainable` loading `tfjsTrainable.modelDir`. */
export function tfjsTrainablePlugin(modelDir: string) {
  return definePlugin({
    name: 'test:tfjs-trainable',
    description: 'tfjs backend with the TrainableBackend extension',
    provides: [
      {
        kind: 'Backend',
        name: 'tfjs-trainable',
        description: 'tfjs + Loss adapter',
        create: () => TfjsTrainableBackend.load(modelDir),
      },
    ],
  });
}
