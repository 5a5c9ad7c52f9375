/**
 * `/tune …`: parses the text, runs the subcommand and acknowledges with its reply. Bolt on Lambda
 * sends the HTTP response only after this function returns (processBeforeResponse semantics), so
 * subcommands here only do fast work and queue the rest.
 */
import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { parseCommand } from '../../../core/commands/parse.js';
import { suggestSubcommand } from '../../../core/commands/registry.js';
import { unknownSubcommandMessage } from '../../blocks/help.js';
import type { SlackEdgeDependencies } from '../../dependencies.js';
import { userMessageFor } from '../../error-messages.js';
import { SLASH_SUBCOMMANDS } from '../../subcommands/index.js';
import type { SlashReply } from '../../subcommands/types.js';

export function tuneCommand(dependencies: SlackEdgeDependencies) {
  return async ({ command, ack, client }: SlackCommandMiddlewareArgs & AllMiddlewareArgs): Promise<void> => {
    let reply: SlashReply;
    try {
      const parsed = parseCommand(command.text);
      const subcommand = SLASH_SUBCOMMANDS.get(parsed.name);
      reply = subcommand
        ? await subcommand.run(
            {
              parsed,
              teamId: command.team_id,
              channelId: command.channel_id,
              userId: command.user_id,
              responseUrl: command.response_url,
              triggerId: command.trigger_id,
              openView: async (view) => {
                await client.views.open({ trigger_id: command.trigger_id, view });
              },
            },
            dependencies,
          )
        : unknownSubcommandMessage(parsed.raw, suggestSubcommand(parsed.name));
    } catch (error) {
      reply = { text: userMessageFor(error, dependencies.logger) };
    }
    if (reply.text === '' && !reply.blocks) {
      await ack();
      return;
    }
    await ack({
      response_type: reply.responseType ?? 'ephemeral',
      text: reply.text,
      ...(reply.blocks ? { blocks: [...reply.blocks] as never[] } : {}),
    });
  };
}
