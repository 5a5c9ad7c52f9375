import { describe, expect, it } from 'vitest';
import { ThrottledError } from '../../../src/core/errors.js';
import type { Job } from '../../../src/core/jobs/job.js';
import { applyBedrockReport } from '../../../src/core/jobs/transitions.js';
import { type WatchDependencies, watchActiveJobs } from '../../../src/core/jobs/watch.js';
import { FixedClock } from '../../fakes/clock.js';
import { ScriptedCustomizer } from '../../fakes/customizer.js';
import { RecordingLogger } from '../../fakes/logger.js';
import { InMemoryJobStore } from '../../fakes/stores.js';
import { inProgressJob } from './jobs-fixture.js';

function setup() {
  const jobs = new InMemoryJobStore();
  const customizer = new ScriptedCustomizer();
  const announced: { job: Job; previous: Job }[] = [];
  const dependencies: WatchDependencies = {
    jobs,
    customizer,
    clock: new FixedClock('2026-11-26T12:00:00.000Z'),
    logger: new RecordingLogger(),
    announce: async (job, previous) => {
      announced.push({ job, previous });
    },
  };
  return { jobs, customizer, announced, dependencies };
}

describe('applyBedrockReport', () => {
  it('ignores a report of the status the job already has', async () => {
    const job = inProgressJob();
    const report = await new ScriptedCustomizer()
      .script(job.jobArn ?? '', 'InProgress')
      .getJob(job.jobArn ?? '');
    expect(applyBedrockReport(job, report, new Date())).toBeUndefined();
  });

  it('completes a training job, bumping the version and keeping the custom model ARN', async () => {
    const job = inProgressJob();
    const report = await new ScriptedCustomizer()
      .script(job.jobArn ?? '', 'Completed')
      .getJob(job.jobArn ?? '');
    const next = applyBedrockReport(job, report, new Date('2026-11-26T13:00:00Z'));
    expect(next).toMatchObject({ status: 'Completed', version: 2, bedrockStatus: 'Completed' });
    expect(next && 'customModelArn' in next ? next.customModelArn : undefined).toMatch(/custom-model/);
  });

  it('does not move a stopping job back to InProgress on a stale report', async () => {
    const job = inProgressJob({ status: 'Stopping' });
    const report = await new ScriptedCustomizer()
      .script(job.jobArn ?? '', 'InProgress')
      .getJob(job.jobArn ?? '');
    expect(applyBedrockReport(job, report, new Date())).toBeUndefined();
  });
});

describe('watchActiveJobs', () => {
  it('moves each active job as Bedrock reports and announces each change once', async () => {
    const { jobs, customizer, announced, dependencies } = setup();
    const job = inProgressJob();
    await jobs.create(job);
    customizer.script(job.jobArn ?? '', 'InProgress', 'Completed');

    const first = await watchActiveJobs(dependencies);
    const second = await watchActiveJobs(dependencies);
    const third = await watchActiveJobs(dependencies);

    expect([first.changed, second.changed, third.changed]).toEqual([0, 1, 0]);
    expect(third.checked).toBe(0);
    expect(announced.map((entry) => `${entry.previous.status}->${entry.job.status}`)).toEqual([
      'InProgress->Completed',
    ]);
    expect((await jobs.get(job.jobId))?.status).toBe('Completed');
  });

  it('announces once when two runs overlap on the same job', async () => {
    const { jobs, customizer, announced, dependencies } = setup();
    const job = inProgressJob();
    await jobs.create(job);
    customizer.script(job.jobArn ?? '', 'Failed');

    await Promise.all([watchActiveJobs(dependencies), watchActiveJobs(dependencies)]);

    expect(announced).toHaveLength(1);
    expect(announced[0]?.job).toMatchObject({ status: 'Failed', failureMessage: 'Bedrock gave no reason.' });
  });

  it('keeps going past a job Bedrock throttles, leaving it for the next run', async () => {
    const { jobs, customizer, dependencies } = setup();
    const throttled = inProgressJob({ jobId: 'j1', jobArn: 'arn:j1' });
    const fine = inProgressJob({ jobId: 'j2', jobArn: 'arn:j2' });
    await jobs.create(throttled);
    await jobs.create(fine);
    customizer.script('arn:j1', new ThrottledError('slow down'), 'Completed').script('arn:j2', 'Stopped');

    const first = await watchActiveJobs(dependencies);
    const second = await watchActiveJobs(dependencies);

    expect(first).toEqual({ checked: 2, changed: 1, failed: 1 });
    expect(second).toEqual({ checked: 1, changed: 1, failed: 0 });
  });
});
