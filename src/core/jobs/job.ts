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
  validationDataUri?: string;
  outputDataUri: string;
  clientRequestToken: string;
  place: SlackPlace;
  estimatedTokens?: number;
  estimatedCostUsd?: number;
  createdAt: string;
  updatedAt: string;
  /** Bedrock's status string as last read, kept beside the normalised one. */
  bedrockStatus?: string;
  /** Incremented by every transition: notifications are keyed by it so each is sent once. */
  version: number;
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
