/**
 * Deploy, on a model card or on the offer Ask shows: proposes a deployment in the model's thread,
 * with its price and a confirmation only authorized people can use. Nothing is spent here.
 */
import { NotFoundError } from '../../../core/errors.js';
import { shortId } from '../../../core/jobs/naming.js';
import { isVisibleIn } from '../../../core/serving/models.js';
import { proposeDeploy } from '../../../core/serving/propose.js';
import { deployProposalMessage } from '../../blocks/serving.js';
import type { WorkerDependencies } from '../../worker-dependencies.js';
import type { Press } from './press.js';

export async function pressModelDeploy(press: Press, dependencies: WorkerDependencies): Promise<void> {
  const model = await dependencies.customModels.get(press.value);
  if (!model || !isVisibleIn(model, press.teamId, press.channelId)) {
    throw new NotFoundError(
      'This model no longer exists here. `/tune models` lists the models of this channel.',
    );
  }
  // A channel the model was shared with sees it, but deploying spends the training channel's
  // money: proposeDeploy refuses there, saying where to deploy it from.
  const proposal = await proposeDeploy(
    {
      model,
      place: { teamId: press.teamId, channelId: press.channelId, userId: press.userId },
      wantProvisioned: false,
      // A redelivered press proposes the same thing once; a later press is a new proposal.
      proposalId: shortId(`deploy:${press.teamId}:${press.channelId}:${press.userId}:${press.actionTs}`, 16),
    },
    { ...dependencies, proposals: dependencies.deployProposals, settings: dependencies.serving },
  );
  await dependencies.notifier.post(
    model.channelId,
    deployProposalMessage(proposal, dependencies.serving),
    model.threadTs,
  );
}
