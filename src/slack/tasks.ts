/**
 * The work the slack function hands to the worker through the queue. Bodies are JSON and parsed
 * with zod on arrival (a queue is a boundary); each kind is run by `./tasks/<kind>.ts`.
 */
import { z } from 'zod';

export const mentionTaskSchema = z.object({
  kind: z.literal('mention'),
  teamId: z.string(),
  channelId: z.string(),
  userId: z.string(),
  text: z.string(),
  ts: z.string(),
  threadTs: z.string().optional(),
});

export const homeTaskSchema = z.object({
  kind: z.literal('home'),
  teamId: z.string(),
  userId: z.string(),
});

/** Start a confirmed proposal on Bedrock. */
export const startTaskSchema = z.object({
  kind: z.literal('start'),
  proposalId: z.string(),
  /** Who confirmed, where: told if the start fails before the job card exists. */
  channelId: z.string(),
  userId: z.string(),
});

/** Stop a running job (confirmed by an authorized user). */
export const stopTaskSchema = z.object({
  kind: z.literal('stop'),
  jobId: z.string(),
  channelId: z.string(),
  userId: z.string(),
});

/** Check (convert, store) a file shared in a channel, or one that arrived through an upload link. */
export const datasetTaskSchema = z.object({
  kind: z.literal('dataset'),
  teamId: z.string(),
  channelId: z.string(),
  userId: z.string(),
  /** The message that shared the file: the answer goes in its thread. */
  threadTs: z.string().optional(),
  /** The text shared with the file, where options such as `--model` are read. */
  text: z.string(),
  file: z.discriminatedUnion('from', [
    z.object({ from: z.literal('slack'), fileId: z.string() }),
    z.object({ from: z.literal('upload'), key: z.string(), name: z.string() }),
  ]),
});

export const taskSchema = z.discriminatedUnion('kind', [
  mentionTaskSchema,
  homeTaskSchema,
  startTaskSchema,
  stopTaskSchema,
  datasetTaskSchema,
]);

export type Task = z.infer<typeof taskSchema>;
export type TaskOf<K extends Task['kind']> = Extract<Task, { kind: K }>;
