/** In-memory ports that enforce the same rules as the DynamoDB adapters. */
import { ConflictError, JobStateConflictError } from '../../src/core/errors.js';
import { type Job, type JobStatus, needsWatching } from '../../src/core/jobs/job.js';
import type { Clock, IdempotencyStore, JobStore, Queue, QueueMessage } from '../../src/core/ports.js';

export class InMemoryJobStore implements JobStore {
  readonly jobs = new Map<string, Job>();

  async create(job: Job): Promise<void> {
    if (this.jobs.has(job.jobId)) throw new ConflictError(`A job with id ${job.jobId} exists already.`);
    this.jobs.set(job.jobId, structuredClone(job));
  }
  async get(jobId: string): Promise<Job | undefined> {
    const job = this.jobs.get(jobId);
    return job ? structuredClone(job) : undefined;
  }
  async transition(job: Job, expected: JobStatus): Promise<Job> {
    const stored = this.jobs.get(job.jobId);
    if (!stored || stored.status !== expected || stored.version !== job.version - 1) {
      throw new JobStateConflictError(`Job ${job.jobId} is no longer ${expected}.`);
    }
    this.jobs.set(job.jobId, structuredClone(job));
    return job;
  }
  async markAnnounced(jobId: string, version: number): Promise<void> {
    const stored = this.jobs.get(jobId);
    if (stored && stored.version === version && stored.announcedVersion < version) {
      this.jobs.set(jobId, { ...stored, announcedVersion: version });
    }
  }
  async listActive(): Promise<Job[]> {
    return [...this.jobs.values()].filter((job) => needsWatching(job)).map((job) => structuredClone(job));
  }
  async listByChannel(teamId: string, channelId: string, limit: number): Promise<Job[]> {
    return this.newestFirst((job) => job.place.teamId === teamId && job.place.channelId === channelId, limit);
  }
  async listByUser(teamId: string, userId: string, limit: number): Promise<Job[]> {
    return this.newestFirst((job) => job.place.teamId === teamId && job.place.userId === userId, limit);
  }
  private newestFirst(keep: (job: Job) => boolean, limit: number): Job[] {
    return [...this.jobs.values()]
      .filter(keep)
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
      .slice(0, limit)
      .map((job) => structuredClone(job));
  }
}

export class InMemoryIdempotencyStore implements IdempotencyStore {
  private readonly keys = new Map<string, number>();
  constructor(private readonly clock: Clock) {}
  async claim(key: string, ttlSeconds: number): Promise<boolean> {
    const now = this.clock.now().getTime();
    const expires = this.keys.get(key);
    if (expires !== undefined && expires > now) return false;
    this.keys.set(key, now + ttlSeconds * 1000);
    return true;
  }
  async release(key: string): Promise<void> {
    this.keys.delete(key);
  }
}

/** Records what was sent; can be told to fail the next sends. */
export class RecordingQueue<T> implements Queue<T> {
  readonly sent: QueueMessage<T>[] = [];
  failNext = 0;
  async send(message: QueueMessage<T>): Promise<void> {
    if (this.failNext > 0) {
      this.failNext--;
      throw new Error('queue unavailable');
    }
    this.sent.push(structuredClone(message));
  }
}
