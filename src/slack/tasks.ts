/**
 * The work the slack function hands to the worker through the queue. Slack allows 3 seconds for
 * an answer, and Bolt on Lambda answers only when the listener returns, so listeners only parse
 * what Slack sent and queue it: every lookup, authorization check, Bedrock call and reply happens
 * here, in the worker. Bodies are JSON and parsed with zod on arrival (a queue is a boundary);
 * each kind is run by `./tasks/<kind>.ts`.
 */
import * as z from 'zod';
import { heldOutSchema } from '../core/evaluation/offer.js';

/** Where a request came from and who made it. */
const origin = {
  teamId: z.string(),
  channelId: z.string(),
  userId: z.string(),
};

/** `/tune <subcommand> …` other than help (answered at once) and the form (opened at once). */
export const commandTaskSchema = z.object({
  kind: z.literal('command'),
  ...origin,
  text: z.string(),
  responseUrl: z.string(),
  triggerId: z.string(),
});

/** The start form was opened with a placeholder; the worker fills it with the channel's datasets. */
export const startFormTaskSchema = z.object({
  kind: z.literal('start-form'),
  ...origin,
  viewId: z.string(),
  /** Opened from a dataset's Start button: the form starts on it and the model it was checked for. */
  datasetId: z.string().optional(),
});

/** A choice in the start form changed: the worker rebuilds the form for it. */
export const formChangeTaskSchema = z.object({
  kind: z.literal('form-change'),
  /** From the form's signed metadata, checked by the listener. */
  ...origin,
  viewId: z.string(),
  hash: z.string().optional(),
  values: z.record(z.string(), z.record(z.string(), z.unknown())),
  actionId: z.string(),
  chosen: z.string().optional(),
});

/** The start form was submitted (its fields passed the checks that need no lookup). */
export const formSubmitTaskSchema = z.object({
  kind: z.literal('form-submit'),
  /** From the form's signed metadata, checked by the listener. */
  ...origin,
  viewId: z.string(),
  values: z.record(z.string(), z.record(z.string(), z.unknown())),
});

/** A button in a message: what it does is decided by `action`, for the person who pressed it. */
export const pressTaskSchema = z.object({
  kind: z.literal('press'),
  action: z.string(),
  ...origin,
  value: z.string(),
  /** Distinct for each press, the same for Slack's redeliveries of one. */
  actionTs: z.string(),
  responseUrl: z.string().optional(),
  /** The message the button is in. */
  messageTs: z.string().optional(),
});

export const mentionTaskSchema = z.object({
  kind: z.literal('mention'),
  ...origin,
  text: z.string(),
  ts: z.string(),
  threadTs: z.string().optional(),
});

export const homeTaskSchema = z.object({
  kind: z.literal('home'),
  teamId: z.string(),
  userId: z.string(),
});

/** Check (convert, store) a file shared in a channel, or one that arrived through an upload link. */
export const datasetTaskSchema = z.object({
  kind: z.literal('dataset'),
  ...origin,
  /** The message that shared the file: the answer goes in its thread. */
  threadTs: z.string().optional(),
  /** The text shared with the file, where options such as `--model` are read. */
  text: z.string(),
  file: z.discriminatedUnion('from', [
    z.object({ from: z.literal('slack'), fileId: z.string() }),
    z.object({ from: z.literal('upload'), key: z.string(), name: z.string() }),
  ]),
});

/**
 * A job reached Completed, Failed or Stopped: its loss curves go into its thread (once per job),
 * then, for a completed job whose Start agreed to it, its evaluation is queued.
 */
export const jobFinishedTaskSchema = z.object({
  kind: z.literal('job-finished'),
  jobId: z.string(),
});

/**
 * Evaluate a finished job's model against its base on held-out records, in the job's thread. One
 * request is a chain of runs (`part`): each continues where the previous one stopped.
 */
export const evaluationTaskSchema = z.object({
  kind: z.literal('evaluation'),
  requestId: z.string().regex(/^[a-z0-9]{1,64}$/),
  jobId: z.string(),
  heldOut: heldOutSchema,
  /** Who asked for it, and where the job is (to tell them if it fails). */
  ...origin,
  threadTs: z.string().optional(),
  part: z.number().int().positive(),
});

/**
 * The workspace removed tune (`app_uninstalled`) or its bot token was revoked (`tokens_revoked`):
 * its installation is deleted; its jobs and models stay, followed silently.
 */
export const uninstallTaskSchema = z.object({
  kind: z.literal('uninstall'),
  teamId: z.string(),
  reason: z.enum(['app_uninstalled', 'tokens_revoked']),
});

export const taskSchema = z.discriminatedUnion('kind', [
  commandTaskSchema,
  startFormTaskSchema,
  formChangeTaskSchema,
  formSubmitTaskSchema,
  pressTaskSchema,
  mentionTaskSchema,
  homeTaskSchema,
  datasetTaskSchema,
  jobFinishedTaskSchema,
  evaluationTaskSchema,
  uninstallTaskSchema,
]);

export type Task = z.infer<typeof taskSchema>;
export type TaskOf<K extends Task['kind']> = Extract<Task, { kind: K }>;
