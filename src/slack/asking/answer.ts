/**
 * Answering a question in a thread: the answer message is posted at once ("Asking support-bot…"),
 * the answer streams into it (./paced-message.ts keeps chat.update to one a second), and
 * it ends with the context line of tokens and cost, or with what went wrong.
 *
 * A failure is the answer: it replaces the message instead of going back to the queue, since a
 * queue retry would ask the model again and post a second answer.
 */
import type { AskPlace, Ready } from '../../core/asking/index.js';
import type { ChatTurn } from '../../core/ports.js';
import { type AnswerView, answerMessage, type ModelNames } from '../blocks/answer.js';
import { userMessageFor } from '../error-messages.js';
import type { WorkerDependencies } from '../worker-dependencies.js';
import { PacedMessage } from './paced-message.js';

export function modelNames(ready: Pick<Ready, 'model' | 'base'>): ModelNames {
  return { modelId: ready.model.modelId, name: ready.model.name, baseName: ready.base.name };
}

export interface AnswerRequest {
  place: AskPlace;
  question: string;
  compare: boolean;
  /** The thread's earlier turns, oldest first. */
  history: readonly ChatTurn[];
  /** The thread the answer goes in. */
  threadTs: string;
  /** The message that asked (a mention, or the message `/tune ask` posted). */
  questionTs: string;
}

/** Answers in the thread; resolves with how it ended (a failure is shown there too). */
export async function answerInThread(
  dependencies: WorkerDependencies,
  ready: Ready,
  request: AnswerRequest,
): Promise<'answered' | 'failed'> {
  const { notifier, clock, logger } = dependencies;
  const { asker } = dependencies.asking;
  const channelId = request.place.channelId;
  const view: AnswerView = {
    model: modelNames(ready),
    questionTs: request.questionTs,
    state: 'answering',
    tuned: '',
    ...(request.compare ? { base: '' } : {}),
  };
  const ts = await notifier.post(channelId, answerMessage(view), request.threadTs);
  const message = new PacedMessage({ notifier, channelId, ts, clock, logger }).posted();

  let final: AnswerView;
  try {
    const result = await asker.ask(ready, {
      text: request.question,
      history: request.history,
      compare: request.compare,
      onProgress: (progress) => {
        view.tuned = progress.tuned;
        if (request.compare) view.base = progress.base ?? '';
        message.show(answerMessage(view));
      },
    });
    const comparison = result.comparison;
    final = {
      ...view,
      state: 'answered',
      tuned: result.tuned.text,
      result,
      ...(comparison ? { base: 'answer' in comparison ? comparison.answer.text : comparison } : {}),
    };
  } catch (error) {
    final = { ...view, state: 'failed', error: userMessageFor(error, logger) };
  }
  await message.finish(answerMessage(final));
  return final.state === 'failed' ? 'failed' : 'answered';
}
