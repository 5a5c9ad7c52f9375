/**
 * `/tune …`: help and mistakes are answered in the acknowledgement (nothing to look up); the form
 * is opened at once with a placeholder (its trigger is valid for 3 seconds) and filled by the
 * worker; every other subcommand is handed to the worker, which answers through `response_url`.
 * Bolt on Lambda sends the HTTP response only after this function returns, so nothing else is
 * read or written here.
 */
import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import type { KnownBlock } from '@slack/types';
import * as z from 'zod';
import { parseCommand } from '../../../core/commands/parse.js';
import { findSubcommand, suggestSubcommand } from '../../../core/commands/registry.js';
import type { OutboundMessage } from '../../../core/ports.js';
import { helpMessage, unknownSubcommandMessage } from '../../blocks/help.js';
import { loadingStartForm } from '../../blocks/start-form-loading.js';
import type { SlackEdgeDependencies } from '../../dependencies.js';
import { userMessageFor } from '../../error-messages.js';
import { handOff } from '../hand-off.js';

/** The slash-command fields tune reads, checked at the boundary. */
const commandSchema = z.object({
  text: z.string().default(''),
  team_id: z.string().min(1),
  channel_id: z.string().min(1),
  user_id: z.string().min(1),
  response_url: z.string().url(),
  trigger_id: z.string().min(1),
});

/** Blocks come from our own builders in ../../blocks; the cast restores the type they meet. */
function ephemeral(message: OutboundMessage) {
  return {
    response_type: 'ephemeral' as const,
    text: message.text,
    ...(message.blocks ? { blocks: [...message.blocks] as KnownBlock[] } : {}),
  };
}

const openedViewSchema = z.object({ view: z.object({ id: z.string() }) });

export function tuneCommand(dependencies: SlackEdgeDependencies) {
  return async ({ command, ack, client }: SlackCommandMiddlewareArgs & AllMiddlewareArgs): Promise<void> => {
    try {
      const fields = commandSchema.parse(command);
      const parsed = parseCommand(fields.text);
      if (parsed.name === 'help') {
        await ack(ephemeral(helpMessage()));
        return;
      }
      if (!findSubcommand(parsed.name)) {
        await ack(ephemeral(unknownSubcommandMessage(parsed.raw, suggestSubcommand(parsed.name))));
        return;
      }
      const origin = { teamId: fields.team_id, channelId: fields.channel_id, userId: fields.user_id };
      if (
        parsed.name === 'start' &&
        parsed.positionals.length === 0 &&
        Object.keys(parsed.options).length === 0
      ) {
        const opened = openedViewSchema.parse(
          await client.views.open({ trigger_id: fields.trigger_id, view: loadingStartForm() }),
        );
        await handOff(dependencies, `form:${opened.view.id}`, {
          kind: 'start-form',
          ...origin,
          viewId: opened.view.id,
        });
        await ack();
        return;
      }
      await handOff(dependencies, `command:${fields.trigger_id}`, {
        kind: 'command',
        ...origin,
        text: fields.text,
        responseUrl: fields.response_url,
        triggerId: fields.trigger_id,
      });
      await ack();
    } catch (error) {
      await ack({ response_type: 'ephemeral', text: userMessageFor(error, dependencies.logger) });
    }
  };
}
