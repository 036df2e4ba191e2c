import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findModelPackages, modelNames, resolveModelDir } from './model-packages.js';

/** An app folder depending on a model package (with or without its checkpoint) and on a plain package. */
function app(withConfig = true) {
  const root = mkdtempSync(join(tmpdir(), 'model-packages-'));
  const json = (file: string, value: unknown) => writeFileSync(file, JSON.stringify(value));
  json(join(root, 'package.json'), {
    name: 'app',
    dependencies: { '@acme/small-model': '1.0.0', plain: '1.0.0', missing: '1.0.0' },
  });
  const model = join(root, 'node_modules', '@acme', 'small-model');
  mkdirSync(join(model, 'weights'), { recursive: true });
  json(join(model, 'package.json'), { name: '@acme/small-model', reasonrl: { model: 'weights' } });
  if (withConfig) json(join(model, 'weights', 'config.json'), { model_type: 'qwen2' });
  mkdirSync(join(root, 'node_modules', 'plain'), { recursive: true });
  json(join(root, 'node_modules', 'plain', 'package.json'), { name: 'plain' });
  return { root, modelDir: join(model, 'weights') };
}

describe('model packages', () => {
  it('finds packages that declare reasonrl.model among the dependencies, named without their scope', () => {
    const { root, modelDir } = app();
    expect(findModelPackages([root])).toEqual([
      { name: 'small-model', packageName: '@acme/small-model', dir: modelDir },
    ]);
    expect(modelNames([root, join(root, 'nowhere')])).toEqual(['small-model']);
  });

  it('resolves a name or package name to the folder, and leaves existing paths and unknown names alone', () => {
    const { root, modelDir } = app();
    expect(resolveModelDir('small-model', [root])).toBe(modelDir);
    expect(resolveModelDir('@acme/small-model', [root])).toBe(modelDir);
    expect(resolveModelDir(root, [root])).toBe(root);
    expect(resolveModelDir('./no/such/folder', [root])).toBe('./no/such/folder');
    expect(resolveModelDir('some/missing/folder', [root])).toBe('some/missing/folder');
  });

  it('names the installed models when a bare name is neither a folder nor one of them', () => {
    const { root } = app();
    expect(() => resolveModelDir('tiny-maths', [root])).toThrow(
      /model 'tiny-maths': no folder of that name here .* \(installed: small-model\)/,
    );
    expect(() => resolveModelDir('@acme/other', [root])).toThrow(/installed: small-model/);
  });

  it('names the package when its checkpoint folder is incomplete', () => {
    const { root } = app(false);
    expect(() => resolveModelDir('small-model', [root])).toThrow(/@acme\/small-model.*no config\.json/);
  });
});
