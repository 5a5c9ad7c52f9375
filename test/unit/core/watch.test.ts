import { describe, expect, it } from 'vitest';
import { ThrottledError, UpstreamRejectedError } from '../../../src/core/errors.js';
import type { Job } from '../../../src/core/jobs/job.js';
import { applyBedrockReport } from '../../../src/core/jobs/transitions.js';
import {
  STARTING_TIMEOUT_MS,
  type WatchDependencies,
  watchActiveJobs,
} from '../../../src/core/jobs/watch.js';
import type { CustomizationJobSummary } from '../../../src/core/ports.js';
import { FixedClock } from '../../fakes/clock.js';
import { ScriptedCustomizer } from '../../fakes/customizer.js';
import { RecordingLogger } from '../../fakes/logger.js';
import { InMemoryIdempotencyStore, InMemoryJobStore } from '../../fakes/stores.js';
import { inProgressJob } from './jobs-fixture.js';

function setup() {
  const jobs = new InMemoryJobStore();
  const customizer = new ScriptedCustomizer();
  const announced: (Job & { change: string })[] = [];
  const clock = new FixedClock('2026-11-26T12:00:00.000Z');
  let failAnnouncements = 0;
  const dependencies: WatchDependencies = {
    jobs,
    idempotency: new InMemoryIdempotencyStore(clock),
    customizer,
    clock,
    logger: new RecordingLogger(),
    announce: async (job, transition) => {
      if (failAnnouncements > 0) {
        failAnnouncements--;
        throw new Error('Slack is down');
      }
      announced.push({ ...job, change: `${transition.from}->${transition.to}` });
    },
    sleep: async () => {},
  };
  return {
    jobs,
    customizer,
    announced,
    clock,
    dependencies,
    failNextAnnouncements: (count: number) => {
      failAnnouncements = count;
    },
  };
}

describe('applyBedrockReport', () => {
  it('ignores a report of the status the job already has', async () => {
    const job = inProgressJob();
    const report = await new ScriptedCustomizer()
      .script(job.jobArn ?? '', 'InProgress')
      .getJob(job.jobArn ?? '');
    expect(applyBedrockReport(job, report, new Date())).toBeUndefined();
  });

  it('completes a training job, bumping the version, remembering the previous status and the custom model', async () => {
    const job = inProgressJob();
    const report = await new ScriptedCustomizer()
      .script(job.jobArn ?? '', 'Completed')
      .getJob(job.jobArn ?? '');
    const next = applyBedrockReport(job, report, new Date('2026-11-26T13:00:00Z'));
    expect(next).toMatchObject({
      status: 'Completed',
      version: 2,
      transitions: [{ version: 2, from: 'InProgress', to: 'Completed', at: '2026-11-26T13:00:00.000Z' }],
      bedrockStatus: 'Completed',
    });
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

    const runs = [];
    for (let run = 0; run < 3; run++) runs.push(await watchActiveJobs(dependencies));

    expect(runs.map((run) => run.changed)).toEqual([0, 1, 0]);
    expect(runs[2]?.checked).toBe(0);
    expect(announced.map((entry) => entry.change)).toEqual(['InProgress->Completed']);
    expect(await jobs.get(job.jobId)).toMatchObject({ status: 'Completed', announcedVersion: 2 });
  });

  it('announces once when two runs overlap on the same job', async () => {
    const { jobs, customizer, announced, dependencies } = setup();
    const job = inProgressJob();
    await jobs.create(job);
    customizer.script(job.jobArn ?? '', 'Failed');

    await Promise.all([watchActiveJobs(dependencies), watchActiveJobs(dependencies)]);

    expect(announced).toHaveLength(1);
    expect(announced[0]).toMatchObject({ status: 'Failed', failureMessage: 'Bedrock gave no reason.' });
  });

  it('keeps going past a job Bedrock keeps throttling, leaving it for the next run', async () => {
    const { jobs, customizer, dependencies } = setup();
    await jobs.create(inProgressJob({ jobId: 'j1', jobArn: 'arn:j1' }));
    await jobs.create(inProgressJob({ jobId: 'j2', jobArn: 'arn:j2' }));
    const throttle = new ThrottledError('slow down');
    customizer
      .script('arn:j1', throttle, throttle, throttle, throttle, 'Completed')
      .script('arn:j2', 'Stopped');

    const first = await watchActiveJobs(dependencies);
    const second = await watchActiveJobs(dependencies);

    expect(first).toEqual({ checked: 2, changed: 1, announced: 1, failed: 1 });
    expect(second).toEqual({ checked: 1, changed: 1, announced: 1, failed: 0 });
  });

  it('retries a throttled call within the run before giving up', async () => {
    const { jobs, customizer, dependencies } = setup();
    await jobs.create(inProgressJob({ jobId: 'j1', jobArn: 'arn:j1' }));
    customizer.script('arn:j1', new ThrottledError('slow down'), 'Completed');
    expect(await watchActiveJobs(dependencies)).toMatchObject({ changed: 1, failed: 0 });
  });

  it('makes an announcement that failed on a later run, and only then lets the job leave the watch', async () => {
    const { jobs, customizer, announced, dependencies, failNextAnnouncements } = setup();
    const job = inProgressJob();
    await jobs.create(job);
    customizer.script(job.jobArn ?? '', 'Completed');
    failNextAnnouncements(1);

    const first = await watchActiveJobs(dependencies);
    const second = await watchActiveJobs(dependencies);
    const third = await watchActiveJobs(dependencies);

    expect(first).toMatchObject({ changed: 1, announced: 0 });
    expect(second).toMatchObject({ checked: 1, changed: 0, announced: 1 });
    expect(third.checked).toBe(0);
    expect(announced.map((entry) => entry.status)).toEqual(['Completed']);
  });

  it('adopts a job Bedrock accepted while tune crashed before recording its ARN', async () => {
    const { jobs, customizer, announced, dependencies } = setup();
    const starting = inProgressJob({
      status: 'Starting',
      jobArn: undefined,
      jobName: 'tune-model-j9',
      jobId: 'j9',
    });
    await jobs.create(starting);
    const arn = 'arn:aws:bedrock:us-east-1:111122223333:model-customization-job/abc';
    const summary: CustomizationJobSummary = {
      jobArn: arn,
      jobName: 'tune-model-j9',
      status: 'InProgress',
      baseModelArn: 'arn:base',
      creationTime: new Date(),
    };
    customizer.summaries = [summary];
    customizer.script(arn, 'InProgress');

    await watchActiveJobs(dependencies);

    expect(await jobs.get('j9')).toMatchObject({ status: 'InProgress', jobArn: arn });
    expect(announced.map((job) => job.status)).toEqual(['InProgress']);
  });

  it('fails a job that never reached Bedrock once the start can no longer be retried, saying nothing was charged', async () => {
    const { jobs, customizer, clock, dependencies } = setup();
    await jobs.create(
      inProgressJob({ status: 'Starting', jobArn: undefined, createdAt: clock.now().toISOString() }),
    );
    customizer.summaries = [];

    await watchActiveJobs(dependencies);
    expect((await jobs.get('j1'))?.status).toBe('Starting');
    clock.advance(STARTING_TIMEOUT_MS + 1);
    await watchActiveJobs(dependencies);

    expect(await jobs.get('j1')).toMatchObject({ status: 'Failed' });
    expect(JSON.stringify(await jobs.get('j1'))).toContain('Nothing was trained or charged');
  });

  it('posts once when a run finds an announcement owed while another run is still making it', async () => {
    // Regression: run B listed the job after run A's transition but before A recorded its post.
    const { jobs, customizer, dependencies } = setup();
    const job = inProgressJob();
    await jobs.create(job);
    customizer.script(job.jobArn ?? '', 'Completed');
    let release: () => void = () => {};
    const posts: string[] = [];
    const slowAnnounce: WatchDependencies['announce'] = async (announced, transition) => {
      posts.push(`${announced.status}@${transition.version}`);
      await new Promise<void>((resolve) => {
        release = resolve;
      });
    };
    const runA = watchActiveJobs({ ...dependencies, announce: slowAnnounce });
    await new Promise((resolve) => setTimeout(resolve, 10));

    const runB = await watchActiveJobs({ ...dependencies, announce: slowAnnounce });
    release();
    await runA;

    expect(runB.announced).toBe(0);
    expect(posts).toEqual(['Completed@2']);
  });

  it('gives up on an announcement Slack refuses for good, and lets the job leave the watch', async () => {
    const { jobs, customizer, dependencies } = setup();
    const job = inProgressJob();
    await jobs.create(job);
    customizer.script(job.jobArn ?? '', 'Completed');
    const refusing: WatchDependencies['announce'] = async () => {
      throw new UpstreamRejectedError('Slack refused posting in C1: is_archived');
    };

    await watchActiveJobs({ ...dependencies, announce: refusing });

    expect((await jobs.get(job.jobId))?.announcedVersion).toBe(2);
    expect((await watchActiveJobs(dependencies)).checked).toBe(0);
  });

  it('announces every change in order when Slack was down across two of them', async () => {
    const { jobs, customizer, announced, dependencies, failNextAnnouncements } = setup();
    const starting = inProgressJob({ status: 'Starting', jobId: 'j3', jobName: 'tune-j3', jobArn: 'arn:j3' });
    await jobs.create(starting);
    customizer.script('arn:j3', 'InProgress', 'Completed');
    failNextAnnouncements(3);

    await watchActiveJobs(dependencies); // Starting → InProgress: Slack down
    await watchActiveJobs(dependencies); // InProgress → Completed: Slack still down (twice)
    await watchActiveJobs(dependencies); // both owed, in order

    expect(announced.map((entry) => entry.change)).toEqual(['Starting->InProgress', 'InProgress->Completed']);
    expect((await watchActiveJobs(dependencies)).checked).toBe(0);
  });

  it('adopts only the job whose name is exactly its own among those Bedrock lists', async () => {
    const { jobs, customizer, dependencies } = setup();
    await jobs.create(
      inProgressJob({ status: 'Starting', jobArn: undefined, jobName: 'tune-model-j9', jobId: 'j9' }),
    );
    // nameContains matches longer names too: another job whose name contains this one.
    customizer.summaries = [
      {
        jobArn: 'arn:other',
        jobName: 'tune-model-j9-copy',
        status: 'InProgress',
        baseModelArn: 'arn:base',
        creationTime: new Date(),
      },
    ];
    customizer.script('arn:other', 'InProgress');

    await watchActiveJobs(dependencies);

    expect(await jobs.get('j9')).toMatchObject({ status: 'Starting' });
  });

  it('refreshes only the job a Bedrock event names', async () => {
    const { jobs, customizer, dependencies } = setup();
    await jobs.create(inProgressJob({ jobId: 'j1', jobArn: 'arn:j1', jobName: 'tune-j1' }));
    await jobs.create(inProgressJob({ jobId: 'j2', jobArn: 'arn:j2', jobName: 'tune-j2' }));
    customizer.script('arn:j2', 'Completed');

    const result = await watchActiveJobs(dependencies, 8, { jobArn: 'arn:j2' });

    expect(result).toMatchObject({ checked: 1, changed: 1 });
    expect(customizer.calls.map((call) => call.argument)).toEqual(['arn:j2']);
  });
});
