import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
// The command module itself: until it is listed in the CLI's COMMANDS, runCli does not reach it.
import { presetPath } from '@reasonrl/algorithm-pipeline';
import { registerPipelineCommand } from '@reasonrl/cli';
import { loadConfigFile } from '@reasonrl/core';
import { tinyMathModelDir } from '@reasonrl/tiny-math';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { newRunDir, recordingProgress, SHORT_PRESET } from './harness.js';

async function cli(argv: string[]) {
  const progress = recordingProgress();
  const out: string[] = [];
  const program = new Command('reasonrl').exitOverride();
  registerPipelineCommand(program, { out: (l) => out.push(l), err: (l) => out.push(l), progress });
  await program.parseAsync(argv, { from: 'user' });
  return { lines: progress.lines, out };
}

const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8'));

describe('reasonrl pipeline --preset tiny', () => {
  it('runs from the preset, and --resume skips finished stages and redoes the rest from saved weights', async () => {
    const runDir = newRunDir();
    const first = await cli(['pipeline', '--preset', 'tiny', '--config', SHORT_PRESET, '--out', runDir]);
    const config = readJson(join(runDir, 'config.json'));
    // The preset is the base config; the short file overrides it; the model name resolves to the shipped folder.
    const preset = loadConfigFile(presetPath('tiny')) as { sft: { learningRate: number } };
    expect(config.use.algorithm).toBe('pipeline');
    expect(config.sft.maxSteps).toBe(3);
    expect(config.sft.learningRate).toBe(preset.sft.learningRate);
    expect(config.pipeline.baseModel).toBe(tinyMathModelDir());
    expect(config.tfjs.modelDir).toBe(tinyMathModelDir());
    expect(config.onnxSampler.model).toBe(tinyMathModelDir());
    expect(readJson(join(runDir, 'run.json')).status).toBe('finished');
    expect(first.lines.some((l) => l.startsWith('| 05-eval-final'))).toBe(true);
    const before = readJson(join(runDir, 'pipeline.json'));

    // Pretend the run died during GRPO: its marker and the final eval's are gone.
    rmSync(join(runDir, '04-grpo', 'stage.json'));
    rmSync(join(runDir, '05-eval-final'), { recursive: true });
    const second = await cli(['pipeline', '--resume', runDir]);
    for (const dir of ['01-eval-zero-shot', '02-sft', '03-ei'])
      expect(second.lines).toContain(`pipeline: ${dir} already finished; skipped`);
    expect(second.lines).toContain('pipeline: restored weights from 03-ei/model');
    expect(second.lines).toContain('pipeline: stage 04-grpo');
    const after = readJson(join(runDir, 'pipeline.json'));
    expect(after.stages.map((s: { dir: string }) => s.dir)).toEqual(
      before.stages.map((s: { dir: string }) => s.dir),
    );
    // Skipped stages keep their recorded numbers exactly.
    expect(after.stages.slice(0, 3)).toEqual(before.stages.slice(0, 3));
    expect(existsSync(join(runDir, '05-eval-final', 'stage.json'))).toBe(true);
    for (const s of after.stages) expect(Number.isFinite(s.validation.formatRate)).toBe(true);
  }, 120_000);

  it('names an unknown preset', async () => {
    await expect(cli(['pipeline', '--preset', 'huge', '--out', newRunDir()])).rejects.toThrow(
      "unknown preset 'huge' (known: tiny)",
    );
  });
});
