/**
 * The `/tune` subcommands that exist, with what `/tune help` shows for each. A subcommand is
 * listed here only once it works end to end; the README's command table mirrors this list and a
 * unit test keeps the two in step.
 */
import { closest } from './suggest.js';

export interface SubcommandHelp {
  name: string;
  /** What it does, in one line. */
  summary: string;
  /** Its syntax, as typed after `/tune`. */
  usage: string;
  /** A complete example a person can copy. */
  example: string;
}

export const SUBCOMMANDS: readonly SubcommandHelp[] = [
  {
    name: 'help',
    summary: 'Show every /tune command with an example.',
    usage: 'help',
    example: '/tune help',
  },
  {
    name: 'datasets',
    summary: "This channel's datasets with their verdict, records, tokens and estimated cost.",
    usage: 'datasets',
    example: '/tune datasets',
  },
  {
    name: 'upload',
    summary:
      'A private link to upload a dataset too large for Slack; it is checked when it arrives and the answer is posted in the channel.',
    usage: 'upload <file name> [--model <id>] [--type fine-tuning|continued-pretraining] [--split 0.1]',
    example: '/tune upload corpus.jsonl --type continued-pretraining',
  },
  {
    name: 'start',
    summary:
      'Propose a fine-tuning or continued pre-training job on a dataset, with its estimated cost; an authorized person confirms with Start.',
    usage:
      'start [dataset] [--model <id>] [--type fine-tuning|continued-pretraining] [--epochs N] [--batch-size N] [--learning-rate X] [--warmup-steps N] [--validation <dataset>] [--test <dataset>] [--evaluate yes|no] [--name <model name>]',
    example: '/tune start support-faq.jsonl --model nova-micro --epochs 2 --name support-bot',
  },
  {
    name: 'status',
    summary:
      "A job's card: status, elapsed time, hyperparameters, estimated cost (the channel's latest job by default).",
    usage: 'status [job]',
    example: '/tune status 3f9a2c1b7e',
  },
  {
    name: 'list',
    summary: "This channel's jobs, newest first, with status, duration and estimated cost.",
    usage: 'list',
    example: '/tune list',
  },
  {
    name: 'eval',
    summary:
      "Compare a completed job's tuned model with its base model on held-out records (METEOR, ROUGE-L), after a confirmation with the price; the result goes in the job's thread.",
    usage: 'eval <job> [dataset]',
    example: '/tune eval 3f9a2c1b7e support-test.jsonl',
  },
  {
    name: 'stop',
    summary: 'Stop a training job after a confirmation (irreversible; tokens already used are billed).',
    usage: 'stop <job>',
    example: '/tune stop 3f9a2c1b7e',
  },
  {
    name: 'models',
    summary:
      "This channel's custom models (and those shared into it): what serves each, what serving has cost so far, and endpoints tune did not make.",
    usage: 'models',
    example: '/tune models',
  },
  {
    name: 'deploy',
    summary:
      'Propose serving a custom model, on demand where Bedrock offers it (per token) or by Provisioned Throughput (hourly), with its price; an authorized person confirms with Deploy.',
    usage: 'deploy <model> [--provisioned]',
    example: '/tune deploy 3f9a2c1b7e',
  },
  {
    name: 'undeploy',
    summary: "Delete a model's endpoint now (authorized people) and see what it cost.",
    usage: 'undeploy <model>',
    example: '/tune undeploy 3f9a2c1b7e',
  },
  {
    name: 'ask',
    summary:
      "Ask a tuned model; the question and the streamed answer (with its tokens and cost) go in a thread, where mentioning @tune asks a follow-up. --compare shows its base model's answer beside it.",
    usage: 'ask <model> <question> [--compare]',
    example: '/tune ask support-bot How do I return a parcel? --compare',
  },
  {
    name: 'use',
    summary:
      "Choose the model a mention of @tune asks in this channel (outside a model's thread); alone, shows it.",
    usage: 'use [model] [--clear]',
    example: '/tune use support-bot',
  },
  {
    name: 'share',
    summary:
      'Let a model answer in another channel too (run in its own channel, by someone allowed to spend money; never for a private channel).',
    usage: 'share <model> #channel [--remove]',
    example: '/tune share support-bot #support',
  },
];

export function findSubcommand(name: string): SubcommandHelp | undefined {
  return SUBCOMMANDS.find((subcommand) => subcommand.name === name);
}

/** The closest known subcommand to a mistyped one (edit distance ≤ 2), for "did you mean". */
export function suggestSubcommand(name: string): SubcommandHelp | undefined {
  const found = closest(
    name,
    SUBCOMMANDS.map((subcommand) => subcommand.name),
  );
  return found === undefined ? undefined : findSubcommand(found);
}
