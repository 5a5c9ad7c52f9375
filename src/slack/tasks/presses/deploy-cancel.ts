/** Cancel on a deploy proposal: the person who proposed it, or anyone authorized. */
import { JobStateConflictError } from '../../../core/errors.js';
import { requireAuthorized } from '../../../core/jobs/authorize.js';
import { deployProposalMessage } from '../../blocks/serving.js';
import type { WorkerDependencies } from '../../worker-dependencies.js';
import { deployProposalOfPress } from './deploy-confirm.js';
import { type Press, reply } from './press.js';

export async function pressDeployCancel(press: Press, dependencies: WorkerDependencies): Promise<void> {
  const proposal = await deployProposalOfPress(press, dependencies);
  if (proposal.userId !== press.userId) {
    await requireAuthorized(
      {
        userId: press.userId,
        channelId: proposal.channelId,
        action: "cancel someone else's deploy proposal",
      },
      dependencies.authorization,
      dependencies.directory,
    );
  }
  try {
    await dependencies.deployProposals.update({ ...proposal, status: 'cancelled' }, 'proposed');
  } catch (error) {
    if (!(error instanceof JobStateConflictError)) throw error;
    await reply(press, dependencies, { text: 'This deploy proposal was already answered.' });
    return;
  }
  await reply(
    press,
    dependencies,
    deployProposalMessage(proposal, dependencies.serving, { cancelledBy: press.userId }),
    'replace',
  );
}
