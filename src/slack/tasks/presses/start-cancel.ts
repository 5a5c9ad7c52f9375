/** Cancel on a proposal: the person who proposed it, or anyone authorized, may cancel. */
import { JobStateConflictError } from '../../../core/errors.js';
import { requireAuthorized } from '../../../core/jobs/authorize.js';
import { proposalMessage } from '../../blocks/proposal.js';
import type { WorkerDependencies } from '../../worker-dependencies.js';
import { type Press, proposalOfPress, reply } from './press.js';

export async function pressStartCancel(press: Press, dependencies: WorkerDependencies): Promise<void> {
  const proposal = await proposalOfPress(press, dependencies);
  if (proposal.userId !== press.userId) {
    await requireAuthorized(
      { userId: press.userId, channelId: proposal.channelId, action: "cancel someone else's proposal" },
      dependencies.authorization,
      dependencies.directory,
    );
  }
  try {
    await dependencies.proposals.update({ ...proposal, status: 'cancelled' }, 'proposed');
  } catch (error) {
    if (!(error instanceof JobStateConflictError)) throw error;
    await reply(press, dependencies, { text: 'This proposal was already answered.' });
    return;
  }
  await reply(press, dependencies, proposalMessage(proposal, { cancelledBy: press.userId }), 'replace');
}
