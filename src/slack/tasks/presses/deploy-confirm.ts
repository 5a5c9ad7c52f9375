/**
 * Deploy on a deploy proposal: authorized people only, in the model's own channel (checked
 * against the proposal, not against where the press claims to come from). The proposal moves from
 * proposed to confirmed with a conditional write, so of two presses one confirms; the endpoint is
 * created in the same run, keyed by the proposal, so a second press or a redelivery finishes what
 * the first began and never creates a second endpoint.
 */
import { JobStateConflictError, NotFoundError } from '../../../core/errors.js';
import { requireAuthorized } from '../../../core/jobs/authorize.js';
import type { DeployProposal } from '../../../core/serving/deploy-proposal.js';
import { deployConfirmed } from '../../../core/serving/propose.js';
import { deployProposalMessage } from '../../blocks/serving.js';
import { servingDependenciesOf } from '../../serving-dependencies.js';
import type { WorkerDependencies } from '../../worker-dependencies.js';
import { type Press, reply, requireSamePlace } from './press.js';

export async function deployProposalOfPress(
  press: Press,
  dependencies: WorkerDependencies,
): Promise<DeployProposal> {
  const proposal = await dependencies.deployProposals.get(press.value);
  if (!proposal) {
    throw new NotFoundError(
      'This deploy proposal expired (after 7 days) or never existed. Run `/tune deploy` again.',
    );
  }
  requireSamePlace(press, proposal, dependencies);
  return proposal;
}

export async function pressDeployConfirm(press: Press, dependencies: WorkerDependencies): Promise<void> {
  const { deployProposals, clock } = dependencies;
  let proposal = await deployProposalOfPress(press, dependencies);
  if (proposal.status === 'cancelled') {
    await reply(press, dependencies, { text: 'This deploy proposal was cancelled.' });
    return;
  }
  await requireAuthorized(
    { userId: press.userId, channelId: proposal.channelId, action: 'deploy models' },
    dependencies.authorization,
    dependencies.directory,
  );
  if (proposal.status === 'proposed') {
    const confirmed: DeployProposal = {
      ...proposal,
      status: 'confirmed',
      confirmedBy: press.userId,
      confirmedAt: clock.now().toISOString(),
    };
    try {
      await deployProposals.update(confirmed, 'proposed');
      proposal = confirmed;
    } catch (error) {
      if (!(error instanceof JobStateConflictError)) throw error;
      proposal = (await deployProposals.get(proposal.proposalId)) ?? proposal;
    }
  }
  if (proposal.status === 'cancelled') {
    await reply(press, dependencies, { text: 'This deploy proposal was cancelled.' });
    return;
  }
  if (proposal.confirmedBy === press.userId) {
    await reply(
      press,
      dependencies,
      deployProposalMessage(proposal, dependencies.serving, { confirmedBy: press.userId }),
      'replace',
    );
  } else {
    await reply(press, dependencies, {
      text: proposal.confirmedBy
        ? `<@${proposal.confirmedBy}> already confirmed this deployment.`
        : 'Someone else answered first.',
    });
  }
  await deployConfirmed(proposal, servingDependenciesOf(dependencies));
}
