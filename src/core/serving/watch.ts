/**
 * The endpoints' part of the watch (src/slack/watch-run.ts runs it on the 5-minute schedule, with
 * the jobs): every live endpoint, read through the store's sparse index, is
 * 1. followed in Bedrock until it serves (Active / InService) or fails, adopted by its name when a
 *    worker died before recording Bedrock's answer, and found gone when someone deleted it;
 * 2. judged by the cost guard (./guard.ts): reminded once per deadline, deleted at it;
 * 3. deleted again while a previous delete failed: Deleting stays in the index until a delete
 *    succeeds, so a failed deletion is retried by every run and never forgotten.
 * Each change is announced once, in order. Then the run lists what Bedrock has that tune did not
 * make (listed in Slack, never deleted), and once a day, from {@link MORNING_HOUR_UTC}, tells each
 * channel with running endpoints what they have cost and reminds of models unused for 30 days.
 */
import { isTuneError, JobStateConflictError, NotFoundError } from '../errors.js';
import type { CustomModelRecord, StoredModelIndex, UnrecordedEndpoint } from '../ports.js';
import {
  announceEndpointOwed,
  attemptDeletion,
  requestDeletion,
  type ServingDependencies,
} from './deploy.js';
import {
  ENDPOINT_STATUS,
  type Endpoint,
  endpointTouched,
  endpointTransitioned,
  isHourly,
  isLive,
} from './endpoint.js';
import { type Deadline, guardVerdict, nextDeadline } from './guard.js';

/** The morning message and the storage reminders go out on the first scheduled run from this hour (UTC). */
export const MORNING_HOUR_UTC = 9;
/** A model not asked anything for this long gets a reminder of its storage fee, once per such period. */
export const UNUSED_DAYS = 30;
/**
 * How long an endpoint may stay Requested without Bedrock knowing it before tune gives up on it:
 * longer than the queue's three deliveries of the confirming press (as for jobs,
 * src/core/jobs/watch.ts `STARTING_TIMEOUT_MS`).
 */
export const REQUESTED_TIMEOUT_MS = 3 * 60 * 60 * 1000;

const DAY_MS = 24 * 60 * 60 * 1000;
const REMINDER_LEASE_SECONDS = 5 * 60;
/** Longer than a deadline can stay the same. */
const REMINDER_KEEP_SECONDS = 2 * 24 * 60 * 60;
const DAILY_KEEP_SECONDS = 2 * 24 * 60 * 60;
const STORAGE_KEEP_SECONDS = 40 * 24 * 60 * 60;

/** What one channel is told in the morning. */
export interface ChannelReport {
  teamId: string;
  channelId: string;
  /** Its live endpoints, with the guard's next deadline for each. */
  endpoints: { endpoint: Endpoint; deadline: Deadline | undefined }[];
  /** Endpoints of its models that tune did not make: listed, never deleted. */
  unrecorded: UnrecordedEndpoint[];
}

export interface EndpointWatchDependencies extends ServingDependencies {
  storedModels: StoredModelIndex;
  /** Posts the reminder before a deletion in the endpoint's channel (Keep when `keepable`). */
  remind(endpoint: Endpoint, deadline: Deadline, keepable: boolean): Promise<void>;
  /** Posts the morning message of one channel. */
  morningReport(report: ChannelReport): Promise<void>;
  /** Posts the reminder of a model's storage fee, with Delete model. */
  storageReminder(model: CustomModelRecord, unusedDays: number): Promise<void>;
}

export interface EndpointWatchResult {
  checked: number;
  reminded: number;
  deleted: number;
  /** Endpoints whose delete failed this run (still Deleting: the next run tries again). */
  deleteFailures: number;
  /** Endpoints this run could not look at (the next run will). */
  failed: number;
  unrecorded: number;
  morningMessages: number;
  storageReminders: number;
}

export async function watchEndpoints(dependencies: EndpointWatchDependencies): Promise<EndpointWatchResult> {
  const result: EndpointWatchResult = {
    checked: 0,
    reminded: 0,
    deleted: 0,
    deleteFailures: 0,
    failed: 0,
    unrecorded: 0,
    morningMessages: 0,
    storageReminders: 0,
  };
  const live = await dependencies.endpoints.listLive();
  for (const endpoint of live) {
    result.checked++;
    try {
      await refreshEndpoint(endpoint, dependencies, result);
    } catch (error) {
      result.failed++;
      dependencies.logger.warn('could not look at an endpoint; the next run will', {
        endpointId: endpoint.endpointId,
        error: isTuneError(error) ? `${error.code}: ${error.message}` : String(error),
      });
    }
  }
  const stillLive = (await dependencies.endpoints.listLive()).filter((endpoint) => isLive(endpoint.status));
  let stored: CustomModelRecord[] = [];
  let unrecorded: UnrecordedEndpoint[] = [];
  try {
    stored = await dependencies.storedModels.listStored();
    unrecorded = await findUnrecorded(stillLive, stored, dependencies);
    result.unrecorded = unrecorded.length;
  } catch (error) {
    dependencies.logger.warn('could not list what Bedrock serves; the next run will', {
      error: String(error),
    });
  }
  await dailyPass(stillLive, stored, unrecorded, dependencies, result);
  return result;
}

/** Follows one endpoint, applies the guard, and announces what changed. */
export async function refreshEndpoint(
  endpoint: Endpoint,
  dependencies: EndpointWatchDependencies,
  result: EndpointWatchResult,
): Promise<Endpoint> {
  await announceEndpointOwed(endpoint, dependencies);
  let current = endpoint;
  if (current.status === ENDPOINT_STATUS.Requested) current = await adoptOrGiveUp(current, dependencies);
  if (current.status === ENDPOINT_STATUS.Creating || current.status === ENDPOINT_STATUS.Serving) {
    current = await followBedrock(current, dependencies);
  }
  if (current.status === ENDPOINT_STATUS.Creating || current.status === ENDPOINT_STATUS.Serving) {
    current = await applyGuard(current, dependencies, result);
  }
  if (current.status === ENDPOINT_STATUS.Deleting) {
    current = await attemptDeletion(current, dependencies);
    if (current.status === ENDPOINT_STATUS.Deleted) result.deleted++;
    else result.deleteFailures++;
  }
  await announceEndpointOwed(current, dependencies);
  return current;
}

interface BedrockReport {
  arn: string;
  status: 'Creating' | 'Serving' | 'Failed' | 'Other';
  raw: string;
  createdAt: Date;
  failureMessage?: string;
}

/** Bedrock's view of the endpoint by ARN or name; undefined when Bedrock has no such endpoint. */
async function reportOf(
  endpoint: Endpoint,
  dependencies: ServingDependencies,
): Promise<BedrockReport | undefined> {
  const identifier = endpoint.arn ?? endpoint.bedrockName;
  try {
    if (endpoint.path === 'provisioned') {
      const throughput = await dependencies.customizer.getProvisionedThroughput(identifier);
      return {
        arn: throughput.provisionedModelArn,
        status:
          throughput.status === 'InService'
            ? 'Serving'
            : throughput.status === 'Creating'
              ? 'Creating'
              : throughput.status === 'Failed'
                ? 'Failed'
                : 'Other',
        raw: throughput.status,
        createdAt: throughput.creationTime,
        ...(throughput.failureMessage ? { failureMessage: throughput.failureMessage } : {}),
      };
    }
    const deployment = await dependencies.customizer.getCustomModelDeployment(identifier);
    return {
      arn: deployment.deploymentArn,
      status: deployment.status === 'Active' ? 'Serving' : deployment.status,
      raw: deployment.status,
      createdAt: deployment.createdAt,
      ...(deployment.failureMessage ? { failureMessage: deployment.failureMessage } : {}),
    };
  } catch (error) {
    if (error instanceof NotFoundError) return undefined;
    throw error;
  }
}

/**
 * A Requested endpoint has no ARN: either the worker has not called Bedrock yet, or it died after
 * Bedrock accepted. Bedrock is asked for it by its (unique) name; found, it is adopted; still
 * unknown after {@link REQUESTED_TIMEOUT_MS}, it fails with nothing created or charged.
 */
async function adoptOrGiveUp(endpoint: Endpoint, dependencies: ServingDependencies): Promise<Endpoint> {
  const { clock, logger } = dependencies;
  const now = clock.now();
  const report = await reportOf(endpoint, dependencies);
  let next: Endpoint;
  if (report) {
    logger.info('adopted an endpoint Bedrock accepted but tune had not recorded', {
      endpointId: endpoint.endpointId,
      arn: report.arn,
    });
    next = endpointTransitioned(endpoint, ENDPOINT_STATUS.Creating, now, {
      arn: report.arn,
      acceptedAt: report.createdAt.toISOString(),
      bedrockStatus: report.raw,
    });
  } else if (now.getTime() - Date.parse(endpoint.createdAt) >= REQUESTED_TIMEOUT_MS) {
    next = endpointTransitioned(endpoint, ENDPOINT_STATUS.Failed, now, {
      failureMessage: `Bedrock has no endpoint named ${endpoint.bedrockName}: tune could not hand it over within three hours. Nothing was created or charged; deploy again.`,
    });
  } else {
    return endpoint;
  }
  return writeOrReload(next, endpoint.status, dependencies);
}

/** Moves a Creating endpoint to Serving or Failed as Bedrock says; notices one deleted outside tune. */
/** Moves the endpoint to what Bedrock reports (Creating → Serving or Failed); also used by evaluations. */
export async function followBedrock(
  endpoint: Endpoint,
  dependencies: ServingDependencies,
): Promise<Endpoint> {
  const { clock, logger } = dependencies;
  const now = clock.now();
  const report = await reportOf(endpoint, dependencies);
  if (!report) {
    logger.warn('Bedrock no longer has an endpoint tune follows', { endpointId: endpoint.endpointId });
    const next =
      endpoint.status === ENDPOINT_STATUS.Serving
        ? endpointTransitioned(endpoint, ENDPOINT_STATUS.Deleted, now, {
            deletedAt: now.toISOString(),
            deletion: { reason: 'outside-tune', requestedAt: now.toISOString(), attempts: 0 },
          })
        : endpointTransitioned(endpoint, ENDPOINT_STATUS.Failed, now, {
            failureMessage: 'Bedrock no longer has it: it was deleted outside tune while being created.',
          });
    return writeOrReload(next, endpoint.status, dependencies);
  }
  if (report.status === 'Serving' && endpoint.status === ENDPOINT_STATUS.Creating) {
    return writeOrReload(
      endpointTransitioned(endpoint, ENDPOINT_STATUS.Serving, now, {
        servingSince: now.toISOString(),
        bedrockStatus: report.raw,
      }),
      endpoint.status,
      dependencies,
    );
  }
  if (report.status === 'Failed') {
    // A failed Provisioned Throughput or deployment is removed, so that it holds no quota; if that
    // fails the endpoint is recorded Failed anyway and the leftover is listed as unrecorded.
    try {
      if (endpoint.path === 'provisioned')
        await dependencies.customizer.deleteProvisionedThroughput(report.arn);
      else await dependencies.customizer.deleteCustomModelDeployment(report.arn);
    } catch (error) {
      if (!(error instanceof NotFoundError)) {
        logger.warn('could not remove a failed endpoint from Bedrock', {
          endpointId: endpoint.endpointId,
          error: String(error),
        });
      }
    }
    return writeOrReload(
      endpointTransitioned(endpoint, ENDPOINT_STATUS.Failed, now, {
        failureMessage: report.failureMessage ?? 'Bedrock gave no reason.',
        bedrockStatus: report.raw,
      }),
      endpoint.status,
      dependencies,
    );
  }
  return endpoint;
}

async function applyGuard(
  endpoint: Endpoint,
  dependencies: EndpointWatchDependencies,
  result: EndpointWatchResult,
): Promise<Endpoint> {
  const now = dependencies.clock.now();
  const lastUsedAt =
    endpoint.purpose === 'chat' && isHourly(endpoint)
      ? (await dependencies.models.get(endpoint.modelId))?.lastUsedAt
      : undefined;
  const verdict = guardVerdict(endpoint, lastUsedAt, dependencies.settings, now);
  if (verdict.action === 'remind') {
    const reminded = await remindOnce(endpoint, verdict.deadline, verdict.keepable, dependencies);
    if (reminded !== endpoint) result.reminded++;
    return reminded;
  }
  if (verdict.action === 'delete') {
    dependencies.logger.info('the cost guard deletes an endpoint', {
      endpointId: endpoint.endpointId,
      reason: verdict.deadline.reason,
    });
    return (
      (await requestDeletion(endpoint.endpointId, verdict.deadline.reason, undefined, dependencies)) ??
      endpoint
    );
  }
  return endpoint;
}

/**
 * Posts the reminder for this deadline once (whichever run gets there first), then records it on
 * the endpoint: the deletion waits for its notice from then. A post that fails is tried again by
 * the next run; the endpoint is not kept alive by it past the guard's grace.
 */
async function remindOnce(
  endpoint: Endpoint,
  deadline: Deadline,
  keepable: boolean,
  dependencies: EndpointWatchDependencies,
): Promise<Endpoint> {
  const { idempotency, clock, logger } = dependencies;
  const key = `remind:${endpoint.endpointId}:${deadline.at.toISOString()}`;
  const acquisition = await idempotency.acquire(key, REMINDER_LEASE_SECONDS);
  if (acquisition.state !== 'acquired') return endpoint;
  try {
    await dependencies.remind(endpoint, deadline, keepable);
  } catch (error) {
    await idempotency.release(acquisition.lease);
    logger.warn('could not post a reminder before deleting an endpoint; the next run tries again', {
      endpointId: endpoint.endpointId,
      error: String(error),
    });
    return endpoint;
  }
  const reminder = { deadline: deadline.at.toISOString(), at: clock.now().toISOString() };
  const recorded = await writeOrReload(
    endpointTouched(endpoint, clock.now(), { reminder }),
    endpoint.status,
    dependencies,
  );
  await idempotency.complete(acquisition.lease, REMINDER_KEEP_SECONDS);
  return recorded;
}

/** Writes `next` conditionally; when another run moved the endpoint first, returns what it stored. */
async function writeOrReload(
  next: Endpoint,
  expected: Endpoint['status'],
  dependencies: ServingDependencies,
): Promise<Endpoint> {
  try {
    return await dependencies.endpoints.transition(next, expected);
  } catch (error) {
    if (!(error instanceof JobStateConflictError)) throw error;
    const stored = await dependencies.endpoints.get(next.endpointId);
    if (!stored) throw error;
    return stored;
  }
}

const TUNE_NAME = /^tune-([0-9a-f]{12})$/;

/**
 * What Bedrock serves in this account and region that no live tune endpoint accounts for, saved
 * for `/tune models` and the morning message. tune's own endpoints still being deleted are not
 * counted (their name leads to a record).
 */
async function findUnrecorded(
  live: readonly Endpoint[],
  stored: readonly CustomModelRecord[],
  dependencies: ServingDependencies,
): Promise<UnrecordedEndpoint[]> {
  const { customizer, endpoints, clock } = dependencies;
  const [throughputs, deployments] = [
    await customizer.listProvisionedThroughputs(),
    await customizer.listCustomModelDeployments(),
  ];
  const knownArns = new Set(live.map((endpoint) => endpoint.arn).filter((arn) => arn !== undefined));
  const modelByArn = new Map(stored.map((model) => [model.modelArn, model]));
  const candidates: UnrecordedEndpoint[] = [
    ...throughputs.map((throughput) => ({
      path: 'provisioned' as const,
      arn: throughput.provisionedModelArn,
      name: throughput.provisionedModelName,
      modelArn: throughput.modelArn,
      status: throughput.status,
      createdAt: throughput.creationTime.toISOString(),
    })),
    ...deployments.map((deployment) => ({
      path: 'on-demand' as const,
      arn: deployment.deploymentArn,
      name: deployment.deploymentName,
      modelArn: deployment.modelArn,
      status: deployment.status,
      createdAt: deployment.createdAt.toISOString(),
    })),
  ];
  const unrecorded: UnrecordedEndpoint[] = [];
  for (const candidate of candidates) {
    // A shortcut for the live ones; the name check below is what recognises every tune endpoint.
    if (knownArns.has(candidate.arn)) continue;
    const tuneId = TUNE_NAME.exec(candidate.name)?.[1];
    if (tuneId && (await endpoints.get(tuneId))) continue;
    const model = modelByArn.get(candidate.modelArn);
    unrecorded.push(model ? { ...candidate, modelId: model.modelId, modelName: model.name } : candidate);
  }
  await endpoints.putUnrecorded({ seenAt: clock.now().toISOString(), endpoints: unrecorded });
  return unrecorded;
}

/**
 * Once a day: one message per channel with running endpoints (or unrecorded ones serving its
 * models), and the storage reminders. Every message has its own once-only record, so a run that
 * failed part-way (Slack down) is finished by the next without repeating what was posted.
 */
async function dailyPass(
  live: readonly Endpoint[],
  stored: readonly CustomModelRecord[],
  unrecorded: readonly UnrecordedEndpoint[],
  dependencies: EndpointWatchDependencies,
  result: EndpointWatchResult,
): Promise<void> {
  const { idempotency, clock, logger } = dependencies;
  const now = clock.now();
  if (now.getUTCHours() < MORNING_HOUR_UTC) return;
  const day = now.toISOString().slice(0, 10);
  const pass = await idempotency.acquire(`daily:${day}`, REMINDER_LEASE_SECONDS);
  if (pass.state !== 'acquired') return;
  let complete = true;
  const once = async (key: string, keepSeconds: number, post: () => Promise<void>): Promise<boolean> => {
    const acquisition = await idempotency.acquire(key, REMINDER_LEASE_SECONDS);
    if (acquisition.state === 'completed') return false;
    if (acquisition.state === 'held') {
      complete = false;
      return false;
    }
    try {
      await post();
    } catch (error) {
      complete = false;
      await idempotency.release(acquisition.lease);
      logger.warn('could not post a daily message; the next run tries again', { key, error: String(error) });
      return false;
    }
    await idempotency.complete(acquisition.lease, keepSeconds);
    return true;
  };

  const modelsById = new Map(stored.map((model) => [model.modelId, model]));
  const reports = new Map<string, ChannelReport>();
  const reportFor = (teamId: string, channelId: string): ChannelReport => {
    const key = `${teamId}#${channelId}`;
    let report = reports.get(key);
    if (!report) {
      report = { teamId, channelId, endpoints: [], unrecorded: [] };
      reports.set(key, report);
    }
    return report;
  };
  for (const endpoint of live) {
    const lastUsedAt = modelsById.get(endpoint.modelId)?.lastUsedAt;
    reportFor(endpoint.place.teamId, endpoint.place.channelId).endpoints.push({
      endpoint,
      deadline: nextDeadline(endpoint, lastUsedAt, dependencies.settings, now),
    });
  }
  for (const foreign of unrecorded) {
    const model = foreign.modelId ? modelsById.get(foreign.modelId) : undefined;
    if (model) reportFor(model.teamId, model.channelId).unrecorded.push(foreign);
  }
  for (const report of reports.values()) {
    if (
      await once(`morning:${report.teamId}:${report.channelId}:${day}`, DAILY_KEEP_SECONDS, () =>
        dependencies.morningReport(report),
      )
    ) {
      result.morningMessages++;
    }
  }

  const served = new Set(live.map((endpoint) => endpoint.modelId));
  for (const model of stored) {
    if (model.deletedAt || served.has(model.modelId)) continue;
    const lastUsed = model.lastUsedAt ?? model.createdAt;
    const unusedDays = Math.floor((now.getTime() - Date.parse(lastUsed)) / DAY_MS);
    if (unusedDays < UNUSED_DAYS) continue;
    const period = Math.floor(unusedDays / UNUSED_DAYS);
    if (
      await once(`storage:${model.modelId}:${lastUsed}:${period}`, STORAGE_KEEP_SECONDS, () =>
        dependencies.storageReminder(model, unusedDays),
      )
    ) {
      result.storageReminders++;
    }
  }
  if (complete) await idempotency.complete(pass.lease, DAILY_KEEP_SECONDS);
  else await idempotency.release(pass.lease);
}
