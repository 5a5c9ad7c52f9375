/**
 * A workspace removed tune or revoked its token: the installation (and with it the token) is
 * deleted, and from then on nothing is posted for that team. Its jobs, datasets and models stay
 * where they are: the watch keeps following the jobs, and a reinstall finds everything.
 */
import type { TaskOf } from '../tasks.js';
import type { WorkerDependencies } from '../worker-dependencies.js';

export async function runUninstall(
  task: TaskOf<'uninstall'>,
  dependencies: WorkerDependencies,
): Promise<void> {
  const { logger, workspaces } = dependencies;
  if (!workspaces) {
    // One workspace: its token lives in the configuration (SSM), which tune does not write.
    logger.warn('the workspace removed tune; its bot token in the configuration no longer works', {
      teamId: task.teamId,
      reason: task.reason,
    });
    return;
  }
  await workspaces.uninstalled(task.teamId);
  logger.info('deleted the installation of a workspace that removed tune', {
    teamId: task.teamId,
    reason: task.reason,
  });
}
