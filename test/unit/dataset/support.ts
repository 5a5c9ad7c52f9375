/** Helpers for the dataset tests: fixtures as streams, bytes in chosen chunk sizes, models by alias. */
import { createReadStream } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CatalogModel } from '../../../src/core/catalog/index.js';
import { findModel } from '../../../src/core/catalog/index.js';
import type { ValidateOptions } from '../../../src/core/dataset/index.js';
import { validateDataset } from '../../../src/core/dataset/index.js';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const fixturesDirectory = resolve(repoRoot, 'test/fixtures/datasets');
/** The AWS CLI examples corpus (README in that folder). */
export const awsCliExamples = resolve(repoRoot, 'test/fixtures/aws-cli-examples');

export function fixture(name: string): AsyncIterable<Uint8Array> {
  return createReadStream(resolve(fixturesDirectory, name));
}

export function model(alias: string): CatalogModel {
  const found = findModel(alias);
  if (!found) throw new Error(`test setup: no model ${alias}`);
  return found;
}

/** Bytes or text as a stream of chunks of `size` bytes, to exercise chunk boundaries. */
export async function* chunked(data: Uint8Array | string, size = 64 * 1024): AsyncGenerator<Uint8Array> {
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
  for (let offset = 0; offset < bytes.length; offset += size) yield bytes.slice(offset, offset + size);
}

export function lines(records: readonly unknown[]): string {
  return `${records.map((record) => (typeof record === 'string' ? record : JSON.stringify(record))).join('\n')}\n`;
}

export function validate(
  source: AsyncIterable<Uint8Array> | string,
  alias: string,
  options: Partial<Omit<ValidateOptions, 'model'>> = {},
) {
  return validateDataset(typeof source === 'string' ? chunked(source) : source, {
    model: model(alias),
    customizationType: 'FINE_TUNING',
    ...options,
  });
}

/** `[line, code]` of each issue, for compact expectations. */
export function codes(issues: readonly { line: number | null; code: string }[]): [number | null, string][] {
  return issues.map((issue) => [issue.line, issue.code]);
}
