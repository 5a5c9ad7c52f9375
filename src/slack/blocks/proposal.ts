/** The confirmation of a proposed job: what will run, what it may cost, and Start / Cancel. */
import type { KnownBlock } from '@slack/types';
import { customizationTypeLabel } from '../../core/catalog/index.js';
import type { Proposal } from '../../core/jobs/proposal.js';
import { formatUsd, formatUsdRange } from '../../core/money.js';
import type { OutboundMessage } from '../../core/ports.js';
import { evaluationOfferText } from './evaluation-offer.js';
import { clip, code, LIMITS, mrkdwn } from './safe-text.js';

export const ACTION = {
  startConfirm: 'start_confirm',
  startCancel: 'start_cancel',
  stopConfirm: 'stop_confirm',
  /** The job card's Stop while it trains (value: the job id); one confirmation dialog, then stopped. */
  jobStop: 'job_stop',
  /** The model card's Deploy: proposes a deployment (value: the model id). */
  modelDeploy: 'model_deploy',
  /** The model card's Ask (value: the model id); asking a tuned model handles it. */
  modelAsk: 'model_ask',
  /** A deploy proposal's confirmation and cancel (value: the proposal id). */
  deployConfirm: 'deploy_confirm',
  deployCancel: 'deploy_cancel',
  /** Keep for 2 more hours, on a reminder before an idle endpoint is deleted (value: the endpoint id). */
  endpointKeep: 'endpoint_keep',
  /** Delete model, on a storage reminder (value: the model id). */
  modelDelete: 'model_delete',
} as const;

function estimateText(proposal: Proposal): string {
  const { estimate } = proposal;
  const range =
    estimate.low !== null && estimate.high !== null && estimate.low !== estimate.high
      ? ` (${formatUsdRange(estimate.low, estimate.high)})`
      : '';
  const source = estimate.priceSource ? `; price: ${estimate.priceSource}` : '';
  return `${formatUsd(estimate.usd)}${range} for ${estimate.billedTokens.toLocaleString('en-US')} training tokens (data tokens × ${proposal.hyperParameters.epochCount ?? '1'} epochs${source})`;
}

/** What pressing Start also agrees to: the evaluation when done, with its price. */
function evaluationConsent(proposal: Proposal): string {
  const offer = proposal.evaluation;
  if (!offer?.whenDone || !offer.estimate) return '';
  // The confirmation holds 300 characters: the full token counts are in the message above it.
  const { usd } = offer.estimate;
  return ` Evaluating when done adds ${usd === null ? 'tokens at an unknown price' : `about ${formatUsd(usd)}`}.`;
}

export function proposalMessage(
  proposal: Proposal,
  state: { confirmedBy?: string; cancelledBy?: string } = {},
): OutboundMessage {
  const type = customizationTypeLabel(proposal.customizationType);
  const blocks: KnownBlock[] = [
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: `<@${proposal.userId}> wants to start *${type}* of *${mrkdwn(proposal.modelName)}*${proposal.legacyModel ? ' (legacy model)' : ''} as \`${code(proposal.customModelName)}\`.`,
      },
    },
    {
      type: 'section',
      fields: [
        {
          type: 'mrkdwn',
          text: `*Training data*\n${mrkdwn(proposal.dataset.name)} · ${proposal.dataset.records.toLocaleString('en-US')} records · ${proposal.dataset.tokens.toLocaleString('en-US')} tokens${proposal.dataset.exactTokens ? '' : ' (estimated)'}`,
        },
        {
          type: 'mrkdwn',
          text: `*Validation data*\n${proposal.validation ? `${mrkdwn(proposal.validation.name)} · ${proposal.validation.records} records` : 'none'}`,
        },
        {
          type: 'mrkdwn',
          text: `*Hyperparameters*\n${mrkdwn(
            Object.entries(proposal.hyperParameters)
              .map(([name, value]) => `${name}=${value}`)
              .join(', '),
            LIMITS.message,
          )}`,
        },
        { type: 'mrkdwn', text: `*Estimated training cost*\n${estimateText(proposal)}` },
        {
          type: 'mrkdwn',
          text: clip(`*Evaluate when done*\n${evaluationOfferText(proposal.evaluation)}`, LIMITS.field),
        },
      ],
    },
    {
      type: 'context',
      elements: [
        { type: 'mrkdwn', text: mrkdwn(proposal.estimate.notes.slice(0, 3).join(' · '), LIMITS.contextText) },
      ],
    },
  ];
  if (state.confirmedBy) {
    blocks.push({
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: `:rocket: Confirmed by <@${state.confirmedBy}>: starting. The job card follows.`,
        },
      ],
    });
  } else if (state.cancelledBy) {
    blocks.push({
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: `:no_entry_sign: Cancelled by <@${state.cancelledBy}>. Nothing was started.`,
        },
      ],
    });
  } else {
    blocks.push({
      type: 'actions',
      block_id: `proposal:${proposal.proposalId}`,
      elements: [
        {
          type: 'button',
          action_id: ACTION.startConfirm,
          text: { type: 'plain_text', text: 'Start training' },
          style: 'primary',
          value: proposal.proposalId,
          confirm: {
            title: { type: 'plain_text', text: 'Start a paid job?' },
            text: {
              type: 'mrkdwn',
              text: clip(
                `Bedrock bills the training tokens: ${estimateText(proposal)}. Stopping later still bills the tokens used.${evaluationConsent(proposal)}`,
                LIMITS.confirmText,
              ),
            },
            confirm: { type: 'plain_text', text: 'Start' },
            deny: { type: 'plain_text', text: 'Not yet' },
          },
        },
        {
          type: 'button',
          action_id: ACTION.startCancel,
          text: { type: 'plain_text', text: 'Cancel' },
          value: proposal.proposalId,
        },
      ],
    });
  }
  const text = `${mrkdwn(proposal.modelName)} ${type} of ${mrkdwn(proposal.dataset.name)}: estimated ${formatUsd(proposal.estimate.usd)}`;
  return { text, blocks };
}
