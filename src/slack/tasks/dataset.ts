/**
 * Checks a shared dataset and answers in the file's thread: a "checking…" message that shows
 * progress on long files, then the verdict in its place, with the full report attached when the
 * message cannot hold every error.
 */
import { ColumnsNotGuessedError, isTuneError } from '../../core/errors.js';
import { intakeDataset } from '../../core/intake/intake.js';
import { intakeOptionsFrom, intakeOptionsText } from '../../core/intake/options.js';
import type { OutboundMessage } from '../../core/ports.js';
import {
  checkingMessage,
  columnsGuidanceMessage,
  datasetReportMessage,
  ERRORS_SHOWN,
  fullReportText,
} from '../blocks/dataset-report.js';
import { clip } from '../blocks/safe-text.js';
import { userMessageFor } from '../error-messages.js';
import { signRecheck } from '../recheck-value.js';
import type { TaskOf } from '../tasks.js';
import type { AttemptInfo } from '../worker.js';
import type { WorkerDependencies } from '../worker-dependencies.js';

/** Marks the "checking…" message, so that a later delivery of the same file answers in it. */
const CHECK_EVENT = 'tune_dataset_check';

/** chat.update is Tier 3 (50 a minute): progress updates at most every 3 seconds. */
const PROGRESS_EVERY_MS = 3000;

export async function runDataset(
  task: TaskOf<'dataset'>,
  dependencies: WorkerDependencies,
  attempt: AttemptInfo,
): Promise<void> {
  const { notifier } = dependencies;
  const shared =
    task.file.from === 'slack'
      ? await dependencies.files.info(task.file.fileId)
      : { name: task.file.name, downloadUrl: undefined, size: undefined };
  const file = task.file.from === 'slack' ? task.file.fileId : task.file.key;
  const metadata = { eventType: CHECK_EVENT, payload: { file } };
  const tagged = (message: OutboundMessage): OutboundMessage => ({ ...message, metadata });
  const messageTs =
    (attempt.firstAttempt === false ? await earlierCheck(task, file, dependencies) : undefined) ??
    (await notifier.post(task.channelId, tagged(checkingMessage(shared.name)), task.threadTs));
  try {
    await checkAndAnswer(task, shared, messageTs, dependencies, tagged);
  } catch (error) {
    // An outage is retried by the queue (until its last attempt); anything else is the answer, in
    // place of "checking…". Blocks too: Slack keeps a message's old blocks when given text only.
    if (error instanceof ColumnsNotGuessedError) {
      await notifier.update(
        task.channelId,
        messageTs,
        tagged(columnsGuidance(task, shared.name, error, dependencies)),
      );
      return;
    }
    const retryable = isTuneError(error) && error.retryable;
    if (retryable && !attempt.lastAttempt) throw error;
    const text = `${retryable ? 'tune gave up after several attempts: ' : ''}${userMessageFor(error, dependencies.logger)}`;
    await notifier.update(
      task.channelId,
      messageTs,
      tagged({ text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: text.slice(0, 3000) } }] }),
    );
  }
}

/**
 * The file's columns, the options the person shared it with and the guessed columns as one message
 * to share it again with, and a button that checks the same file with it.
 */
function columnsGuidance(
  task: TaskOf<'dataset'>,
  fileName: string,
  error: ColumnsNotGuessedError,
  dependencies: WorkerDependencies,
): OutboundMessage {
  // The columns named (if any) did not work; the guess replaces them, the other options stay.
  const { model, type, split, epochs } = intakeOptionsFrom(task.text);
  const kept = {
    ...(model ? { model } : {}),
    ...(type ? { type } : {}),
    ...(split !== undefined ? { split } : {}),
    ...(epochs !== undefined ? { epochs } : {}),
  };
  const message = error.guess ? intakeOptionsText({ ...kept, ...error.guess }) : undefined;
  const value =
    message === undefined
      ? undefined
      : signRecheck(dependencies.formKey, {
          channelId: task.channelId,
          ...(task.threadTs ? { threadTs: task.threadTs } : {}),
          file: task.file,
          text: message,
        });
  return columnsGuidanceMessage(
    fileName,
    { columns: error.columns, text: error.field === '--text-column', message },
    value,
  );
}

/**
 * The "checking…" message an earlier delivery of this task posted, if any: after a run that died
 * or an update Slack refused, the answer goes in that message instead of a second one. Regression:
 * a redelivered share left a "checking…" message that never changed, or answered twice.
 */
async function earlierCheck(
  task: TaskOf<'dataset'>,
  file: string,
  dependencies: WorkerDependencies,
): Promise<string | undefined> {
  // An upload link's answer may go to the channel itself: only a thread can be read back.
  if (!task.threadTs) return undefined;
  const thread = await dependencies.threads.read(task.channelId, task.threadTs);
  return thread.find(
    (message) =>
      message.botId !== undefined &&
      message.metadata?.eventType === CHECK_EVENT &&
      message.metadata.payload.file === file,
  )?.ts;
}

async function checkAndAnswer(
  task: TaskOf<'dataset'>,
  shared: { name: string; downloadUrl: string | undefined },
  messageTs: string,
  dependencies: WorkerDependencies,
  tagged: (message: OutboundMessage) => OutboundMessage,
): Promise<void> {
  const { notifier, clock } = dependencies;
  const options = intakeOptionsFrom(task.text);
  let lastUpdate = clock.now().getTime();

  const outcome = await intakeDataset(
    {
      teamId: task.teamId,
      channelId: task.channelId,
      userId: task.userId,
      fileName: shared.name,
      source: task.file.from === 'slack' ? 'slack-file' : 'upload',
      options,
      offered: await dependencies.offers(),
      download: async () => {
        if (task.file.from === 'upload') return dependencies.datasetStore.get(task.file.key);
        return dependencies.files.download(shared.downloadUrl ?? '');
      },
      onProgress: async (progress) => {
        const now = clock.now().getTime();
        if (now - lastUpdate < PROGRESS_EVERY_MS) return;
        lastUpdate = now;
        await notifier.update(task.channelId, messageTs, tagged(checkingMessage(shared.name, progress)));
      },
    },
    { datasetStore: dependencies.datasetStore, datasets: dependencies.datasets, clock },
  );

  await notifier.update(task.channelId, messageTs, tagged(datasetReportMessage(shared.name, outcome)));
  const errors = outcome.report.errorCount + (outcome.validationReport?.errorCount ?? 0);
  if (
    errors > ERRORS_SHOWN ||
    outcome.report.warningCount > 3 ||
    (outcome.conversion?.issueCount ?? 0) > ERRORS_SHOWN
  ) {
    await notifier.uploadFile({
      channelId: task.channelId,
      ...(task.threadTs ? { threadTs: task.threadTs } : {}),
      // File names and titles are not mrkdwn, but a 3,000-character one is refused: clipped.
      filename: `${clip(shared.name, 200)}.tune-report.txt`,
      title: `tune report for ${clip(shared.name, 200)}`,
      content: fullReportText(shared.name, outcome),
    });
  }
}
