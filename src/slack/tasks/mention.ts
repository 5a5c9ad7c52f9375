/** Answers `@tune …` in the mention's thread. */
import { helpMessage } from '../blocks/help.js';
import type { TaskOf } from '../tasks.js';
import type { WorkerDependencies } from '../worker-dependencies.js';

export async function runMention(task: TaskOf<'mention'>, dependencies: WorkerDependencies): Promise<void> {
  const question = task.text.replace(/<@[A-Z0-9]+(\|[^>]*)?>/g, '').trim();
  const thread = task.threadTs ?? task.ts;
  if (question === '' || /^help\b/i.test(question)) {
    await dependencies.notifier.post(task.channelId, helpMessage(), thread);
    return;
  }
  await dependencies.notifier.post(
    task.channelId,
    {
      text: `Hi <@${task.userId}>! I validate datasets and run Bedrock customization jobs. I can't answer questions until a model has been tuned in this channel; type \`/tune help\` to see what I can do.`,
    },
    thread,
  );
}
