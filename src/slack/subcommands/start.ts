/**
 * `/tune start <dataset> --model <id> --type … [--epochs N …]`: resolves everything, shows the
 * estimate and posts a confirmation in the channel with a Start button that only authorized
 * people can use. Nothing is spent here. With no arguments the listener opens the form instead.
 */

import type { ParsedCommand } from '../../core/commands/parse.js';
import { ConflictError, InputError } from '../../core/errors.js';
import { shortId } from '../../core/jobs/naming.js';
import {
  HYPERPARAMETER_OPTIONS,
  type JobRequest,
  parseCustomizationType,
  planJob,
} from '../../core/jobs/plan.js';
import type { Proposal } from '../../core/jobs/proposal.js';
import type { ProposalStore } from '../../core/ports.js';
import { proposalMessage } from '../blocks/proposal.js';
import type { SlashSubcommand } from './types.js';

const KNOWN_OPTIONS = new Set([
  'model',
  'type',
  'validation',
  'test',
  'evaluate',
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
      `Unknown option ${unknown.join(', ')}. /tune start takes --model, --type, --validation, --test, --evaluate, --name and ${Object.keys(
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
  const test = text('test');
  if (test !== undefined) request.testDataset = test;
  const evaluate = parsed.options.evaluate;
  if (evaluate !== undefined) {
    // A bare `--evaluate` says yes.
    const answer = evaluate === true ? true : YES_NO[evaluate.toLowerCase()];
    if (answer === undefined) problems.push(`--evaluate ${evaluate}: say yes or no.`);
    else request.evaluate = answer;
  }
  return request;
}

const YES_NO: Readonly<Record<string, boolean>> = {
  yes: true,
  on: true,
  true: true,
  no: false,
  off: false,
  false: false,
};

export const start: SlashSubcommand = {
  name: 'start',
  async run(invocation, dependencies) {
    const request = jobRequestFrom(invocation.parsed);
    const datasets = await dependencies.datasets.listByChannel(invocation.teamId, invocation.channelId, 100);
    const proposal = planJob({
      request,
      datasets,
      offered: await dependencies.offers(),
      place: { teamId: invocation.teamId, channelId: invocation.channelId, userId: invocation.userId },
      proposalId: shortId(`${invocation.teamId}:${invocation.channelId}:${invocation.triggerId}`, 16),
      now: dependencies.clock.now(),
      region: dependencies.serving.region,
    });
    await createOnce(dependencies.proposals, proposal);
    return { ...proposalMessage(proposal), responseType: 'in_channel' };
  },
};

/** A redelivered command plans the same proposal (its id comes from the trigger): keep the first. */
export async function createOnce(proposals: ProposalStore, proposal: Proposal): Promise<void> {
  try {
    await proposals.create(proposal);
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error;
  }
}
