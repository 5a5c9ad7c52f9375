import * as z from 'zod';
import {
  type EvaluationHeadline,
  type EvaluationOffer,
  evaluationHeadlineSchema,
  evaluationOfferSchema,
} from '../evaluation/offer.js';

/**
 * A customization job as tune tracks it. The status is normalised from Bedrock's
 * (`InProgress | Completed | Failed | Stopping | Stopped`) plus `Starting`, the state between the
 * confirmation and Bedrock accepting the job; Bedrock's raw status is kept beside it.
 */
export const JOB_STATUS = {
  Starting: 'Starting',
  InProgress: 'InProgress',
  Stopping: 'Stopping',
  Completed: 'Completed',
  Failed: 'Failed',
  Stopped: 'Stopped',
} as const;
export type JobStatus = (typeof JOB_STATUS)[keyof typeof JOB_STATUS];

export const ACTIVE_JOB_STATUSES = [JOB_STATUS.Starting, JOB_STATUS.InProgress, JOB_STATUS.Stopping] as const;
export type ActiveJobStatus = (typeof ACTIVE_JOB_STATUSES)[number];
export const TERMINAL_JOB_STATUSES = [JOB_STATUS.Completed, JOB_STATUS.Failed, JOB_STATUS.Stopped] as const;
export type TerminalJobStatus = (typeof TERMINAL_JOB_STATUSES)[number];

export function isActiveStatus(status: JobStatus): status is ActiveJobStatus {
  return (ACTIVE_JOB_STATUSES as readonly JobStatus[]).includes(status);
}

/**
 * One change of status. Every change is kept on the job with the version that made it, so that
 * each is announced once and in order even when Slack was down across several of them.
 */
export interface Transition {
  version: number;
  from: JobStatus;
  to: JobStatus;
  at: string;
  /** The person who asked for this change, when one did (a Stop), so the thread can say who. */
  by?: string;
}

/** The transitions Slack has not been told about yet, oldest first. */
export function owedTransitions(job: { transitions: readonly Transition[]; announcedVersion: number }) {
  return job.transitions.filter((transition) => transition.version > job.announcedVersion);
}

/** A job the watch must still look at: Bedrock may change it, or Slack has not been told yet. */
export function needsWatching(job: {
  status: JobStatus;
  transitions: readonly Transition[];
  announcedVersion: number;
}): boolean {
  return isActiveStatus(job.status) || owedTransitions(job).length > 0;
}

export const CUSTOMIZATION_TYPES = ['FINE_TUNING', 'CONTINUED_PRE_TRAINING'] as const;
export type CustomizationType = (typeof CUSTOMIZATION_TYPES)[number];

/** Where a job was asked for and where its updates go. */
export interface SlackPlace {
  teamId: string;
  channelId: string;
  userId: string;
  /** The job card's ts; its thread carries every update. */
  messageTs?: string;
}

interface JobBase {
  jobId: string;
  jobName: string;
  customModelName: string;
  baseModelId: string;
  customizationType: CustomizationType;
  hyperParameters: Record<string, string>;
  trainingDataUri: string;
  /** The dataset's name as shared, for people (the URI names it by content id). */
  datasetName?: string;
  /** The authorized person who pressed Start; `place.userId` is who asked for the job. */
  confirmedBy?: string;
  validationDataUri?: string;
  outputDataUri: string;
  clientRequestToken: string;
  place: SlackPlace;
  estimatedTokens?: number;
  estimatedCostUsd?: number;
  /** "Evaluate when done" as confirmed at Start; absent on jobs started before it existed. */
  evaluation?: EvaluationOffer;
  /** The latest evaluation's headline (the custom model's record carries it too). */
  evaluated?: EvaluationHeadline;
  createdAt: string;
  updatedAt: string;
  /** Bedrock's status string as last read, kept beside the normalised one. */
  bedrockStatus?: string;
  /**
   * Incremented by every write (the store's optimistic lock): a transition, and also bookkeeping
   * such as recording the card's ts. Build new versions with `transitioned` and `touched`.
   */
  version: number;
  /** Every status change, oldest first. */
  transitions: Transition[];
  /**
   * Transitions up to this version were announced in Slack. A later one is owed (a Slack outage,
   * a crash): the job stays in the watch's index until it is made.
   */
  announcedVersion: number;
}

export type Job =
  | (JobBase & { status: typeof JOB_STATUS.Starting; jobArn?: string })
  | (JobBase & { status: typeof JOB_STATUS.InProgress | typeof JOB_STATUS.Stopping; jobArn: string })
  | (JobBase & {
      status: typeof JOB_STATUS.Completed;
      jobArn: string;
      customModelArn?: string;
      endedAt: string;
    })
  | (JobBase & { status: typeof JOB_STATUS.Failed; jobArn?: string; failureMessage: string; endedAt: string })
  | (JobBase & { status: typeof JOB_STATUS.Stopped; jobArn: string; endedAt: string });

// ---------------------------------------------------------------------------------------------
// The schema a stored job is parsed with (DynamoDB items, queue messages): data from outside is
// checked once here and trusted after.

const placeSchema = z.object({
  teamId: z.string(),
  channelId: z.string(),
  userId: z.string(),
  messageTs: z.string().optional(),
});

const statusSchema = z.enum(Object.values(JOB_STATUS) as [JobStatus, ...JobStatus[]]);

const transitionSchema = z.object({
  version: z.number().int().positive(),
  from: statusSchema,
  to: statusSchema,
  at: z.string(),
  by: z.string().optional(),
});

const baseSchema = z.object({
  jobId: z.string().min(1),
  jobName: z.string().min(1),
  customModelName: z.string().min(1),
  baseModelId: z.string().min(1),
  customizationType: z.enum(CUSTOMIZATION_TYPES),
  hyperParameters: z.record(z.string(), z.string()),
  trainingDataUri: z.string(),
  datasetName: z.string().optional(),
  confirmedBy: z.string().optional(),
  validationDataUri: z.string().optional(),
  outputDataUri: z.string(),
  clientRequestToken: z.string(),
  place: placeSchema,
  estimatedTokens: z.number().optional(),
  estimatedCostUsd: z.number().optional(),
  evaluation: evaluationOfferSchema.optional(),
  evaluated: evaluationHeadlineSchema.optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
  bedrockStatus: z.string().optional(),
  version: z.number().int().nonnegative(),
  // Jobs written before transitions were kept have none: their last change was announced or is lost.
  transitions: z.array(transitionSchema).default([]),
  announcedVersion: z.number().int().nonnegative(),
});

export const jobSchema: z.ZodType<Job> = z.discriminatedUnion('status', [
  baseSchema.extend({ status: z.literal(JOB_STATUS.Starting), jobArn: z.string().optional() }),
  baseSchema.extend({ status: z.enum([JOB_STATUS.InProgress, JOB_STATUS.Stopping]), jobArn: z.string() }),
  baseSchema.extend({
    status: z.literal(JOB_STATUS.Completed),
    jobArn: z.string(),
    customModelArn: z.string().optional(),
    endedAt: z.string(),
  }),
  baseSchema.extend({
    status: z.literal(JOB_STATUS.Failed),
    jobArn: z.string().optional(),
    failureMessage: z.string(),
    endedAt: z.string(),
  }),
  baseSchema.extend({ status: z.literal(JOB_STATUS.Stopped), jobArn: z.string(), endedAt: z.string() }),
]);

// ---------------------------------------------------------------------------------------------
// Building the next version of a job. These are the only places that count versions.

/**
 * `next` (the job with its new status and the fields that go with it) as the next version, with
 * the change recorded so that it is announced.
 */
export function transitioned(job: Job, next: Job, now: Date, by?: string): Job {
  const version = job.version + 1;
  const at = now.toISOString();
  return {
    ...next,
    version,
    updatedAt: at,
    transitions: [
      ...job.transitions,
      { version, from: job.status, to: next.status, at, ...(by === undefined ? {} : { by }) },
    ],
  };
}

/** The job as the next version without a change of status (bookkeeping: nothing to announce). */
export function touched(job: Job, now: Date, changes: Partial<Pick<Job, 'place' | 'evaluated'>> = {}): Job {
  return { ...job, ...changes, version: job.version + 1, updatedAt: now.toISOString() };
}
