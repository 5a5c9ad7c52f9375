/**
 * The model card, posted in the job's thread when the job completes: what was made, what its
 * training reported, what serving it would cost on each path its base model allows, and Deploy /
 * Ask. The same cost lines make the deploy offer that Ask shows when nothing serves the model.
 */
import type { ActionsBlock, Button, KnownBlock } from '@slack/types';
import type { PriceFact } from '../../core/catalog/types.js';
import type { CustomModelRecord, OutboundMessage } from '../../core/ports.js';
import type { ServingSettings } from '../../core/serving/deploy.js';
import { shortArn } from '../../core/serving/models.js';
import { isServable, notServableText, type PathOffer, type ServingOffer } from '../../core/serving/paths.js';
import { formatUsd } from './job-card.js';
import { ACTION } from './proposal.js';
import { clip, code, LIMITS, mrkdwn } from './safe-text.js';

/** A catalog price as people read it: the figure with its unit and source, or unknown, never guessed. */
export function priceText(price: PriceFact, unit: string): string {
  if (price === 'unknown') return 'price unknown (tune has no confirmed figure)';
  const source = `${price.secondary ? 'secondary source' : 'source'}: ${price.source}, ${price.asOf}${price.note ? `; ${price.note}` : ''}`;
  return `${formatUsd(price.usd)} ${unit} (${mrkdwn(source, 300)})`;
}

function sourceText(offer: PathOffer): string {
  return `${offer.confirmed ? '' : 'unconfirmed; '}${offer.source}${offer.sourceUrl ? ` ${offer.sourceUrl}` : ''}`;
}

/** One line per serving path: what it costs here, or why it is not possible. */
export function servingCostLines(
  offer: ServingOffer,
  settings: Pick<ServingSettings, 'idleTtlMinutes' | 'maxEndpointHoursPerDay'>,
): string[] {
  if (!isServable(offer)) return [`:no_entry: ${mrkdwn(notServableText(offer), LIMITS.message)}`];
  const lines: string[] = [];
  const { onDemand, provisioned } = offer;
  lines.push(
    onDemand.available
      ? `• *On-demand deployment*: billed per token, no hourly fee. The per-token price is the base model's on-demand rate as far as known (not confirmed); tune has no figure for it. _(${mrkdwn(sourceText(onDemand), 400)})_`
      : `• *On-demand deployment*: not possible: ${mrkdwn(onDemand.note ?? 'not offered', 400)}.`,
  );
  if (provisioned.available) {
    const hourly = provisioned.hourlyPerModelUnit;
    const perDay =
      hourly === 'unknown'
        ? ''
        : `, ${formatUsd(hourly.usd * settings.maxEndpointHoursPerDay)} for a day at the cap`;
    lines.push(
      `• *Provisioned Throughput* (no commitment, 1 model unit): ${priceText(hourly, 'per model unit per hour')}${perDay}; billed every hour until deleted. tune deletes it ${settings.idleTtlMinutes} min after its last question and after ${settings.maxEndpointHoursPerDay} h a day. _(${mrkdwn(sourceText(provisioned), 400)})_`,
    );
  } else {
    lines.push(
      `• *Provisioned Throughput*: not possible: ${mrkdwn(provisioned.note ?? 'not offered', 400)}.`,
    );
  }
  return lines;
}

function lossText(value: number | undefined): string {
  return value === undefined ? 'not reported by Bedrock' : value.toFixed(4);
}

function buttons(model: CustomModelRecord, offer: ServingOffer): ActionsBlock {
  const elements: Button[] = [];
  if (isServable(offer)) {
    elements.push({
      type: 'button',
      action_id: ACTION.modelDeploy,
      text: { type: 'plain_text', text: 'Deploy' },
      style: 'primary',
      value: model.modelId,
    });
  }
  elements.push({
    type: 'button',
    action_id: ACTION.modelAsk,
    text: { type: 'plain_text', text: 'Ask' },
    value: model.modelId,
  });
  return { type: 'actions', block_id: `model:${model.modelId}`, elements };
}

export function modelCardBlocks(
  model: CustomModelRecord,
  offer: ServingOffer,
  settings: Pick<ServingSettings, 'idleTtlMinutes' | 'maxEndpointHoursPerDay'>,
): KnownBlock[] {
  return [
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: `:package: *${mrkdwn(model.name)}* is ready: tuned from ${mrkdwn(offer.baseModelName)} (\`${code(model.baseModelId)}\`).`,
      },
    },
    {
      type: 'section',
      fields: [
        { type: 'mrkdwn', text: `*Model*\n\`${code(shortArn(model.modelArn), 300)}\`` },
        { type: 'mrkdwn', text: `*Id* (for \`/tune deploy\`)\n\`${code(model.modelId)}\`` },
        { type: 'mrkdwn', text: `*Training loss*\n${lossText(model.trainingLoss)}` },
        { type: 'mrkdwn', text: `*Validation loss*\n${lossText(model.validationLoss)}` },
        {
          type: 'mrkdwn',
          text: `*Storing it*\n${clip(priceText(offer.storagePerMonth, 'per month'), LIMITS.field - 20)}, until it is deleted`,
        },
      ],
    },
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: clip(
          `*Serving it in ${offer.region}*\n${servingCostLines(offer, settings).join('\n')}`,
          LIMITS.sectionText,
        ),
      },
    },
    buttons(model, offer),
  ];
}

/** The model card as its own message. */
export function modelCard(
  model: CustomModelRecord,
  offer: ServingOffer,
  settings: Pick<ServingSettings, 'idleTtlMinutes' | 'maxEndpointHoursPerDay'>,
): OutboundMessage {
  return { text: `${model.name} is ready: Deploy or Ask`, blocks: modelCardBlocks(model, offer, settings) };
}

/**
 * What Ask shows when nothing serves the model: why, what serving costs on each path, and Deploy
 * (which proposes a deployment; nothing is spent until an authorized person confirms).
 */
export function deployOfferMessage(
  model: CustomModelRecord,
  offer: ServingOffer,
  settings: Pick<ServingSettings, 'idleTtlMinutes' | 'maxEndpointHoursPerDay'>,
): OutboundMessage {
  const servable = isServable(offer);
  const headline = servable
    ? `Nothing serves *${mrkdwn(model.name)}* right now. Deploy it to ask it questions:`
    : `*${mrkdwn(model.name)}* cannot be asked anything here:`;
  const blocks: KnownBlock[] = [
    { type: 'section', text: { type: 'mrkdwn', text: headline } },
    {
      type: 'section',
      text: { type: 'mrkdwn', text: clip(servingCostLines(offer, settings).join('\n'), LIMITS.sectionText) },
    },
  ];
  if (servable) {
    blocks.push({
      type: 'actions',
      block_id: `deploy-offer:${model.modelId}`,
      elements: [
        {
          type: 'button',
          action_id: ACTION.modelDeploy,
          text: { type: 'plain_text', text: 'Deploy' },
          style: 'primary',
          value: model.modelId,
        },
      ],
    });
  }
  return {
    text: servable
      ? `Nothing serves ${model.name} right now: deploy it first.`
      : `${model.name} cannot be served here.`,
    blocks,
  };
}
