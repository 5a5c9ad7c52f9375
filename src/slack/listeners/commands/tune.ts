/**
 * `/tune …`: parses the text, runs the subcommand and acknowledges with its reply. Bolt on Lambda
 * sends the HTTP response only after this function returns (processBeforeResponse semantics), so
 * subcommands here only do fast work and queue the rest.
 */
import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { z } from 'zod';
import { parseCommand } from '../../../core/commands/parse.js';
import { suggestSubcommand } from '../../../core/commands/registry.js';
import { unknownSubcommandMessage } from '../../blocks/help.js';
import type { SlackEdgeDependencies } from '../../dependencies.js';
import { userMessageFor } from '../../error-messages.js';
import { SLASH_SUBCOMMANDS } from '../../subcommands/index.js';
import type { SlashReply } from '../../subcommands/types.js';

/** The slash-command fields tune reads, checked at the boundary. */
const commandSchema = z.object({
  text: z.string().default(''),
  team_id: z.string().min(1),
  channel_id: z.string().min(1),
  user_id: z.string().min(1),
  response_url: z.string().url(),
  trigger_id: z.string().min(1),
});

export function tuneCommand(dependencies: SlackEdgeDependencies) {
  return async ({ command, ack, client }: SlackCommandMiddlewareArgs & AllMiddlewareArgs): Promise<void> => {
    let reply: SlashReply;
    try {
      const fields = commandSchema.parse(command);
      const parsed = parseCommand(fields.text);
      const subcommand = SLASH_SUBCOMMANDS.get(parsed.name);
      reply = subcommand
        ? await subcommand.run(
            {
              parsed,
              teamId: fields.team_id,
              channelId: fields.channel_id,
              userId: fields.user_id,
              responseUrl: fields.response_url,
              triggerId: fields.trigger_id,
              openView: async (view) => {
                await client.views.open({ trigger_id: fields.trigger_id, view });
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
