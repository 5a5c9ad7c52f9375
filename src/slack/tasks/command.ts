/** Runs a queued `/tune …` subcommand and answers through the command's `response_url`. */
import { parseCommand } from '../../core/commands/parse.js';
import { suggestSubcommand } from '../../core/commands/registry.js';
import { isTuneError } from '../../core/errors.js';
import { unknownSubcommandMessage } from '../blocks/help.js';
import { userMessageFor } from '../error-messages.js';
import { SLASH_SUBCOMMANDS } from '../subcommands/index.js';
import type { SlashReply } from '../subcommands/types.js';
import type { TaskOf } from '../tasks.js';
import type { WorkerDependencies } from '../worker-dependencies.js';

export async function runCommand(task: TaskOf<'command'>, dependencies: WorkerDependencies): Promise<void> {
  let reply: SlashReply;
  try {
    const parsed = parseCommand(task.text);
    const subcommand = SLASH_SUBCOMMANDS.get(parsed.name);
    reply = subcommand
      ? await subcommand.run(
          {
            parsed,
            teamId: task.teamId,
            channelId: task.channelId,
            userId: task.userId,
            responseUrl: task.responseUrl,
            triggerId: task.triggerId,
          },
          dependencies,
        )
      : unknownSubcommandMessage(parsed.raw, suggestSubcommand(parsed.name));
  } catch (error) {
    // An outage is retried by the queue (and explained on its last attempt); the rest is the answer.
    if (isTuneError(error) && error.retryable) throw error;
    reply = { text: userMessageFor(error, dependencies.logger) };
  }
  await dependencies.notifier.respond(task.responseUrl, {
    ...reply,
    responseType: reply.responseType ?? 'ephemeral',
  });
}
