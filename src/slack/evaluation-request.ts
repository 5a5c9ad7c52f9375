/**
 * What `/tune eval` and the Evaluate buttons share: the held-out records a job's model is compared
 * on, their cost counted on the records themselves, and the queued request. The records come only
 * from the job's own channel (a dataset of its index, or the held-out data recorded at Start): a
 * button's value names a dataset id, never a storage key, so a crafted press cannot point at
 * another channel's data.
 */
import * as z from 'zod';
import { findModel, requireSpec } from '../core/catalog/index.js';
import { InputError, NotFoundError } from '../core/errors.js';
import { type EvaluationEstimate, estimateForExamples } from '../core/evaluation/estimate.js';
import { selectExamples } from '../core/evaluation/examples.js';
import { evaluationModels } from '../core/evaluation/models.js';
import type { HeldOut } from '../core/evaluation/offer.js';
import type { Job } from '../core/jobs/job.js';
import { findDataset } from '../core/jobs/plan.js';
import { evaluationMessageId } from './tasks/evaluation.js';
import type { Task } from './tasks.js';
import type { WorkerDependencies } from './worker-dependencies.js';

/** An Evaluate button's value: the job, and the dataset to compare on (else the job's held-out data). */
export const evaluateValueSchema = z.object({ job: z.string(), dataset: z.string().optional() });
export type EvaluateValue = z.infer<typeof evaluateValueSchema>;

export function requireEvaluable(
  job: Job,
): asserts job is Job & { status: 'Completed'; customModelArn: string } {
  if (job.status !== 'Completed' || !('customModelArn' in job) || !job.customModelArn) {
    throw new InputError(
      `${job.customModelName} is ${job.status === 'Completed' ? 'completed but Bedrock named no custom model' : job.status}: only a completed job's model can be evaluated.`,
      { field: 'job' },
    );
  }
}

/** The held-out records of an evaluation of `job`: a dataset of its channel, or what was planned at Start. */
export async function heldOutOf(
  job: Job,
  datasetReference: string | undefined,
  dependencies: Pick<WorkerDependencies, 'datasets' | 'datasetStore'>,
): Promise<HeldOut> {
  if (datasetReference === undefined) {
    if (job.evaluation?.heldOut) return job.evaluation.heldOut;
    throw new InputError(
      `${job.customModelName} has no held-out data from its start: name a dataset of this channel to compare on, \`/tune eval ${job.jobId} <dataset>\`.`,
      { field: 'dataset' },
    );
  }
  const { teamId, channelId } = job.place;
  const entries = await dependencies.datasets.listByChannel(teamId, channelId, 100);
  const entry = findDataset(entries, datasetReference, job.baseModelId);
  if (!entry) {
    throw new InputError(`No dataset "${datasetReference}" in this channel. \`/tune datasets\` lists them.`, {
      field: 'dataset',
    });
  }
  if (!entry.valid) throw new InputError(`${entry.name} has errors; fix them first.`, { field: 'dataset' });
  if (entry.customizationType !== job.customizationType) {
    throw new InputError(
      `${entry.name} was prepared for another kind of customization than ${job.customModelName}.`,
      {
        field: 'dataset',
      },
    );
  }
  const uri = dependencies.datasetStore.uri(entry.key);
  if (uri === job.trainingDataUri) {
    // Comparing on what the model was trained on would measure memory, not what tuning taught it.
    if (!entry.validationKey) {
      throw new InputError(
        `${entry.name} is what ${job.customModelName} was trained on; name held-out data instead, or share it again with --split 0.1.`,
        { field: 'dataset' },
      );
    }
    return {
      key: entry.validationKey,
      name: `${entry.name} (split)`,
      records: entry.validationRecords ?? 0,
      source: 'split',
    };
  }
  return {
    key: entry.key,
    name: entry.name,
    records: entry.records,
    source: uri === job.validationDataUri ? 'validation' : 'test',
  };
}

/** The cost of evaluating `job` on `heldOut`, counted on the records it would draw; refuses what cannot run. */
export async function evaluationEstimateFor(
  job: Job,
  heldOut: HeldOut,
  dependencies: Pick<WorkerDependencies, 'datasetStore' | 'serving'>,
): Promise<EvaluationEstimate> {
  const model = findModel(job.baseModelId);
  if (!model) throw new InputError(`tune has no catalog row for ${job.baseModelId}.`, { field: 'job' });
  const models = evaluationModels(model, job.customizationType, dependencies.serving.region);
  if (!models.ok) throw new InputError(`The base model cannot be asked: ${models.reason}`, { field: 'job' });
  if (!models.deployableOnDemand) {
    throw new InputError(
      `A model tuned on ${model.name} answers only through Provisioned Throughput in ${dependencies.serving.region}, billed by the hour; tune does not buy it for an evaluation.`,
      { field: 'job' },
    );
  }
  const text = await dependencies.datasetStore.getText(heldOut.key);
  if (text === undefined) throw new NotFoundError(`${heldOut.name} is no longer stored; share it again.`);
  const { examples } = selectExamples(text, requireSpec(model, job.customizationType).dataFormat);
  if (examples.length === 0) {
    throw new InputError(`${heldOut.name} has no record tune can compare on.`, { field: 'dataset' });
  }
  return estimateForExamples(examples, models.prices);
}

/** Queues an evaluation request; the same `requestId` is queued (and run) once. */
export async function queueEvaluation(
  job: Job,
  heldOut: HeldOut,
  requestId: string,
  userId: string,
  dependencies: Pick<WorkerDependencies, 'queue'>,
): Promise<void> {
  const body: Task = {
    kind: 'evaluation',
    requestId,
    jobId: job.jobId,
    heldOut,
    teamId: job.place.teamId,
    channelId: job.place.channelId,
    userId,
    ...(job.place.messageTs ? { threadTs: job.place.messageTs } : {}),
    part: 1,
  };
  await dependencies.queue.send({ id: evaluationMessageId(requestId, 1), body });
}
