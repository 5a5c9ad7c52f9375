/**
 * A stored dataset as `/tune datasets` lists it and `/tune start` picks it: where it lives in S3,
 * what it was checked against, and the figures from its validation. Datasets are kept per team
 * and channel (docs/architecture.md): a channel sees only its own.
 */
import { createHash } from 'node:crypto';
import * as z from 'zod';
import { CUSTOMIZATION_TYPES, type CustomizationType } from '../jobs/job.js';

/**
 * A dataset's id: its content, the model it was checked for and the customization type. The same
 * records checked for a second model are a second dataset, because the verdict (limits, tokenizer,
 * format rules) belongs to the model: an id of the content alone let the second check overwrite
 * the first, and `/tune start <id> --model <first model>` was then refused.
 */
export function datasetIdFor(contentSha256: string, modelId: string, type: CustomizationType): string {
  return createHash('sha256').update(`${contentSha256}\n${modelId}\n${type}`).digest('hex').slice(0, 12);
}

export const datasetEntrySchema = z.object({
  datasetId: z.string().min(1),
  teamId: z.string(),
  channelId: z.string(),
  userId: z.string(),
  /** The file name as shared (or uploaded). */
  name: z.string(),
  /** S3 key of the JSONL Bedrock will read (converted when the original was not JSONL). */
  key: z.string(),
  /** S3 key of the full validation report (JSON). */
  reportKey: z.string(),
  /** The original file's format when tune converted it (csv, tsv, json, text, markdown, pdf…). */
  convertedFrom: z.string().optional(),
  customizationType: z.enum(CUSTOMIZATION_TYPES),
  format: z.string().nullable(),
  modelId: z.string(),
  valid: z.boolean(),
  records: z.number().int().nonnegative(),
  bytes: z.number().int().nonnegative(),
  tokens: z.object({ total: z.number(), max: z.number(), p95: z.number(), exact: z.boolean() }),
  errorCount: z.number().int().nonnegative(),
  warningCount: z.number().int().nonnegative(),
  estimatedCostUsd: z.number().nullable(),
  epochs: z.number().int().positive(),
  /** A validation split produced with the dataset, when one was asked for. */
  validationKey: z.string().optional(),
  validationRecords: z.number().int().nonnegative().optional(),
  source: z.enum(['slack-file', 'upload']),
  createdAt: z.string(),
});

export type DatasetEntry = z.infer<typeof datasetEntrySchema>;
