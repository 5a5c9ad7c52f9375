/**
 * A job's life on the emulator's clock. Status is a pure function of the stored timestamps and the
 * time (`jobStatus`, and `jobStages` for statusDetails: validation for the first half of the time
 * before training, data processing for the second half, then training); `settleJob` does the side
 * effects a real job has at two moments, lazily, on the first call that looks at the job after them:
 * - at the start of training (`trainingStartsAt`) it reads the training and validation JSONL from S3
 *   and fails the job with Bedrock's message when the data is bad;
 * - at completion (`completesAt`) it writes the metrics CSVs to the output location and creates the
 *   custom model, which will answer from the training data.
 * No timers run in the background, so nothing leaks between tests.
 */
import type { EmulatorContext } from './context.js';
import { hashString, resourceId } from './random.js';
import { joinKey, parseS3Uri, readText, writeText } from './s3-objects.js';
import type { CustomModelRecord, JobRecord } from './state.js';
import { checkDataset } from './training-data.js';
import { simulateTraining, trainingMetricsCsv, validationMetricsCsv } from './training-metrics.js';

export type JobStatus = 'InProgress' | 'Completed' | 'Failed' | 'Stopping' | 'Stopped';

export function jobStatus(job: JobRecord, now: number): JobStatus {
  if (job.stopRequestedAt !== undefined) {
    return now >= job.stopRequestedAt + job.stoppingMs ? 'Stopped' : 'Stopping';
  }
  if (job.failure && now >= job.failure.at) return 'Failed';
  if (job.completion && now >= job.completion.at) return 'Completed';
  return 'InProgress';
}

export function jobEndTime(job: JobRecord, now: number): number | undefined {
  switch (jobStatus(job, now)) {
    case 'Stopped':
      return (job.stopRequestedAt ?? 0) + job.stoppingMs;
    case 'Failed':
      return job.failure?.at;
    case 'Completed':
      return job.completion?.at;
    default:
      return undefined;
  }
}

export function jobLastModified(job: JobRecord, now: number): number {
  const moments = [job.creationTime, job.trainingStartsAt, job.stopRequestedAt, jobEndTime(job, now)];
  return Math.max(...moments.filter((moment): moment is number => moment !== undefined && moment <= now));
}

export const isActive = (status: JobStatus) => status === 'InProgress' || status === 'Stopping';

// ---------------------------------------------------------------------------------------------
// statusDetails

export type StageStatus = 'NotStarted' | 'InProgress' | 'Completed' | 'Failed' | 'Stopping' | 'Stopped';
export type StageName = 'validation' | 'dataProcessing' | 'training';

export interface Stage {
  status: StageStatus;
  /** When the stage started; undefined while NotStarted. */
  creationTime?: number;
  lastModifiedTime?: number;
}

/** When each stage starts and ends on the job's timeline (validation is the first half before training). */
function stageSpans(job: JobRecord): Record<StageName, { start: number; end: number }> {
  const validationEnds = job.creationTime + Math.round((job.trainingStartsAt - job.creationTime) / 2);
  return {
    validation: { start: job.creationTime, end: validationEnds },
    dataProcessing: { start: validationEnds, end: job.trainingStartsAt },
    training: { start: job.trainingStartsAt, end: job.completesAt },
  };
}

/**
 * The three stages of `statusDetails` at `now`. A failure ends the stage it happened in (data
 * problems are found while processing the data, output problems at the end of training); a stop
 * request stops the stage under way; later stages never start.
 */
export function jobStages(job: JobRecord, now: number): Record<StageName, Stage> {
  const spans = stageSpans(job);
  const failure = job.failure && now >= job.failure.at ? job.failure : undefined;
  const failedStage: StageName | undefined = failure ? (failure.stage ?? 'dataProcessing') : undefined;
  const stopAt = job.stopRequestedAt;
  const stage = (name: StageName): Stage => {
    const { start, end } = spans[name];
    const endedBefore =
      (failure !== undefined && name !== failedStage && failure.at <= start) ||
      (stopAt !== undefined && stopAt < start);
    if (now < start || endedBefore) return { status: 'NotStarted' };
    if (failure && name === failedStage) {
      return { status: 'Failed', creationTime: start, lastModifiedTime: failure.at };
    }
    if (stopAt !== undefined && stopAt < end) {
      const stoppedAt = stopAt + job.stoppingMs;
      return now >= stoppedAt
        ? { status: 'Stopped', creationTime: start, lastModifiedTime: stoppedAt }
        : { status: 'Stopping', creationTime: start, lastModifiedTime: stopAt };
    }
    if (now >= end && (name !== 'training' || job.completion)) {
      return { status: 'Completed', creationTime: start, lastModifiedTime: end };
    }
    return { status: 'InProgress', creationTime: start, lastModifiedTime: start };
  };
  return {
    validation: stage('validation'),
    dataProcessing: stage('dataProcessing'),
    training: stage('training'),
  };
}

/** Applies what has happened to the job by `now`; returns whether anything changed. */
export async function settleJob(context: EmulatorContext, job: JobRecord, now: number): Promise<boolean> {
  if (job.stopRequestedAt !== undefined || job.failure || job.completion) return false;
  if (now < job.trainingStartsAt) return false;
  let changed = false;
  if (!job.dataChecked) {
    const failure = await checkData(context, job);
    job.dataChecked = true;
    changed = true;
    if (failure !== undefined) {
      job.failure = { at: job.trainingStartsAt, message: failure };
      return true;
    }
  }
  if (now < job.completesAt) return changed;
  await complete(context, job);
  return true;
}

async function checkData(context: EmulatorContext, job: JobRecord): Promise<string | undefined> {
  const model = context.models.find(job.baseModelId);
  if (!model) return `Base model ${job.baseModelId} is no longer available.`;
  const batchSize = Number(job.hyperParameters.batchSize ?? '1');
  const read = async (uri: string, role: 'train' | 'validation') => {
    const location = parseS3Uri(uri);
    if (!location) return { ok: false as const, message: `Invalid S3 URI ${uri}` };
    let text: string;
    try {
      text = await readText(context.s3, location);
    } catch {
      return {
        ok: false as const,
        message: `Amazon Bedrock could not read the ${role} data at ${uri}. Check that the object exists and that the service role can read it.`,
      };
    }
    return checkDataset(text, {
      customizationType: job.customizationType,
      format: model.dataFormat,
      role,
      key: location.key,
      maxTokensPerRecord: model.limits.maxTokensPerRecord(batchSize),
      maxRecords: role === 'train' ? model.limits.maxTrainRecords : model.limits.maxValidationRecords,
      minRecords: model.limits.minRecords,
    });
  };
  const training = await read(job.trainingDataUri, 'train');
  if (!training.ok) return training.message;
  let validationRecords: number | undefined;
  for (const uri of job.validationDataUris) {
    const validation = await read(uri, 'validation');
    if (!validation.ok) return validation.message;
    validationRecords = (validationRecords ?? 0) + validation.records;
  }
  context.checkedData.set(job.jobId, {
    dataset: training.dataset,
    trainingRecords: training.records,
    validationRecords,
  });
  return undefined;
}

async function complete(context: EmulatorContext, job: JobRecord): Promise<void> {
  let checked = context.checkedData.get(job.jobId);
  if (!checked) {
    // The emulator restarted between the data check and completion: read the data again.
    const failure = await checkData(context, job);
    checked = context.checkedData.get(job.jobId);
    if (failure !== undefined || !checked) {
      job.failure = {
        at: job.completesAt,
        message: failure ?? 'Training data could not be read again.',
        stage: 'training',
      };
      return;
    }
  }
  const curves = simulateTraining({
    seed: hashString(job.jobId),
    trainingRecords: checked.trainingRecords,
    batchSize: Number(job.hyperParameters.batchSize ?? '1'),
    epochs: Number(job.hyperParameters.epochCount ?? '1'),
    ...(checked.validationRecords !== undefined ? { validationRecords: checked.validationRecords } : {}),
  });
  const output = parseS3Uri(job.outputDataUri);
  if (!output) {
    job.failure = { at: job.completesAt, message: `Invalid S3 URI ${job.outputDataUri}`, stage: 'training' };
    return;
  }
  const jobFolder = joinKey(output.key, `model-customization-job-${job.jobId}`);
  try {
    await writeText(
      context.s3,
      { bucket: output.bucket, key: joinKey(jobFolder, 'training_artifacts/step_wise_training_metrics.csv') },
      trainingMetricsCsv(curves.training),
      'text/csv',
    );
    if (curves.validation.length > 0) {
      await writeText(
        context.s3,
        {
          bucket: output.bucket,
          key: joinKey(
            jobFolder,
            'validation_artifacts/post_fine_tuning_validation/validation/validation_metrics.csv',
          ),
        },
        validationMetricsCsv(curves.validation),
        'text/csv',
      );
    }
  } catch {
    job.failure = {
      at: job.completesAt,
      message: `Amazon Bedrock could not write the output to ${job.outputDataUri}. Check that the bucket exists and that the service role can write to it.`,
      stage: 'training',
    };
    return;
  }
  const modelId = job.modelId ?? resourceId(context.random);
  const model: CustomModelRecord = {
    modelId,
    modelArn: customModelArn(context, job, modelId),
    modelName: job.customModelName,
    region: job.region,
    jobArn: job.jobArn,
    jobName: job.jobName,
    baseModelId: job.baseModelId,
    baseModelArn: job.baseModelArn,
    customizationType: job.customizationType,
    hyperParameters: job.hyperParameters,
    trainingDataUri: job.trainingDataUri,
    validationDataUris: job.validationDataUris,
    outputDataUri: job.outputDataUri,
    creationTime: job.completesAt,
    trainingLoss: curves.finalTrainingLoss,
    ...(curves.finalValidationLoss !== undefined ? { validationLoss: curves.finalValidationLoss } : {}),
  };
  await context.state.saveDataset(modelId, checked.dataset);
  context.state.customModels.push(model);
  context.checkedData.delete(job.jobId);
  job.completion = {
    at: job.completesAt,
    modelId,
    trainingLoss: curves.finalTrainingLoss,
    ...(curves.finalValidationLoss !== undefined ? { validationLoss: curves.finalValidationLoss } : {}),
  };
}

export function customModelArn(context: EmulatorContext, job: JobRecord, modelId: string): string {
  return `arn:aws:bedrock:${job.region}:${context.accountId}:custom-model/${job.baseModelId}/${modelId}`;
}

/** Settles every job of the state; saves when something changed. */
export async function settleAll(context: EmulatorContext): Promise<void> {
  const now = context.now();
  let changed = false;
  for (const job of context.state.jobs) {
    if (await settleJob(context, job, now)) changed = true;
  }
  if (changed) await context.state.save();
}
