/**
 * What the watch posts, each message through the notifier of the team it concerns: the job's, the
 * endpoint's, the channel report's, the model's. With many workspaces each team has its own bot
 * token, and a team that removed tune gets a notifier that posts nothing (src/handlers/workspaces.ts).
 */
import type { Job, Transition } from '../core/jobs/job.js';
import type { Clock, CustomModelRecord, Notifier } from '../core/ports.js';
import type { ServingSettings } from '../core/serving/deploy.js';
import type { Endpoint, EndpointTransition } from '../core/serving/endpoint.js';
import type { Deadline } from '../core/serving/guard.js';
import type { ChannelReport } from '../core/serving/watch.js';
import { announcer, type CompletionRecording } from './announce.js';
import { endpointAnnouncer, guardNotices } from './endpoint-announce.js';

export type NotifierForTeam = (teamId: string) => Promise<Notifier>;

export function teamAnnouncers(
  notifierFor: NotifierForTeam,
  clock: Clock,
  completion: CompletionRecording | undefined,
  settings: Pick<ServingSettings, 'region'>,
) {
  const notices = async (teamId: string) => guardNotices(await notifierFor(teamId), clock, settings);
  return {
    announce: async (job: Job, transition: Transition) =>
      announcer(await notifierFor(job.place.teamId), clock, completion)(job, transition),
    announceEndpoint: async (endpoint: Endpoint, transition: EndpointTransition) =>
      endpointAnnouncer(await notifierFor(endpoint.place.teamId), clock)(endpoint, transition),
    remind: async (endpoint: Endpoint, deadline: Deadline, keepable: boolean) =>
      (await notices(endpoint.place.teamId)).remind(endpoint, deadline, keepable),
    morningReport: async (report: ChannelReport) => (await notices(report.teamId)).morningReport(report),
    storageReminder: async (model: CustomModelRecord, unusedDays: number) =>
      (await notices(model.teamId)).storageReminder(model, unusedDays),
  };
}
