/**
 * `/tune share <model> #channel [--remove]`: lets a model answer in another channel too. A model
 * answers only in the channel whose data trained it (DESIGN.md §7), so sharing is that channel's
 * decision: it is run there, by someone allowed to spend money, and a model trained in a private
 * channel is never shared (its data stays private). The grant is written on the model's record
 * (`sharedWith`); `--remove` takes it back.
 */
import { InputError, NotAuthorizedError } from '../../core/errors.js';
import { requireAuthorized } from '../../core/jobs/authorize.js';
import { code, mrkdwn } from '../blocks/safe-text.js';
import type { SlashSubcommand } from './types.js';

/** `<#C123|name>` as Slack sends a channel picked with `#`, or a bare channel id. */
function channelIdOf(text: string | undefined): string | undefined {
  if (!text) return undefined;
  return /^<#([CG][A-Z0-9]+)(?:\|[^>]*)?>$/.exec(text)?.[1] ?? /^([CG][A-Z0-9]{2,})$/.exec(text)?.[1];
}

export const share: SlashSubcommand = {
  name: 'share',
  async run(invocation, dependencies) {
    const { asker, models } = dependencies.asking;
    const [reference, channelText] = invocation.parsed.positionals;
    const target = channelIdOf(channelText);
    if (!reference || !target) {
      throw new InputError(
        'Name the model and the channel, picking the channel with # so that Slack sends it: `/tune share <model> #channel`.',
        { field: 'channel' },
      );
    }
    const model = await asker.find(invocation, reference);
    if (model.channelId !== invocation.channelId) {
      throw new NotAuthorizedError(
        `${model.name} was trained in another channel: only that channel can share it. Run \`/tune share\` there.`,
      );
    }
    await requireAuthorized(
      {
        userId: invocation.userId,
        channelId: invocation.channelId,
        action: 'share a model with another channel',
      },
      dependencies.authorization,
      dependencies.directory,
    );
    if (await dependencies.directory.channelIsPrivate(model.channelId)) {
      throw new NotAuthorizedError(
        `${model.name} was trained on this private channel's data, and a private channel's data stays in it: tune does not share its models.`,
      );
    }
    const remove = invocation.parsed.options.remove === true;
    if (!remove && target === model.channelId) {
      throw new InputError(`${model.name} already answers here, in the channel that trained it.`, {
        field: 'channel',
      });
    }
    const sharedWith = remove
      ? model.sharedWith.filter((channel) => channel !== target)
      : [...new Set([...model.sharedWith, target])];
    await models.put({ ...model, sharedWith });
    const name = `*${mrkdwn(model.name)}* (\`${code(model.modelId)}\`)`;
    return {
      responseType: 'in_channel',
      text: remove
        ? `<@${invocation.userId}> stopped sharing ${name} with <#${target}>: it no longer answers there.`
        : `<@${invocation.userId}> shared ${name} with <#${target}>: people there can ask it, and its answers draw on this channel's data.`,
    };
  },
};
