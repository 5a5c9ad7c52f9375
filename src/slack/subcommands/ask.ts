/**
 * `/tune ask <model> <question> [--compare]`: the question is posted in the channel and answered
 * in its thread, so everyone sees both and can follow up by mentioning @tune there. A model that
 * may not answer in this channel, or that nothing serves, is answered privately, before anything
 * is posted.
 */
import { InputError } from '../../core/errors.js';
import { answerInThread, modelNames } from '../asking/answer.js';
import { compareFlag } from '../asking/thread.js';
import { offerMessage, questionMessage, refusalMessage } from '../blocks/answer.js';
import { mrkdwn } from '../blocks/safe-text.js';
import type { SlashSubcommand } from './types.js';

export const ask: SlashSubcommand = {
  name: 'ask',
  async run(invocation, dependencies) {
    const { asker } = dependencies.asking;
    // The question is free text, read as typed (quotes, dashes and all) after the model.
    const [reference = '', typed = ''] = invocation.parsed.rest.split(/\s+(.*)/s);
    const { question, compare } = compareFlag(typed.trim());
    if (reference === '' || reference === '--compare' || question === '') {
      throw new InputError(
        'Name the model and ask: `/tune ask <model> <question>`, with `--compare` to see its base model answer too.',
        { field: 'question' },
      );
    }
    const place = { teamId: invocation.teamId, channelId: invocation.channelId, userId: invocation.userId };
    const preparation = await asker.prepare(place, await asker.find(place, reference));
    if (preparation.kind === 'refused') return refusalMessage(preparation.reason);
    if (preparation.kind === 'not-served') return offerMessage(preparation);
    const names = modelNames(preparation);
    const questionTs = await dependencies.notifier.post(
      invocation.channelId,
      questionMessage({ model: names, userId: invocation.userId, question, compare }),
    );
    const ended = await answerInThread(dependencies, preparation, {
      place,
      question,
      compare,
      history: [],
      threadTs: questionTs,
      questionTs,
    });
    return {
      text:
        ended === 'answered'
          ? `${mrkdwn(names.name)} answered in the thread of your question.`
          : `${mrkdwn(names.name)} could not answer: the thread of your question says why.`,
    };
  },
};
