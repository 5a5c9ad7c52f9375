/** Publishes the user's Home tab from their jobs in the store. */
import { homeView } from '../blocks/home.js';
import type { TaskOf } from '../tasks.js';
import type { WorkerDependencies } from '../worker-dependencies.js';

export async function runHome(task: TaskOf<'home'>, dependencies: WorkerDependencies): Promise<void> {
  const jobs = await dependencies.jobs.listByUser(task.teamId, task.userId, 40);
  await dependencies.notifier.publishHome(task.userId, homeView(jobs, dependencies.clock.now()));
}
