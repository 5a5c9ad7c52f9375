/** Publishes the user's Home tab from their jobs in the store. */
import type { View } from '@slack/types';
import { homeView } from '../blocks/home.js';
import type { TaskOf } from '../tasks.js';
import type { WorkerDependencies } from '../worker-dependencies.js';

export async function runHome(task: TaskOf<'home'>, dependencies: WorkerDependencies): Promise<void> {
  const jobs = await dependencies.jobs.listByUser(task.teamId, task.userId, 40);
  await dependencies.notifier.publishHome(task.userId, homeView(jobs, dependencies.clock.now()));
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
