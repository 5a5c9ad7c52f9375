/**
 * A stored dataset as `/tune datasets` lists it and `/tune start` picks it: where it lives in S3,
 * what it was checked against, and the figures from its validation. Datasets are kept per team
 * and channel (DESIGN.md §7): a channel sees only its own.
 */
import { z } from 'zod';
import { CUSTOMIZATION_TYPES } from '../jobs/job.js';

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
