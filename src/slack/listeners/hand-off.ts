/**
 * Handing a request to the worker: one queue message, keyed by what makes the request unique (the
 * Slack event, the button press, the command's trigger). Slack's retries and the queue's
 * redeliveries carry the same key, and the worker runs each key once, so nothing is written here:
 * a crash between a claim and the send could otherwise drop the request for a day.
 */
import type { SlackEdgeDependencies } from '../dependencies.js';
import type { Task } from '../tasks.js';

export async function handOff(dependencies: SlackEdgeDependencies, key: string, task: Task): Promise<void> {
  await dependencies.queue.send({ id: key, body: task });
}
