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

export const taskSchema = z.discriminatedUnion('kind', [mentionTaskSchema, homeTaskSchema]);

export type Task = z.infer<typeof taskSchema>;
export type TaskOf<K extends Task['kind']> = Extract<Task, { kind: K }>;
