/**
 * `/tune start <dataset> --model <id> --type … [--epochs N …]`: resolves everything, shows the
 * estimate and posts a confirmation in the channel with a Start button that only authorized
 * people can use. Nothing is spent here. With no arguments it opens the start modal instead.
 */

import type { ParsedCommand } from '../../core/commands/parse.js';
import { InputError } from '../../core/errors.js';
import { shortId } from '../../core/jobs/naming.js';
import {
  HYPERPARAMETER_OPTIONS,
  type JobRequest,
  parseCustomizationType,
  planJob,
} from '../../core/jobs/plan.js';
import { proposalMessage } from '../blocks/proposal.js';
import { startModal } from '../blocks/start-modal.js';
import type { SlashSubcommand } from './types.js';

const KNOWN_OPTIONS = new Set([
  'model',
  'type',
  'validation',
  'name',
  ...Object.keys(HYPERPARAMETER_OPTIONS),
]);

/**
 * The request a `/tune start …` line makes. Problems with the options are collected rather than
 * thrown one by one, so that `planJob` reports them together with the rest in one answer.
 */
export function jobRequestFrom(parsed: ParsedCommand): JobRequest {
  const hyperParameters: Record<string, string> = {};
  const problems: string[] = [];
  const unknown: string[] = [];
  const text = (name: string): string | undefined => {
    const value = parsed.options[name];
    if (value !== true) return value;
    problems.push(`--${name} needs a value.`);
    return undefined;
  };
  for (const name of Object.keys(parsed.options)) {
    const apiName = HYPERPARAMETER_OPTIONS[name];
    if (apiName) {
      const value = text(name);
      if (value !== undefined) hyperParameters[apiName] = value;
    } else if (!KNOWN_OPTIONS.has(name)) {
      unknown.push(`--${name}`);
    }
  }
  if (unknown.length > 0) {
    problems.push(
      `Unknown option ${unknown.join(', ')}. /tune start takes --model, --type, --validation, --name and ${Object.keys(
        HYPERPARAMETER_OPTIONS,
      )
        .map((name) => `--${name}`)
        .join(', ')}.`,
    );
  }
  const request: JobRequest = { hyperParameters, problems };
  const [dataset, ...extra] = parsed.positionals;
  if (extra.length > 0)
    problems.push(`/tune start takes one dataset; "${extra.join(' ')}" is extra. Quote names with spaces.`);
  if (dataset !== undefined) request.dataset = dataset;
  const model = text('model');
  if (model !== undefined) request.model = model;
  const type = text('type');
  if (type !== undefined) {
    try {
      request.type = parseCustomizationType(type);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      problems.push(error.message);
    }
  }
  const validation = text('validation');
  if (validation?.toLowerCase() === 'none') request.noValidation = true;
  else if (validation !== undefined) request.validationDataset = validation;
  const name = text('name');
  if (name !== undefined) request.name = name;
  return request;
}

export const start: SlashSubcommand = {
  name: 'start',
  async run(invocation, dependencies) {
    const { parsed } = invocation;
    if (parsed.positionals.length === 0 && Object.keys(parsed.options).length === 0 && invocation.openView) {
      const datasets = await dependencies.datasets.listByChannel(
        invocation.teamId,
        invocation.channelId,
        100,
      );
      const latest = datasets.find((entry) => entry.valid) ?? datasets[0];
      await invocation.openView(
        startModal({ type: latest?.customizationType ?? 'FINE_TUNING' }, datasets, {
          teamId: invocation.teamId,
          channelId: invocation.channelId,
        }),
      );
      return { text: '' };
    }
    const request = jobRequestFrom(parsed);
    const datasets = await dependencies.datasets.listByChannel(invocation.teamId, invocation.channelId, 100);
    const proposal = planJob({
      request,
      datasets,
      place: { teamId: invocation.teamId, channelId: invocation.channelId, userId: invocation.userId },
      proposalId: shortId(`${invocation.teamId}:${invocation.channelId}:${invocation.triggerId}`, 16),
      now: dependencies.clock.now(),
    });
    await dependencies.proposals.create(proposal);
    return { ...proposalMessage(proposal), responseType: 'in_channel' };
  },
};
