/**
 * Starts a confirmed proposal on Bedrock, safely under retries and crashes:
 * 1. the job is written as Starting first (conditional create: a second run finds it);
 * 2. the job card is posted and its ts recorded, so every later update has a thread;
 * 3. CreateModelCustomizationJob is called with the token derived from the proposal, so a retry
 *    of this step returns the same job instead of creating (and billing) a second one;
 * 4. the job moves to InProgress with its ARN. If the process dies between 3 and 4, the watch
 *    finds the job by name and adopts it.
 * A refusal from Bedrock (validation, quota, access) fails the job with what to do; anything else
 * is thrown for the worker's one rule (an outage is retried, any other error explained at once).
 */
import { ConflictError, isTuneError, JobStateConflictError, NotFoundError } from '../errors.js';
import type { Clock, Customizer, ProposalStore } from '../ports.js';
import { type AnnounceDependencies, announceOwed } from './announce.js';
import { explainRefusal, refusalConcernsModel } from './explain.js';
import { JOB_STATUS, type Job, touched, transitioned } from './job.js';
import { clientRequestTokenFor, jobNameFor, shortId } from './naming.js';
import type { Proposal } from './proposal.js';

export interface StartDependencies extends AnnounceDependencies {
  proposals: ProposalStore;
  customizer: Customizer;
  clock: Clock;
  roleArn: string;
  /** `s3://bucket/key` for a dataset key. */
  uri(key: string): string;
  /** Posts the job card in the job's channel; returns its ts. */
  postCard(job: Job): Promise<string>;
  /** Told when Bedrock refused the job for its model: the list of offered models is read again. */
  modelRefused?(): Promise<void>;
}

export function jobIdFor(proposalId: string): string {
  return shortId(`job:${proposalId}`);
}

export async function startJob(proposalId: string, dependencies: StartDependencies): Promise<Job> {
  const { jobs, clock } = dependencies;
  const proposal = await dependencies.proposals.get(proposalId);
  if (!proposal)
    throw new NotFoundError(`No proposal ${proposalId}: it expired or never existed. Run /tune start again.`);
  if (proposal.status !== 'confirmed') {
    throw new JobStateConflictError(`Proposal ${proposalId} is ${proposal.status}, not confirmed.`);
  }

  let job = await jobs.get(jobIdFor(proposalId));
  if (!job) {
    job = newJob(proposal, dependencies, clock.now());
    try {
      await jobs.create(job);
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      job = await jobs.get(jobIdFor(proposalId));
      if (!job) throw error;
    }
  }
  if (job.status !== JOB_STATUS.Starting) return job;

  if (!job.place.messageTs) {
    const messageTs = await dependencies.postCard(job);
    job = await jobs.transition(
      touched(job, clock.now(), { place: { ...job.place, messageTs } }),
      JOB_STATUS.Starting,
    );
  }

  // A conditional write just before calling Bedrock: if the watch has meanwhile given up on this
  // job (marked it Failed after its Starting timeout), this write fails and nothing is created.
  job = await jobs.transition(touched(job, clock.now()), JOB_STATUS.Starting);

  let jobArn: string;
  try {
    ({ jobArn } = await dependencies.customizer.createJob({
      jobName: job.jobName,
      customModelName: job.customModelName,
      roleArn: dependencies.roleArn,
      baseModelIdentifier: job.baseModelId,
      customizationType: job.customizationType,
      trainingDataUri: job.trainingDataUri,
      ...(job.validationDataUri ? { validationDataUri: job.validationDataUri } : {}),
      outputDataUri: job.outputDataUri,
      hyperParameters: job.hyperParameters,
      clientRequestToken: job.clientRequestToken,
      tags: {
        'tune:team': job.place.teamId,
        'tune:channel': job.place.channelId,
        // Who spent the money: the person who confirmed.
        'tune:user': job.confirmedBy ?? job.place.userId,
      },
    }));
  } catch (error) {
    // Only a refusal Bedrock put in words fails the job here. Anything else is thrown: the worker
    // retries an outage and explains any other error at once; the request token makes any later
    // retry safe, and the watch adopts by name a job Bedrock did receive.
    if (!isTuneError(error) || error.retryable) throw error;
    if (refusalConcernsModel(error)) {
      await dependencies.modelRefused?.().catch((refreshError: unknown) =>
        dependencies.logger.warn('could not read the offered models again', {
          error: String(refreshError),
        }),
      );
    }
    const failed = transitioned(
      job,
      {
        ...job,
        status: JOB_STATUS.Failed,
        failureMessage: `Bedrock refused to start the job: ${explainRefusal(error)}`,
        endedAt: clock.now().toISOString(),
      },
      clock.now(),
    );
    try {
      await jobs.transition(failed, JOB_STATUS.Starting);
    } catch (conflict) {
      // Another delivery of this task recorded the outcome first.
      if (conflict instanceof JobStateConflictError) return (await jobs.get(job.jobId)) ?? failed;
      throw conflict;
    }
    await announceOwed(failed, dependencies);
    return failed;
  }

  const started = await recordAccepted(job, jobArn, dependencies);
  await announceOwed(started, dependencies);
  return started;
}

/**
 * Records that Bedrock accepted the job. The watch may have been first: it adopted the job (its
 * record is as good as ours), or, if this create call outlived the Starting timeout, it declared the
 * job failed with nothing charged. Bedrock is training it now, so that record is corrected: the job
 * is followed again and the thread says so.
 */
async function recordAccepted(job: Job, jobArn: string, dependencies: StartDependencies): Promise<Job> {
  const { jobs, clock } = dependencies;
  const started = (from: Job) =>
    transitioned(
      from,
      { ...from, status: JOB_STATUS.InProgress, jobArn, bedrockStatus: 'InProgress' },
      clock.now(),
    );
  try {
    return await jobs.transition(started(job), JOB_STATUS.Starting);
  } catch (error) {
    if (!(error instanceof JobStateConflictError)) throw error;
  }
  const stored = await jobs.get(job.jobId);
  if (!stored) throw new NotFoundError(`No job ${job.jobId}.`);
  if (stored.status !== JOB_STATUS.Failed || stored.jobArn) return stored;
  try {
    return await jobs.transition(started(stored), JOB_STATUS.Failed);
  } catch (error) {
    if (error instanceof JobStateConflictError) return (await jobs.get(job.jobId)) ?? stored;
    throw error;
  }
}

function newJob(proposal: Proposal, dependencies: StartDependencies, now: Date): Job {
  const jobId = jobIdFor(proposal.proposalId);
  const created = now.toISOString();
  return {
    jobId,
    jobName: jobNameFor(proposal.customModelName, jobId),
    // The suffix keeps names unique (Bedrock refuses a name it has seen); the stem is cut first so
    // that it survives, and no `-` or `_` may end the stem (the pattern allows no `--`).
    customModelName: `${proposal.customModelName.slice(0, 56).replace(/[-_]+$/, '')}-${jobId.slice(0, 6)}`,
    baseModelId: proposal.modelId,
    customizationType: proposal.customizationType,
    hyperParameters: proposal.hyperParameters,
    trainingDataUri: dependencies.uri(proposal.dataset.key),
    datasetName: proposal.dataset.name,
    ...(proposal.confirmedBy ? { confirmedBy: proposal.confirmedBy } : {}),
    ...(proposal.validation ? { validationDataUri: dependencies.uri(proposal.validation.key) } : {}),
    outputDataUri: dependencies.uri(`outputs/${jobId}/`),
    clientRequestToken: clientRequestTokenFor(proposal.proposalId),
    place: {
      teamId: proposal.teamId,
      channelId: proposal.channelId,
      userId: proposal.userId,
    },
    estimatedTokens: proposal.estimate.billedTokens,
    ...(proposal.evaluation ? { evaluation: proposal.evaluation } : {}),
    ...(proposal.estimate.usd === null ? {} : { estimatedCostUsd: proposal.estimate.usd }),
    createdAt: created,
    updatedAt: created,
    version: 1,
    transitions: [],
    announcedVersion: 1,
    status: JOB_STATUS.Starting,
  };
}
