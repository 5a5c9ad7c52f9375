/**
 * Pure transitions of a job from what Bedrock reports. Bedrock's statuses map one to one onto
 * ours except `Starting`, which is tune's own (before Bedrock accepted the job).
 */
import type { CustomizationJobInfo } from '../ports.js';
import { JOB_STATUS, type Job } from './job.js';

/** The job after Bedrock's report, or undefined when nothing a person would care about changed. */
export function applyBedrockReport(job: Job, report: CustomizationJobInfo, now: Date): Job | undefined {
  if (report.status === job.status) return undefined;
  const base = {
    ...job,
    version: job.version + 1,
    updatedAt: now.toISOString(),
    bedrockStatus: report.status,
    previousStatus: job.status,
  };
  const endedAt = (report.endTime ?? now).toISOString();
  switch (report.status) {
    case 'InProgress':
      // Only a job we were still starting can become InProgress; anything else is stale news.
      return job.status === JOB_STATUS.Starting
        ? { ...base, status: JOB_STATUS.InProgress, jobArn: report.jobArn }
        : undefined;
    case 'Stopping':
      return job.status === JOB_STATUS.Starting || job.status === JOB_STATUS.InProgress
        ? { ...base, status: JOB_STATUS.Stopping, jobArn: report.jobArn }
        : undefined;
    case 'Completed':
      return {
        ...base,
        status: JOB_STATUS.Completed,
        jobArn: report.jobArn,
        ...(report.customModelArn ? { customModelArn: report.customModelArn } : {}),
        endedAt,
      };
    case 'Failed':
      return {
        ...base,
        status: JOB_STATUS.Failed,
        jobArn: report.jobArn,
        failureMessage: report.failureMessage ?? 'Bedrock gave no reason.',
        endedAt,
      };
    case 'Stopped':
      return { ...base, status: JOB_STATUS.Stopped, jobArn: report.jobArn, endedAt };
  }
}
