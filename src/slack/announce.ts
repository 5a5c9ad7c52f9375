/**
 * Tells a job's channel about one transition: the card shows the job now, the thread gets the
 * change's line. A completion also records the custom model (once, whichever run announces it)
 * and its thread line carries the model card, so that the card is made exactly when the
 * completion is told, and retried with it when Slack was down.
 */
import { NotFoundError } from '../core/errors.js';
import type { Job, Transition } from '../core/jobs/job.js';
import type { Clock, Notifier, OutboundMessage } from '../core/ports.js';
import type { ServingSettings } from '../core/serving/deploy.js';
import { type RecordModelDependencies, recordCompletedModel } from '../core/serving/models.js';
import { servingOffer } from '../core/serving/paths.js';
import { jobCard, jobUpdateMessage } from './blocks/job-card.js';
import { modelCardBlocks } from './blocks/model-card.js';

/** What recording a completed job's model needs: the registry, Bedrock (for the losses), the guard's settings. */
export interface CompletionRecording extends RecordModelDependencies {
  settings: ServingSettings;
}

export function announcer(notifier: Notifier, clock: Clock, completion?: CompletionRecording) {
  return async (job: Job, transition: Transition): Promise<void> => {
    const now = clock.now();
    const { channelId, messageTs } = job.place;
    let message: OutboundMessage = jobUpdateMessage(job, transition, now);
    if (transition.to === 'Completed' && completion) {
      const model = await recordCompletedModel(job, completion);
      if (model) {
        const offer = servingOffer(model.baseModelId, completion.settings.region, new Date(model.createdAt));
        message = {
          text: `${message.text} ${model.name} is ready: Deploy or Ask.`,
          blocks: [...(message.blocks ?? []), ...modelCardBlocks(model, offer, completion.settings)],
        };
      }
    }
    let threadTs = messageTs;
    if (messageTs) {
      try {
        await notifier.update(channelId, messageTs, jobCard(job, now));
      } catch (error) {
        // Someone deleted the card: say it in the channel instead of in its (gone) thread.
        if (!(error instanceof NotFoundError)) throw error;
        threadTs = undefined;
      }
    }
    await notifier.post(channelId, message, threadTs);
  };
}
