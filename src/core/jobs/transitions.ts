/**
 * Pure transitions of a job from what Bedrock reports. Bedrock's statuses map one to one onto
 * ours except `Starting`, which is tune's own (before Bedrock accepted the job).
 */
import type { CustomizationJobInfo } from '../ports.js';
import { JOB_STATUS, type Job, transitioned } from './job.js';

/** The job after Bedrock's report, or undefined when nothing a person would care about changed. */
export function applyBedrockReport(job: Job, report: CustomizationJobInfo, now: Date): Job | undefined {
  if (report.status === job.status) return undefined;
  const base = { ...job, bedrockStatus: report.status };
  const endedAt = (report.endTime ?? now).toISOString();
  switch (report.status) {
    case 'InProgress':
      // Only a job we were still starting can become InProgress; anything else is stale news.
      return job.status === JOB_STATUS.Starting
        ? transitioned(job, { ...base, status: JOB_STATUS.InProgress, jobArn: report.jobArn }, now)
        : undefined;
    case 'Stopping':
      return job.status === JOB_STATUS.Starting || job.status === JOB_STATUS.InProgress
        ? transitioned(job, { ...base, status: JOB_STATUS.Stopping, jobArn: report.jobArn }, now)
        : undefined;
    case 'Completed':
      return transitioned(
        job,
        {
          ...base,
          status: JOB_STATUS.Completed,
          jobArn: report.jobArn,
          ...(report.customModelArn ? { customModelArn: report.customModelArn } : {}),
          endedAt,
        },
        now,
      );
    case 'Failed':
      return transitioned(
        job,
        {
          ...base,
          status: JOB_STATUS.Failed,
          jobArn: report.jobArn,
          failureMessage: report.failureMessage ?? 'Bedrock gave no reason.',
          endedAt,
        },
        now,
      );
    case 'Stopped':
      return transitioned(job, { ...base, status: JOB_STATUS.Stopped, jobArn: report.jobArn, endedAt }, now);
  }
}
