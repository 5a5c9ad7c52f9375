/** The confirmed Stop button: authorized people only; the worker asks Bedrock to stop the job. */
import { requireAuthorized } from '../../../core/jobs/authorize.js';
import { acceptOnce } from '../../../core/work/accept.js';
import { code, mrkdwn } from '../../blocks/safe-text.js';
import type { SlackEdgeDependencies } from '../../dependencies.js';
import { findChannelJob } from '../../subcommands/find-job.js';
import { onButton } from './interaction.js';

export function stopConfirm(dependencies: SlackEdgeDependencies) {
  return onButton(dependencies, async (press, respond) => {
    await requireAuthorized(
      { userId: press.userId, channelId: press.channelId, action: 'stop jobs' },
      dependencies.authorization,
      dependencies.directory,
    );
    const job = await findChannelJob(dependencies.jobs, press, press.value);
    // Keyed by the press: a later press after a failed stop is a new request, a retried press is not.
    const result = await acceptOnce(dependencies, `stop:${job.jobId}:${press.actionTs}`, {
      kind: 'stop',
      jobId: job.jobId,
      channelId: press.channelId,
      userId: press.userId,
    });
    await respond({
      replace_original: true,
      text:
        result === 'accepted'
          ? `:double_vertical_bar: Stopping *${mrkdwn(job.customModelName)}* (\`${code(job.jobId)}\`); updates follow in its thread.`
          : `Stopping *${mrkdwn(job.customModelName)}* was already requested.`,
    });
  });
}
