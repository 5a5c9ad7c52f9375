/**
 * The confirmed Stop button (`/tune stop`'s, and the job card's own): authorized people only, in the job's own channel. Bedrock is asked to
 * stop the job; Stopping is announced in the job's thread through the same once-only announcement
 * as every other change, and the watch follows the job to Stopped.
 */
import { announceOwed } from '../../../core/jobs/announce.js';
import { requireAuthorized } from '../../../core/jobs/authorize.js';
import { stopJob } from '../../../core/jobs/stop.js';
import { announcer } from '../../announce.js';
import { ACTION } from '../../blocks/proposal.js';
import { findChannelJob } from '../../subcommands/find-job.js';
import type { WorkerDependencies } from '../../worker-dependencies.js';
import { type Press, reply } from './press.js';

export async function pressStopConfirm(press: Press, dependencies: WorkerDependencies): Promise<void> {
  // Found among the press's channel's jobs only: a job of another channel is not found here.
  const job = await findChannelJob(dependencies.jobs, press, press.value);
  await requireAuthorized(
    { userId: press.userId, channelId: job.place.channelId, action: 'stop jobs' },
    dependencies.authorization,
    dependencies.directory,
  );
  const stopping = await stopJob(job.jobId, dependencies, press.userId);
  await reply(
    press,
    dependencies,
    {
      text: stopping
        ? `:double_vertical_bar: Stopping *${job.customModelName}* (\`${job.jobId}\`); updates follow in its thread.`
        : `*${job.customModelName}* is already ${job.status === 'Stopping' ? 'stopping' : job.status.toLowerCase()}.`,
    },
    // The card's own Stop must not replace the card; `/tune stop`'s confirmation is replaced.
    press.action === ACTION.jobStop ? 'private' : 'replace',
  );
  if (stopping)
    await announceOwed(stopping, {
      ...dependencies,
      announce: announcer(dependencies.notifier, dependencies.clock),
    });
}
