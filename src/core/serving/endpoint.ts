import * as z from 'zod';

/**
 * An endpoint tune made for a custom model: an on-demand custom model deployment
 * (CreateCustomModelDeployment, billed per token) or a Provisioned Throughput without commitment
 * (CreateProvisionedModelThroughput, one model unit, billed per hour until deleted). Like a job, it
 * keeps every change of status with the version that made it, so that each change is announced
 * once and in order, and it stays in the watch's index until it is deleted and the deletion told.
 *
 * - `Requested`: written before Bedrock is asked (so a retry finds it); no ARN yet.
 * - `Creating`: Bedrock accepted it (ARN known); billing of an hourly endpoint counts from here.
 * - `Serving`: Active (deployment) or InService (Provisioned Throughput): it answers questions.
 * - `Deleting`: tune decided to delete it and has not yet seen the delete succeed; every watch run
 *   retries until it does (a failed delete is never forgotten).
 * - `Deleted`, `Failed`: final.
 */
export const ENDPOINT_STATUS = {
  Requested: 'Requested',
  Creating: 'Creating',
  Serving: 'Serving',
  Deleting: 'Deleting',
  Deleted: 'Deleted',
  Failed: 'Failed',
} as const;
export type EndpointStatus = (typeof ENDPOINT_STATUS)[keyof typeof ENDPOINT_STATUS];

export const LIVE_ENDPOINT_STATUSES = [
  ENDPOINT_STATUS.Requested,
  ENDPOINT_STATUS.Creating,
  ENDPOINT_STATUS.Serving,
  ENDPOINT_STATUS.Deleting,
] as const;
export type LiveEndpointStatus = (typeof LIVE_ENDPOINT_STATUSES)[number];

export function isLive(status: EndpointStatus): status is LiveEndpointStatus {
  return (LIVE_ENDPOINT_STATUSES as readonly EndpointStatus[]).includes(status);
}

/** What the endpoint is for: people asking questions, or one evaluation run (temporary). */
export const ENDPOINT_PURPOSES = ['chat', 'evaluation'] as const;
export type EndpointPurpose = (typeof ENDPOINT_PURPOSES)[number];

/** Why tune deletes an endpoint; said in the thread with what it cost. */
export const DELETE_REASONS = [
  'requested',
  'idle',
  'daily-cap',
  'evaluation-released',
  'evaluation-backstop',
  /** Bedrock no longer had it: someone deleted it outside tune. */
  'outside-tune',
] as const;
export type DeleteReason = (typeof DELETE_REASONS)[number];

export interface EndpointTransition {
  version: number;
  from: EndpointStatus;
  to: EndpointStatus;
  at: string;
}

const statusSchema = z.enum(Object.values(ENDPOINT_STATUS) as [EndpointStatus, ...EndpointStatus[]]);

export const endpointSchema = z.object({
  endpointId: z.string().min(1),
  status: statusSchema,
  /** The custom model record it serves (the job's id). */
  modelId: z.string().min(1),
  modelName: z.string(),
  modelArn: z.string(),
  /** The catalog id of the base model: prices and serving paths come from its row. */
  baseModelId: z.string(),
  path: z.enum(['on-demand', 'provisioned']),
  purpose: z.enum(ENDPOINT_PURPOSES),
  /** Set for purpose `evaluation`: the evaluation it was made for. */
  evaluationId: z.string().optional(),
  /** The deployment or provisioned model name in Bedrock (unique per account and region). */
  bedrockName: z.string(),
  clientRequestToken: z.string(),
  /** The deployment ARN or the provisioned model ARN: what InvokeModel and Converse take. */
  arn: z.string().optional(),
  place: z.object({
    teamId: z.string(),
    channelId: z.string(),
    /** Who asked for it. */
    userId: z.string(),
    /** The thread of the model card: every change of the endpoint is told there. */
    threadTs: z.string().optional(),
  }),
  /** The authorized person who confirmed the spending. */
  confirmedBy: z.string().optional(),
  /**
   * The hourly price per model unit at the time of deploying (Provisioned Throughput), with its
   * source; null when no confirmed price is known (hours are still counted and capped).
   */
  hourlyUsd: z.number().nullable().optional(),
  priceSource: z.string().optional(),
  modelUnits: z.number().int().positive(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** When Bedrock accepted it; hours are counted from here. */
  acceptedAt: z.string().optional(),
  servingSince: z.string().optional(),
  /** Not deleted for idleness before this (Keep for 2 more hours; an evaluation still running). */
  keepUntil: z.string().optional(),
  /** The deletion deadline a reminder was posted for, and when. */
  reminder: z.object({ deadline: z.string(), at: z.string() }).optional(),
  deletion: z
    .object({
      reason: z.enum(DELETE_REASONS),
      requestedAt: z.string(),
      by: z.string().optional(),
      attempts: z.number().int().nonnegative(),
      lastError: z.string().optional(),
    })
    .optional(),
  deletedAt: z.string().optional(),
  failureMessage: z.string().optional(),
  /** Bedrock's own status as last read. */
  bedrockStatus: z.string().optional(),
  version: z.number().int().positive(),
  transitions: z.array(
    z.object({ version: z.number().int().positive(), from: statusSchema, to: statusSchema, at: z.string() }),
  ),
  announcedVersion: z.number().int().nonnegative(),
});

export type Endpoint = z.infer<typeof endpointSchema>;

/** The transitions Slack has not been told about yet, oldest first. */
export function owedEndpointTransitions(endpoint: Endpoint): EndpointTransition[] {
  return endpoint.transitions.filter((transition) => transition.version > endpoint.announcedVersion);
}

/** An endpoint the watch must look at: it may cost money, or Slack has not been told everything yet. */
export function needsWatchingEndpoint(endpoint: Endpoint): boolean {
  return isLive(endpoint.status) || owedEndpointTransitions(endpoint).length > 0;
}

/** `endpoint` with a new status as the next version, the change recorded so that it is announced. */
export function endpointTransitioned(
  endpoint: Endpoint,
  status: EndpointStatus,
  now: Date,
  changes: Partial<Endpoint> = {},
): Endpoint {
  const version = endpoint.version + 1;
  const at = now.toISOString();
  return {
    ...endpoint,
    ...changes,
    status,
    version,
    updatedAt: at,
    transitions: [...endpoint.transitions, { version, from: endpoint.status, to: status, at }],
  };
}

/** `endpoint` as the next version without a change of status (bookkeeping: nothing to announce). */
export function endpointTouched(endpoint: Endpoint, now: Date, changes: Partial<Endpoint> = {}): Endpoint {
  return { ...endpoint, ...changes, version: endpoint.version + 1, updatedAt: now.toISOString() };
}

/** Billed by the hour while it exists (Provisioned Throughput); on-demand deployments bill per token. */
export function isHourly(endpoint: Pick<Endpoint, 'path'>): boolean {
  return endpoint.path === 'provisioned';
}

const HOUR_MS = 60 * 60 * 1000;

/** Hours from Bedrock accepting it to its deletion (or now): what an hourly endpoint is billed for. */
export function hoursRun(endpoint: Endpoint, now: Date): number {
  if (!endpoint.acceptedAt) return 0;
  const end = endpoint.deletedAt ? Date.parse(endpoint.deletedAt) : now.getTime();
  return Math.max(0, end - Date.parse(endpoint.acceptedAt)) / HOUR_MS;
}

/** The start of `now`'s UTC day: the daily cap counts hours from here. */
export function startOfUtcDay(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
}

/** Hours it has run since the start of today (UTC). */
export function hoursToday(endpoint: Endpoint, now: Date): number {
  if (!endpoint.acceptedAt) return 0;
  const start = Math.max(Date.parse(endpoint.acceptedAt), startOfUtcDay(now).getTime());
  const end = endpoint.deletedAt ? Date.parse(endpoint.deletedAt) : now.getTime();
  return Math.max(0, end - start) / HOUR_MS;
}

/**
 * What it has cost so far in hourly fees: hours × price × model units for a Provisioned
 * Throughput (undefined when the price is unknown), 0 for an on-demand deployment, whose tokens
 * are billed per request and are not counted here. Hours are counted from Bedrock's acceptance,
 * whole and partial alike: an upper bound when billing starts only once it serves.
 */
export function hourlyCostSoFar(endpoint: Endpoint, now: Date): number | undefined {
  if (!isHourly(endpoint)) return 0;
  if (endpoint.hourlyUsd === undefined || endpoint.hourlyUsd === null) return undefined;
  return hoursRun(endpoint, now) * endpoint.hourlyUsd * endpoint.modelUnits;
}

/** `tune-<id>`: a Bedrock name (`([0-9a-zA-Z][_-]?)+`, at most 63) that says who made it. */
export function bedrockNameFor(endpointId: string): string {
  return `tune-${endpointId}`;
}
