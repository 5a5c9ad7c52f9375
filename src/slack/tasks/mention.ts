/**
 * `@tune …` in a channel, answered in the mention's thread. `@tune help` (or a bare mention) shows
 * the commands. Anything else is a question for a tuned model: the thread's model (a `/tune ask`
 * question's, a model card's, a job card's, or the last one that answered in the thread), else
 * the channel's default (`/tune use`). A mention inside a thread is asked with the thread's
 * earlier questions and answers as context. A model that may not answer in this channel is
 * explained to the asker only, and nothing is sent to it.
 */
import type { ChatTurn } from '../../core/ports.js';
import { answerInThread } from '../asking/answer.js';
import { compareFlag, questionText, threadHistory, threadModelId } from '../asking/thread.js';
import { noModelYetMessage, offerMessage, refusalMessage, whichModelMessage } from '../blocks/answer.js';
import { helpMessage } from '../blocks/help.js';
import type { TaskOf } from '../tasks.js';
import type { WorkerDependencies } from '../worker-dependencies.js';

type Mention = TaskOf<'mention'>;

/** The model a thread asks, and its earlier turns; a job card's thread asks its job's model. */
async function threadContext(
  task: Mention,
  dependencies: WorkerDependencies,
): Promise<{ modelId?: string; jobStatus?: { jobId: string; status: string }; history: ChatTurn[] }> {
  if (!task.threadTs) return { history: [] };
  const messages = await dependencies.threads.read(task.channelId, task.threadTs);
  const history = threadHistory(messages, task.ts);
  const modelId = threadModelId(messages);
  if (modelId) return { modelId, history };
  const jobs = await dependencies.jobs.listByChannel(task.teamId, task.channelId, 100);
  const job = jobs.find((candidate) => candidate.place.messageTs === task.threadTs);
  if (!job) return { history };
  // A tuned model's id is its job's id.
  if (job.status === 'Completed') return { modelId: job.jobId, history };
  return { jobStatus: { jobId: job.jobId, status: job.status }, history };
}

export async function runMention(task: Mention, dependencies: WorkerDependencies): Promise<void> {
  const { notifier } = dependencies;
  const typed = questionText(task.text);
  const thread = task.threadTs ?? task.ts;
  if (typed === '' || /^help\b/i.test(typed)) {
    await notifier.post(task.channelId, helpMessage(), thread);
    return;
  }
  const { question, compare } = compareFlag(typed);
  if (question === '') {
    await notifier.post(task.channelId, helpMessage(), thread);
    return;
  }
  const context = await threadContext(task, dependencies);
  if (context.jobStatus) {
    await notifier.post(
      task.channelId,
      noModelYetMessage(context.jobStatus.jobId, context.jobStatus.status),
      thread,
    );
    return;
  }
  const modelId =
    context.modelId ?? (await dependencies.channelSettings.get(task.teamId, task.channelId))?.defaultModelId;
  if (!modelId) {
    await notifier.post(task.channelId, whichModelMessage(), thread);
    return;
  }
  const { asker } = dependencies.asking;
  const place = { teamId: task.teamId, channelId: task.channelId, userId: task.userId };
  const preparation = await asker.prepare(place, await asker.find(place, modelId));
  switch (preparation.kind) {
    case 'refused':
      await notifier.postEphemeral(task.channelId, task.userId, refusalMessage(preparation.reason), thread);
      return;
    case 'not-served':
      await notifier.post(task.channelId, offerMessage(preparation), thread);
      return;
    case 'ready':
      await answerInThread(dependencies, preparation, {
        place,
        question,
        compare,
        history: context.history,
        threadTs: thread,
        questionTs: task.ts,
      });
  }
}
