/**
 * A `/tune` subcommand as the slash-command listener runs it. `run` must return well within
 * Slack's 3 seconds (Bolt on Lambda answers only after the listener finishes): anything slower is
 * handed to the worker with `acceptOnce` and answered later through `responseUrl`.
 */
import type { ParsedCommand } from '../../core/commands/parse.js';
import type { OutboundMessage } from '../../core/ports.js';
import type { SlackEdgeDependencies } from '../dependencies.js';

export interface SlashInvocation {
  parsed: ParsedCommand;
  teamId: string;
  channelId: string;
  userId: string;
  responseUrl: string;
  triggerId: string;
}

export interface SlashReply extends OutboundMessage {
  responseType?: 'ephemeral' | 'in_channel';
}

export interface SlashSubcommand {
  name: string;
  run(invocation: SlashInvocation, dependencies: SlackEdgeDependencies): Promise<SlashReply>;
}
