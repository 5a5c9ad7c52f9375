/**
 * Start on a proposal. Only an authorized person may press it, and only in the proposal's own
 * channel and team (authorization is checked against the proposal, not against where a request
 * claims to come from). The proposal moves from proposed to confirmed with a conditional write, so
 * of two presses exactly one confirms; then the job is started in this same run, so a confirmed
 * proposal is never left waiting for a second hand-off. Starting is idempotent (the job id and
 * Bedrock's request token come from the proposal): a redelivered press, or any authorized press
 * on a confirmed proposal whose start was interrupted, finishes what the first began.
 */
import { ConfigError, JobStateConflictError } from '../../../core/errors.js';
import { requireAuthorized } from '../../../core/jobs/authorize.js';
import type { Proposal } from '../../../core/jobs/proposal.js';
import { startJob } from '../../../core/jobs/start.js';
import { announcer } from '../../announce.js';
import { jobCard } from '../../blocks/job-card.js';
import { proposalMessage } from '../../blocks/proposal.js';
import type { WorkerDependencies } from '../../worker-dependencies.js';
import { type Press, proposalOfPress, reply } from './press.js';

export async function pressStartConfirm(press: Press, dependencies: WorkerDependencies): Promise<void> {
  const { proposals, clock, bedrockRoleArn, notifier } = dependencies;
  let proposal = await proposalOfPress(press, dependencies);
  if (proposal.status === 'cancelled') {
    await reply(press, dependencies, { text: 'This proposal was cancelled.' });
    return;
  }
  await requireAuthorized(
    { userId: press.userId, channelId: proposal.channelId, action: 'start training jobs' },
    dependencies.authorization,
    dependencies.directory,
  );
  if (!bedrockRoleArn) {
    throw new ConfigError(
      'TUNE_BEDROCK_ROLE_ARN is not set: Bedrock needs a service role to read the dataset.',
    );
  }
  if (proposal.status === 'proposed') {
    const confirmed: Proposal = {
      ...proposal,
      status: 'confirmed',
      confirmedBy: press.userId,
      confirmedAt: clock.now().toISOString(),
    };
    try {
      await proposals.update(confirmed, 'proposed');
      proposal = confirmed;
    } catch (error) {
      if (!(error instanceof JobStateConflictError)) throw error;
      proposal = (await proposals.get(proposal.proposalId)) ?? proposal;
    }
  }
  if (proposal.status === 'cancelled') {
    await reply(press, dependencies, { text: 'This proposal was cancelled.' });
    return;
  }
  if (proposal.confirmedBy === press.userId) {
    await reply(press, dependencies, proposalMessage(proposal, { confirmedBy: press.userId }), 'replace');
  } else {
    await reply(press, dependencies, {
      text: proposal.confirmedBy
        ? `<@${proposal.confirmedBy}> already started this job.`
        : 'Someone else answered this proposal first.',
    });
  }
  await startJob(proposal.proposalId, {
    ...dependencies,
    roleArn: bedrockRoleArn,
    uri: (key) => dependencies.datasetStore.uri(key),
    postCard: (job) => notifier.post(job.place.channelId, jobCard(job, clock.now())),
    announce: announcer(notifier, clock),
    modelRefused: async () => {
      await dependencies.offers({ refresh: true });
    },
  });
}
