/**
 * How an evaluation is offered before it runs: its price in words (for proposals, the start form,
 * the completion line and `/tune eval`), and the Evaluate button, whose confirmation repeats the
 * price, since pressing it deploys the tuned model and pays both models' tokens.
 */
import type { Button, KnownBlock } from '@slack/types';
import type { EvaluationEstimate } from '../../core/evaluation/estimate.js';
import type { EvaluationOffer } from '../../core/evaluation/offer.js';
import { formatUsd } from '../../core/money.js';
import { clip, LIMITS, mrkdwn } from './safe-text.js';

export const EVALUATE_ACTION = 'evaluate_confirm';

const count = (value: number) => Math.round(value).toLocaleString('en-US');

/** "about $0.0053 (20,000 input and at most 33,200 output tokens for both models)", or price unknown. */
export function evaluationCostText(estimate: EvaluationEstimate): string {
  const tokens = `${count(estimate.inputTokens)} input and at most ${count(estimate.outputTokens)} output tokens for both models`;
  return estimate.usd === null ? `price unknown (${tokens})` : `about ${formatUsd(estimate.usd)} (${tokens})`;
}

/** One line for a proposal: whether the job will be evaluated when done, on what, for how much. */
export function evaluationOfferText(offer: EvaluationOffer | undefined): string {
  if (!offer) return 'no';
  const on = offer.heldOut
    ? `${count(offer.estimate?.records ?? offer.heldOut.records)} held-out records of ${mrkdwn(offer.heldOut.name, 80)}`
    : '';
  const cost = offer.estimate ? `, ${evaluationCostText(offer.estimate)}` : '';
  if (offer.whenDone) return `yes: tuned against base on ${on}${cost}`;
  if (offer.unavailable) return `no: ${mrkdwn(offer.unavailable, 300)}`;
  return `no (\`--evaluate yes\` turns it on): ${on}${cost}`;
}

/** The Evaluate button: `value` names what to evaluate; its confirmation states the price. */
export function evaluateButton(value: string, estimate: EvaluationEstimate | undefined): Button {
  const price = estimate ? evaluationCostText(estimate) : 'price unknown';
  return {
    type: 'button',
    action_id: EVALUATE_ACTION,
    text: { type: 'plain_text', text: 'Evaluate' },
    value,
    confirm: {
      title: { type: 'plain_text', text: 'Evaluate against base?' },
      text: {
        type: 'mrkdwn',
        text: clip(
          `tune deploys the tuned model on demand, asks it and its base model the held-out prompts, then removes the deployment. Both models' tokens are billed: ${price}.`,
          LIMITS.confirmText,
        ),
      },
      confirm: { type: 'plain_text', text: 'Evaluate' },
      deny: { type: 'plain_text', text: 'Not now' },
    },
  };
}

/** `/tune eval`'s answer in the channel: what would be compared, its price, and Evaluate. */
export function evaluationConfirmation(input: {
  userId: string;
  modelName: string;
  heldOutName: string;
  estimate: EvaluationEstimate;
  value: string;
}): { text: string; blocks: KnownBlock[] } {
  const text = `<@${input.userId}> wants to compare *${mrkdwn(input.modelName)}* with its base model on ${count(input.estimate.records)} held-out records of ${mrkdwn(input.heldOutName, 150)}: ${evaluationCostText(input.estimate)}. The tuned model is deployed on demand for it and removed after; the result goes in the job's thread. An authorized person can start it.`;
  return {
    text: text.replace(/\*/g, ''),
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: clip(text, LIMITS.sectionText) } },
      { type: 'actions', elements: [evaluateButton(input.value, input.estimate)] },
    ],
  };
}
