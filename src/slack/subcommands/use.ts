/**
 * `/tune use [model] [--clear]`: the model a mention of @tune asks in this channel when the
 * mention is not in a model's thread. Only a model that answers here (trained here, or shared
 * here) can be chosen. Shown to the channel, since it changes what everyone's mentions do.
 */
import { answersIn, refusalText } from '../../core/asking/index.js';
import { refusalMessage } from '../blocks/answer.js';
import { code, mrkdwn } from '../blocks/safe-text.js';
import type { SlashSubcommand } from './types.js';

export const use: SlashSubcommand = {
  name: 'use',
  async run(invocation, dependencies) {
    const { teamId, channelId, userId } = invocation;
    const { asker, models } = dependencies.asking;
    const reference = invocation.parsed.positionals[0];
    const now = dependencies.clock.now().toISOString();
    if (invocation.parsed.options.clear === true) {
      await dependencies.channelSettings.put({ teamId, channelId, updatedBy: userId, updatedAt: now });
      return {
        responseType: 'in_channel',
        text: `<@${userId}> cleared this channel's model: mention @tune in a model's thread, or use \`/tune ask <model> <question>\`.`,
      };
    }
    if (!reference) {
      const current = (await dependencies.channelSettings.get(teamId, channelId))?.defaultModelId;
      const model = current ? await models.get(current) : undefined;
      return {
        text:
          model && answersIn(model, invocation)
            ? `Mentions of @tune here ask *${mrkdwn(model.name)}* (\`${code(model.modelId)}\`). Change it with \`/tune use <model>\`, or \`/tune use --clear\`.`
            : 'This channel has no model of its own: set one with `/tune use <model>`.',
      };
    }
    const model = await asker.find(invocation, reference);
    if (!answersIn(model, invocation)) return refusalMessage(refusalText(model));
    await dependencies.channelSettings.put({
      teamId,
      channelId,
      defaultModelId: model.modelId,
      updatedBy: userId,
      updatedAt: now,
    });
    return {
      responseType: 'in_channel',
      text: `<@${userId}> set *${mrkdwn(model.name)}* as this channel's model: mention @tune with a question and it answers in the thread.`,
    };
  },
};
