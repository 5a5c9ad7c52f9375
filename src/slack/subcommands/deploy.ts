/**
 * `/tune deploy <model> [--provisioned]`: proposes serving the model, on demand where Bedrock
 * offers it and otherwise by Provisioned Throughput (`--provisioned` asks for that), with its price
 * and a Deploy button for authorized people. Nothing is spent here.
 */
import { InputError } from '../../core/errors.js';
import { shortId } from '../../core/jobs/naming.js';
import { findVisibleModel } from '../../core/serving/models.js';
import { proposeDeploy } from '../../core/serving/propose.js';
import { deployProposalMessage } from '../blocks/serving.js';
import type { SlashSubcommand } from './types.js';

export const deploy: SlashSubcommand = {
  name: 'deploy',
  async run(invocation, dependencies) {
    const { parsed } = invocation;
    const unknown = Object.keys(parsed.options).filter((name) => name !== 'provisioned');
    if (unknown.length > 0) {
      throw new InputError(
        `Unknown option ${unknown.map((name) => `--${name}`).join(', ')}. /tune deploy takes --provisioned.`,
        {
          field: 'options',
        },
      );
    }
    if (parsed.options.provisioned !== undefined && parsed.options.provisioned !== true) {
      throw new InputError('--provisioned takes no value: `/tune deploy <model> --provisioned`.', {
        field: 'options',
      });
    }
    if (parsed.positionals.length > 1) {
      throw new InputError(
        `/tune deploy takes one model; "${parsed.positionals.slice(1).join(' ')}" is extra.`,
        {
          field: 'model',
        },
      );
    }
    const model = await findVisibleModel(dependencies.customModels, invocation, parsed.positionals[0]);
    const proposal = await proposeDeploy(
      {
        model,
        place: { teamId: invocation.teamId, channelId: invocation.channelId, userId: invocation.userId },
        wantProvisioned: parsed.options.provisioned === true,
        // A redelivered command proposes the same thing once.
        proposalId: shortId(
          `deploy:${invocation.teamId}:${invocation.channelId}:${invocation.triggerId}`,
          16,
        ),
      },
      { ...dependencies, proposals: dependencies.deployProposals, settings: dependencies.serving },
    );
    return { ...deployProposalMessage(proposal, dependencies.serving), responseType: 'in_channel' };
  },
};
