/**
 * Messages about endpoints: the deploy confirmation, each change in the model's thread, the
 * reminder before the cost guard deletes one, the morning message, the storage reminder and
 * `/tune models`.
 */
import type { KnownBlock } from '@slack/types';
import type { CustomModelRecord, OutboundMessage, UnrecordedEndpoint } from '../../core/ports.js';
import type { ServingSettings } from '../../core/serving/deploy.js';
import type { DeployProposal } from '../../core/serving/deploy-proposal.js';
import {
  type DeleteReason,
  type Endpoint,
  type EndpointTransition,
  hourlyCostSoFar,
  hoursRun,
  hoursToday,
  isHourly,
} from '../../core/serving/endpoint.js';
import type { Deadline } from '../../core/serving/guard.js';
import type { ChannelReport } from '../../core/serving/watch.js';
import { formatDuration, formatUsd } from './job-card.js';
import { ACTION } from './proposal.js';
import { clip, code, LIMITS, mrkdwn } from './safe-text.js';

type GuardSettings = Pick<ServingSettings, 'idleTtlMinutes' | 'maxEndpointHoursPerDay'>;

export function pathLabel(path: Endpoint['path']): string {
  return path === 'provisioned' ? 'Provisioned Throughput' : 'on-demand deployment';
}

/** `a Provisioned Throughput`, `an on-demand deployment`. */
function withArticle(path: Endpoint['path']): string {
  return path === 'provisioned' ? 'a Provisioned Throughput' : 'an on-demand deployment';
}

/** `14:05 UTC`, or with the day when it is not today. */
export function utcTime(at: Date, now: Date): string {
  const time = `${at.toISOString().slice(11, 16)} UTC`;
  return at.toISOString().slice(0, 10) === now.toISOString().slice(0, 10)
    ? time
    : `${at.toISOString().slice(0, 10)} ${time}`;
}

/** What an endpoint has cost in hourly fees, in words: on-demand tokens are billed per request, apart. */
export function costText(endpoint: Endpoint, now: Date): string {
  if (!isHourly(endpoint)) return 'no hourly fee (its tokens are billed per request)';
  const hours = formatDuration(hoursRun(endpoint, now) * 3_600_000);
  const cost = hourlyCostSoFar(endpoint, now);
  return cost === undefined
    ? `${hours} of Provisioned Throughput at an hourly price tune could not confirm, so an unknown amount`
    : `${hours} of Provisioned Throughput × ${formatUsd(endpoint.hourlyUsd)}/h ≈ ${formatUsd(cost)}`;
}

function priceLine(proposal: DeployProposal, settings: GuardSettings): string {
  if (proposal.path === 'on-demand') {
    return 'On-demand deployment: billed per token (at the base model’s on-demand rate, as far as known: not confirmed, and tune has no per-token price), no hourly fee.';
  }
  const hourly =
    proposal.hourlyUsd === null || proposal.hourlyUsd === undefined
      ? 'an hourly price tune could not confirm (unknown)'
      : `${formatUsd(proposal.hourlyUsd)} per hour${proposal.priceSource ? ` (${proposal.priceSource})` : ''}, up to ${formatUsd(proposal.hourlyUsd * settings.maxEndpointHoursPerDay)} a day`;
  return `Provisioned Throughput, no commitment, 1 model unit: ${hourly}, billed every hour until deleted. tune deletes it ${settings.idleTtlMinutes} min after its last question and after ${settings.maxEndpointHoursPerDay} h a day, with a reminder 15 min before.`;
}

export function deployProposalMessage(
  proposal: DeployProposal,
  settings: GuardSettings,
  state: { confirmedBy?: string; cancelledBy?: string } = {},
): OutboundMessage {
  const blocks: KnownBlock[] = [
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: `<@${proposal.userId}> wants to deploy *${mrkdwn(proposal.modelName)}* (\`${code(proposal.modelId)}\`) as ${withArticle(proposal.path)}: ${mrkdwn(proposal.pathReason)}.`,
      },
    },
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: clip(`*Cost*\n${mrkdwn(priceLine(proposal, settings), LIMITS.message)}`, LIMITS.sectionText),
      },
    },
  ];
  if (state.confirmedBy) {
    blocks.push({
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: `:rocket: Confirmed by <@${state.confirmedBy}>: deploying. Updates follow in the model's thread.`,
        },
      ],
    });
  } else if (state.cancelledBy) {
    blocks.push({
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: `:no_entry_sign: Cancelled by <@${state.cancelledBy}>. Nothing was deployed.`,
        },
      ],
    });
  } else {
    blocks.push({
      type: 'actions',
      block_id: `deploy-proposal:${proposal.proposalId}`,
      elements: [
        {
          type: 'button',
          action_id: ACTION.deployConfirm,
          text: { type: 'plain_text', text: 'Deploy' },
          style: 'primary',
          value: proposal.proposalId,
          confirm: {
            title: { type: 'plain_text', text: 'Deploy, and pay for it?' },
            text: { type: 'mrkdwn', text: clip(mrkdwn(priceLine(proposal, settings)), LIMITS.confirmText) },
            confirm: { type: 'plain_text', text: 'Deploy' },
            deny: { type: 'plain_text', text: 'Not yet' },
          },
        },
        {
          type: 'button',
          action_id: ACTION.deployCancel,
          text: { type: 'plain_text', text: 'Cancel' },
          value: proposal.proposalId,
        },
      ],
    });
  }
  return { text: `Deploy ${proposal.modelName} as ${withArticle(proposal.path)}?`, blocks };
}

const REASON_TEXT: Record<DeleteReason, string> = {
  requested: 'as asked',
  idle: 'after no question for the idle time',
  'daily-cap': 'at its daily cap of hours',
  'evaluation-released': 'its evaluation is done',
  'evaluation-backstop': 'its evaluation did not release it in time',
  'outside-tune': 'outside tune (Bedrock no longer has it)',
};

function reasonText(endpoint: Endpoint): string {
  const deletion = endpoint.deletion;
  if (!deletion) return '';
  return deletion.reason === 'requested' && deletion.by
    ? `as <@${deletion.by}> asked`
    : REASON_TEXT[deletion.reason];
}

/**
 * The thread line for one change of an endpoint, or undefined when nothing is worth a line: an
 * evaluation's endpoint speaks only when it failed or was left running; a deletion decided and
 * done in the same run is told once, by its Deleted line.
 */
export function endpointUpdateMessage(
  endpoint: Endpoint,
  transition: EndpointTransition,
  now: Date,
): OutboundMessage | undefined {
  const name = mrkdwn(endpoint.modelName);
  const what = pathLabel(endpoint.path);
  const evaluation = endpoint.purpose === 'evaluation';
  let line: string | undefined;
  switch (transition.to) {
    case 'Requested':
      return undefined;
    case 'Creating':
      if (evaluation) return undefined;
      line = `:hourglass_flowing_sand: Bedrock is creating the ${what} of *${name}*${isHourly(endpoint) ? ': billed by the hour from now until it is deleted' : ''}. This thread hears when it answers.`;
      break;
    case 'Serving':
      if (evaluation) return undefined;
      line = `:white_check_mark: *${name}* is deployed (${what}) and answers questions: press *Ask* on its card.${
        isHourly(endpoint) ? ' tune deletes it when idle; `/tune undeploy` does it now.' : ''
      }`;
      break;
    case 'Deleting':
      if (endpoint.status === 'Deleted') return undefined;
      if (evaluation && endpoint.deletion?.reason === 'evaluation-released') return undefined;
      line = `:wastebasket: Deleting the ${what} of *${name}* ${reasonText(endpoint)}.${
        endpoint.deletion?.lastError
          ? ` Bedrock refused for now (${mrkdwn(endpoint.deletion.lastError, 500)}); tune tries again every 5 minutes until it is gone.`
          : ''
      }`;
      break;
    case 'Deleted':
      if (evaluation && endpoint.deletion?.reason === 'evaluation-released' && !isHourly(endpoint))
        return undefined;
      line = `:wastebasket: The ${what} of *${name}*${evaluation ? ' (for an evaluation)' : ''} was deleted ${reasonText(endpoint)}. Cost: ${costText(endpoint, now)}.`;
      break;
    case 'Failed':
      line = `:x: The ${what} of *${name}*${evaluation ? ' (for an evaluation)' : ''} failed: ${mrkdwn(endpoint.failureMessage ?? 'Bedrock gave no reason.', LIMITS.message)}`;
      break;
  }
  const blocks: KnownBlock[] = [
    { type: 'section', text: { type: 'mrkdwn', text: clip(line, LIMITS.sectionText) } },
    {
      type: 'context',
      elements: [
        { type: 'mrkdwn', text: `${transition.from} → ${transition.to} · \`${code(endpoint.endpointId)}\`` },
      ],
    },
  ];
  return { text: line.replace(/\*/g, ''), blocks };
}

export function reminderMessage(
  endpoint: Endpoint,
  deadline: Deadline,
  keepable: boolean,
  now: Date,
): OutboundMessage {
  const name = mrkdwn(endpoint.modelName);
  const when = utcTime(deadline.at, now);
  const why =
    deadline.reason === 'daily-cap'
      ? `it reaches its daily cap of hours (${formatDuration(hoursToday(endpoint, deadline.at) * 3_600_000)} today)`
      : 'nobody has asked it anything for the idle time';
  const line = `:alarm_clock: tune deletes the ${pathLabel(endpoint.path)} of *${name}* at ${when}: ${why}. So far: ${costText(endpoint, now)}.`;
  const blocks: KnownBlock[] = [
    { type: 'section', text: { type: 'mrkdwn', text: clip(line, LIMITS.sectionText) } },
  ];
  if (keepable) {
    blocks.push({
      type: 'actions',
      block_id: `keep:${endpoint.endpointId}`,
      elements: [
        {
          type: 'button',
          action_id: ACTION.endpointKeep,
          text: { type: 'plain_text', text: 'Keep for 2 more hours' },
          value: endpoint.endpointId,
        },
      ],
    });
  } else {
    blocks.push({
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: 'The daily cap cannot be extended (TUNE_MAX_ENDPOINT_HOURS_PER_DAY); deploy it again tomorrow.',
        },
      ],
    });
  }
  return { text: line.replace(/\*/g, ''), blocks };
}

export function keptMessage(endpoint: Endpoint, keptBy: string, now: Date): OutboundMessage {
  const until = endpoint.keepUntil ? utcTime(new Date(endpoint.keepUntil), now) : 'later';
  const text = `:ok_hand: <@${keptBy}> kept the ${pathLabel(endpoint.path)} of *${mrkdwn(endpoint.modelName)}* until at least ${until}. So far: ${costText(endpoint, now)}.`;
  return { text: text.replace(/\*/g, ''), blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] };
}

function endpointLine(endpoint: Endpoint, deadline: Deadline | undefined, now: Date): string {
  const today = isHourly(endpoint) ? `, ${formatDuration(hoursToday(endpoint, now) * 3_600_000)} today` : '';
  const next = deadline
    ? ` · deleted at ${utcTime(deadline.at, now)} (${deadline.reason.replace('-', ' ')})`
    : '';
  const pending = endpoint.deletion?.lastError
    ? ` · deletion failing (${mrkdwn(endpoint.deletion.lastError, 200)}), retried every 5 min`
    : '';
  const purpose = endpoint.purpose === 'evaluation' ? ' for an evaluation' : '';
  return `• *${mrkdwn(endpoint.modelName)}*: ${pathLabel(endpoint.path)}${purpose}, ${endpoint.status.toLowerCase()} · ${costText(endpoint, now)}${today}${next}${pending}`;
}

function unrecordedLine(foreign: UnrecordedEndpoint, model: string | undefined): string {
  return `• \`${code(foreign.name)}\`: ${pathLabel(foreign.path)}${model ? ` of *${mrkdwn(model)}*` : ''}, ${mrkdwn(foreign.status)}, since ${foreign.createdAt.slice(0, 16).replace('T', ' ')} UTC`;
}

const UNRECORDED_NOTE =
  'Not made by tune (created by hand?): tune lists these and never deletes them. Delete them in the Bedrock console when nobody needs them.';

export function morningMessage(report: ChannelReport, now: Date): OutboundMessage {
  const lines = report.endpoints.map(({ endpoint, deadline }) => endpointLine(endpoint, deadline, now));
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: 'Endpoints running in this channel' } },
  ];
  if (lines.length > 0) {
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: clip(lines.join('\n'), LIMITS.sectionText) },
    });
  }
  if (report.unrecorded.length > 0) {
    blocks.push({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: clip(
          `*Not made by tune*\n${report.unrecorded.map((foreign) => unrecordedLine(foreign, foreign.modelName)).join('\n')}`,
          LIMITS.sectionText,
        ),
      },
    });
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: UNRECORDED_NOTE }] });
  }
  blocks.push({
    type: 'context',
    elements: [
      {
        type: 'mrkdwn',
        text: '`/tune models` shows every model of this channel; `/tune undeploy <model>` deletes an endpoint now.',
      },
    ],
  });
  const count = report.endpoints.length + report.unrecorded.length;
  return { text: `${count} endpoint(s) running for this channel's models`, blocks };
}

export function storageReminderMessage(
  model: CustomModelRecord,
  unusedDays: number,
  storage: string,
): OutboundMessage {
  const line = `:floppy_disk: *${mrkdwn(model.name)}* has not answered a question in ${unusedDays} days. Storing it costs ${storage}, every month until it is deleted.`;
  return {
    text: line.replace(/\*/g, ''),
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: clip(line, LIMITS.sectionText) } },
      {
        type: 'actions',
        block_id: `storage:${model.modelId}`,
        elements: [
          {
            type: 'button',
            action_id: ACTION.modelDelete,
            style: 'danger',
            text: { type: 'plain_text', text: 'Delete model' },
            value: model.modelId,
            confirm: {
              title: { type: 'plain_text', text: 'Delete the model for good?' },
              text: {
                type: 'mrkdwn',
                text: clip(
                  `${mrkdwn(model.name)} is deleted from Bedrock: it cannot be asked or deployed again, only trained again.`,
                  LIMITS.confirmText,
                ),
              },
              confirm: { type: 'plain_text', text: 'Delete it' },
              deny: { type: 'plain_text', text: 'Keep it' },
              style: 'danger',
            },
          },
        ],
      },
    ],
  };
}

export interface ModelListEntry {
  model: CustomModelRecord;
  /** The model's endpoints, newest first (live and past). */
  endpoints: Endpoint[];
}

/** Room for a header, the unrecorded section and a footer within Slack's 50 blocks. */
const MAX_MODELS = 40;

export function modelListMessage(
  teamId: string,
  channelId: string,
  entries: readonly ModelListEntry[],
  unrecorded: readonly UnrecordedEndpoint[],
  now: Date,
): OutboundMessage {
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: 'Custom models in this channel' } },
  ];
  if (entries.length === 0) {
    blocks.push({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: 'No custom models in this channel yet: a job that completes adds its model here.',
      },
    });
  }
  for (const { model, endpoints } of entries.slice(0, MAX_MODELS)) {
    const live = endpoints.filter((endpoint) =>
      ['Requested', 'Creating', 'Serving', 'Deleting'].includes(endpoint.status),
    );
    const state = model.deletedAt
      ? `:wastebasket: deleted ${model.deletedAt.slice(0, 10)}`
      : live.length > 0
        ? live
            .map(
              (endpoint) =>
                `${pathLabel(endpoint.path)} ${endpoint.status.toLowerCase()}${endpoint.purpose === 'evaluation' ? ' (evaluation)' : ''}`,
            )
            .join(', ')
        : 'not deployed';
    const costs = endpoints.map((endpoint) => hourlyCostSoFar(endpoint, now));
    const hourly = endpoints.filter(isHourly);
    const total =
      hourly.length === 0
        ? 'no hourly fees'
        : costs.some((cost) => cost === undefined)
          ? `${formatDuration(hourly.reduce((sum, endpoint) => sum + hoursRun(endpoint, now), 0) * 3_600_000)} of Provisioned Throughput, cost unknown`
          : `${formatUsd(costs.reduce<number>((sum, cost) => sum + (cost ?? 0), 0))} in hourly fees`;
    const shared =
      model.channelId === channelId && model.teamId === teamId ? '' : ` · shared from <#${model.channelId}>`;
    blocks.push({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: clip(
          `*${mrkdwn(model.name)}* · \`${code(model.modelId)}\` · ${state}\nTuned from \`${code(model.baseModelId)}\` on ${model.createdAt.slice(0, 10)} · serving so far: ${total}${model.lastUsedAt ? ` · last asked ${model.lastUsedAt.slice(0, 16).replace('T', ' ')} UTC` : ''}${shared}`,
          LIMITS.sectionText,
        ),
      },
    });
  }
  if (unrecorded.length > 0) {
    const names = new Map(entries.map(({ model }) => [model.modelId, model.name]));
    const mine = unrecorded.filter((foreign) => foreign.modelId !== undefined && names.has(foreign.modelId));
    const others = unrecorded.length - mine.length;
    const lines = mine.map((foreign) => unrecordedLine(foreign, names.get(foreign.modelId ?? '')));
    if (others > 0)
      lines.push(
        `• ${others} more in this AWS account, serving models of other channels or made outside tune.`,
      );
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: clip(`*Not made by tune*\n${lines.join('\n')}`, LIMITS.sectionText) },
    });
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: UNRECORDED_NOTE }] });
  }
  blocks.push({
    type: 'context',
    elements: [
      {
        type: 'mrkdwn',
        text: '`/tune deploy <model>` proposes a deployment; `/tune undeploy <model>` deletes one.',
      },
    ],
  });
  return { text: `${entries.length} custom model(s) in this channel`, blocks };
}
