/**
 * Publishes the user's Home tab from their jobs in the store. Jobs (and so models and datasets) of
 * private channels are left out: the Home tab is outside every channel, and a private channel's
 * data is shown only in it (DESIGN.md §7). The tab says how many were left out and where to look.
 */
import type { View } from '@slack/types';
import { homeView } from '../blocks/home.js';
import type { TaskOf } from '../tasks.js';
import type { WorkerDependencies } from '../worker-dependencies.js';

export async function runHome(task: TaskOf<'home'>, dependencies: WorkerDependencies): Promise<void> {
  const jobs = await dependencies.jobs.listByUser(task.teamId, task.userId, 40);
  const channels = [...new Set(jobs.map((job) => job.place.channelId))];
  const privacy = new Map(
    await Promise.all(
      channels.map(
        async (channelId) => [channelId, await dependencies.directory.channelIsPrivate(channelId)] as const,
      ),
    ),
  );
  const shown = jobs.filter((job) => privacy.get(job.place.channelId) === false);
  // Jobs older than the workspace's installation mean tune was removed and added back (or the
  // deployment opened to many workspaces): the tab says nothing was lost.
  const installedAt = await dependencies.workspaces?.installedAt(task.teamId);
  const reinstalledAt =
    installedAt && jobs.some((job) => Date.parse(job.createdAt) < installedAt.getTime())
      ? installedAt
      : undefined;
  await dependencies.notifier.publishHome(
    task.userId,
    homeView(shown, dependencies.clock.now(), {
      privateJobs: jobs.length - shown.length,
      ...(reinstalledAt ? { reinstalledAt } : {}),
    }),
  );
}

/** What the Home tab shows when it could not be built: better than a stale or empty tab. */
export function homeErrorView(text: string): View {
  return {
    type: 'home',
    blocks: [
      {
        type: 'section',
        text: { type: 'mrkdwn', text: `${text}\nOpen the tab again to retry.`.slice(0, 3000) },
      },
    ],
  };
}
