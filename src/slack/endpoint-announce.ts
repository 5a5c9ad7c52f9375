/**
 * Tells a model's thread about one change of one of its endpoints, and posts what the cost guard
 * has to say in the channel (reminders, the morning message, storage reminders).
 */
import type { Clock, CustomModelRecord, Notifier } from '../core/ports.js';
import type { ServingSettings } from '../core/serving/deploy.js';
import type { Endpoint, EndpointTransition } from '../core/serving/endpoint.js';
import type { Deadline } from '../core/serving/guard.js';
import { servingOffer } from '../core/serving/paths.js';
import type { ChannelReport } from '../core/serving/watch.js';
import { priceText } from './blocks/model-card.js';
import {
  endpointUpdateMessage,
  morningMessage,
  reminderMessage,
  storageReminderMessage,
} from './blocks/serving.js';

export function endpointAnnouncer(notifier: Notifier, clock: Clock) {
  return async (endpoint: Endpoint, transition: EndpointTransition): Promise<void> => {
    const message = endpointUpdateMessage(endpoint, transition, clock.now());
    if (!message) return;
    await notifier.post(endpoint.place.channelId, message, endpoint.place.threadTs);
  };
}

/** What the endpoint watch posts in Slack, besides the thread lines. */
export function guardNotices(notifier: Notifier, clock: Clock, settings: Pick<ServingSettings, 'region'>) {
  return {
    // In the channel rather than a thread: the people who may want to keep it must see it.
    remind: async (endpoint: Endpoint, deadline: Deadline, keepable: boolean): Promise<void> => {
      await notifier.post(
        endpoint.place.channelId,
        reminderMessage(endpoint, deadline, keepable, clock.now()),
      );
    },
    morningReport: async (report: ChannelReport): Promise<void> => {
      await notifier.post(report.channelId, morningMessage(report, clock.now()));
    },
    storageReminder: async (model: CustomModelRecord, unusedDays: number): Promise<void> => {
      const offer = servingOffer(model.baseModelId, settings.region, new Date(model.createdAt));
      await notifier.post(
        model.channelId,
        storageReminderMessage(model, unusedDays, priceText(offer.storagePerMonth, 'per month')),
      );
    },
  };
}
