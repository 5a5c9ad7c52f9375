/**
 * The bundles the Slack benchmarks load: the real `slack` function, built by scripts/build.ts into
 * dist/lambda/slack exactly as `npm run build` does, and the bare Bolt baseline, built with the same
 * options (target, stubs, minification) into dist/bench/bare-bolt.
 */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type BundleSize,
  type BundleTarget,
  buildBundle,
  LAMBDA_ARCHITECTURE,
  LAMBDA_STUBS,
  lambdaTargets,
} from '../../scripts/build.js';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export function slackTarget(): BundleTarget {
  const target = lambdaTargets().find((candidate) => candidate.name === 'slack');
  if (!target) throw new Error('scripts/build.ts has no slack function');
  return target;
}

export function installTarget(): BundleTarget {
  const target = lambdaTargets().find((candidate) => candidate.name === 'install');
  if (!target) throw new Error('scripts/build.ts has no install function');
  return target;
}

/** A benchmark-only entry (bench/baseline) built like a Lambda function. */
export function benchTarget(name: string, entry: string, stubs = LAMBDA_STUBS): BundleTarget {
  return {
    ...slackTarget(),
    name,
    entry,
    outdir: `dist/bench/${name}`,
    stubs,
    nativeArchitecture: LAMBDA_ARCHITECTURE,
  };
}

export const BARE_BOLT = benchTarget('bare-bolt', 'bench/baseline/bare-bolt.ts');

export interface BuiltBundle {
  size: BundleSize;
  /** Absolute path of the entry module. */
  entryPath: string;
}

export async function build(target: BundleTarget): Promise<BuiltBundle> {
  const size = await buildBundle(target, ROOT);
  return { size, entryPath: join(ROOT, target.outdir, `${target.entryName}.mjs`) };
}
