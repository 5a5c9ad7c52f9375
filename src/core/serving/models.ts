/**
 * The custom model registry: one record per completed job, written from the job's completion
 * (the watch's announcement of it), and found by channel.
 */
import * as z from 'zod';
import { InputError, NotFoundError } from '../errors.js';
import { CUSTOMIZATION_TYPES, type Job } from '../jobs/job.js';
import type { Customizer, CustomModelRecord, CustomModelStore, Logger } from '../ports.js';

/** A stored custom model record (DynamoDB items, queue messages): checked once here, trusted after. */
export const customModelRecordSchema: z.ZodType<CustomModelRecord> = z.object({
  modelId: z.string().min(1),
  teamId: z.string(),
  channelId: z.string(),
  userId: z.string(),
  name: z.string(),
  modelArn: z.string(),
  baseModelId: z.string(),
  customizationType: z.enum(CUSTOMIZATION_TYPES),
  createdAt: z.string(),
  sharedWith: z.array(z.string()),
  lastUsedAt: z.string().optional(),
  deletedAt: z.string().optional(),
  threadTs: z.string().optional(),
  trainingLoss: z.number().optional(),
  validationLoss: z.number().optional(),
  evaluation: z
    .object({
      at: z.string(),
      records: z.number(),
      meteor: z.object({ base: z.number(), tuned: z.number() }),
      rougeL: z.object({ base: z.number(), tuned: z.number() }),
      verdict: z.string(),
    })
    .optional(),
});

export interface RecordModelDependencies {
  models: CustomModelStore;
  customizer: Customizer;
  logger: Logger;
}

/**
 * The record of the model a completed job made, written once: a second call (an announcement
 * retried after a Slack outage, an overlapping watch run) finds it and returns it unchanged, so
 * shares and uses recorded meanwhile are kept. The losses come from Bedrock's report of the job;
 * a job Bedrock reports without them gets a record without them.
 */
export async function recordCompletedModel(
  job: Job,
  dependencies: RecordModelDependencies,
): Promise<CustomModelRecord | undefined> {
  if (job.status !== 'Completed') return undefined;
  const existing = await dependencies.models.get(job.jobId);
  if (existing) return existing;
  const report = await dependencies.customizer.getJob(job.jobArn);
  const modelArn = job.customModelArn ?? report.customModelArn;
  if (!modelArn) {
    // Bedrock says Completed but names no model: nothing can be served, so nothing is recorded.
    dependencies.logger.error('a completed job names no custom model; none recorded', { jobId: job.jobId });
    return undefined;
  }
  const record: CustomModelRecord = {
    modelId: job.jobId,
    teamId: job.place.teamId,
    channelId: job.place.channelId,
    userId: job.place.userId,
    name: job.customModelName,
    modelArn,
    baseModelId: job.baseModelId,
    customizationType: job.customizationType,
    createdAt: job.endedAt,
    sharedWith: [],
    ...(job.place.messageTs ? { threadTs: job.place.messageTs } : {}),
    ...(report.trainingLoss !== undefined ? { trainingLoss: report.trainingLoss } : {}),
    ...(report.validationLoss !== undefined ? { validationLoss: report.validationLoss } : {}),
  };
  await dependencies.models.put(record);
  return record;
}

/** Whether `channelId` may use the model: it trained it, or the model was shared with it. */
export function isVisibleIn(model: CustomModelRecord, teamId: string, channelId: string): boolean {
  return model.teamId === teamId && (model.channelId === channelId || model.sharedWith.includes(channelId));
}

/**
 * A model visible in this channel by id, id prefix or name. Models of other channels are not
 * found here, as if they did not exist (DESIGN.md §7: data stays where it was shared).
 */
export async function findVisibleModel(
  models: CustomModelStore,
  place: { teamId: string; channelId: string },
  reference: string | undefined,
): Promise<CustomModelRecord> {
  if (!reference) {
    throw new InputError('Name the model: its id or name, as `/tune models` shows them.', { field: 'model' });
  }
  if (!/^[A-Za-z0-9_.-]+$/.test(reference)) {
    throw new InputError(`"${reference}" is not a model id or name. \`/tune models\` shows them.`, {
      field: 'model',
    });
  }
  const direct = await models.get(reference);
  if (direct && isVisibleIn(direct, place.teamId, place.channelId) && !direct.deletedAt) return direct;
  const visible = await models.listVisibleIn(place.teamId, place.channelId, 100);
  const found = visible.find(
    (model) => !model.deletedAt && (model.modelId.startsWith(reference) || model.name === reference),
  );
  if (found) return found;
  throw new NotFoundError(
    `No model "${reference}" in this channel (a model answers only in the channel that trained it and those it was shared with). \`/tune models\` lists them.`,
  );
}

/** `custom-model/…`: the part of the ARN after the account, which says what it is without whose it is. */
export function shortArn(arn: string): string {
  const parts = arn.split(':');
  return parts.length >= 6 ? parts.slice(5).join(':') : arn;
}
