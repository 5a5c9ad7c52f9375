/** In-memory ports that enforce the same rules as the DynamoDB adapters. */
import { ConflictError, JobStateConflictError, NotFoundError } from '../../src/core/errors.js';
import type { DatasetEntry } from '../../src/core/intake/dataset-entry.js';
import type { PendingUpload, UploadStore } from '../../src/core/intake/upload.js';
import { type Job, type JobStatus, needsWatching } from '../../src/core/jobs/job.js';
import type { Proposal, ProposalStatus } from '../../src/core/jobs/proposal.js';
import type {
  Acquisition,
  Clock,
  DatasetIndex,
  DatasetStore,
  EvaluationResultsStore,
  IdempotencyStore,
  JobStore,
  Lease,
  ProposalStore,
  Queue,
  QueueMessage,
  StoredObject,
} from '../../src/core/ports.js';

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
  async markAnnounced(job: Job, throughVersion: number): Promise<Job> {
    const stored = this.jobs.get(job.jobId);
    if (!stored) throw new NotFoundError(`No job ${job.jobId}.`);
    const marked = { ...stored, announcedVersion: Math.max(stored.announcedVersion, throughVersion) };
    this.jobs.set(job.jobId, marked);
    return structuredClone(marked);
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
  private readonly records = new Map<
    string,
    { state: 'IN_PROGRESS' | 'COMPLETED'; holder: string; expires: number }
  >();
  private holders = 0;
  constructor(private readonly clock: Clock) {}
  async acquire(key: string, leaseSeconds: number): Promise<Acquisition> {
    const now = this.clock.now().getTime();
    const record = this.records.get(key);
    if (record && record.expires > now) {
      return record.state === 'COMPLETED'
        ? { state: 'completed' }
        : { state: 'held', expiresAt: new Date(record.expires) };
    }
    const holder = `holder-${++this.holders}`;
    this.records.set(key, { state: 'IN_PROGRESS', holder, expires: now + leaseSeconds * 1000 });
    return { state: 'acquired', lease: { key, holder } };
  }
  async complete(lease: Lease, keepSeconds: number): Promise<void> {
    const record = this.records.get(lease.key);
    if (record?.holder !== lease.holder) return;
    this.records.set(lease.key, {
      state: 'COMPLETED',
      holder: lease.holder,
      expires: this.clock.now().getTime() + keepSeconds * 1000,
    });
  }
  async release(lease: Lease): Promise<void> {
    const record = this.records.get(lease.key);
    if (record?.holder === lease.holder && record.state === 'IN_PROGRESS') this.records.delete(lease.key);
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

export class InMemoryProposalStore implements ProposalStore {
  readonly proposals = new Map<string, Proposal>();
  async create(proposal: Proposal): Promise<void> {
    if (this.proposals.has(proposal.proposalId))
      throw new ConflictError(`Proposal ${proposal.proposalId} exists.`);
    this.proposals.set(proposal.proposalId, structuredClone(proposal));
  }
  async get(proposalId: string): Promise<Proposal | undefined> {
    const proposal = this.proposals.get(proposalId);
    return proposal ? structuredClone(proposal) : undefined;
  }
  async update(proposal: Proposal, expected: ProposalStatus): Promise<void> {
    const stored = this.proposals.get(proposal.proposalId);
    if (!stored || stored.status !== expected)
      throw new JobStateConflictError(`Proposal is no longer ${expected}.`);
    this.proposals.set(proposal.proposalId, structuredClone(proposal));
  }
}

/** Objects in memory under one fake bucket. */
export class InMemoryDatasetStore implements DatasetStore {
  readonly objects = new Map<string, { body: Buffer; metadata: Record<string, string> }>();
  uri(key: string): string {
    return `s3://memory-bucket/${key}`;
  }
  async put(
    key: string,
    body: Uint8Array | string | AsyncIterable<Uint8Array>,
    options: { metadata?: Record<string, string> } = {},
  ): Promise<void> {
    let bytes: Buffer;
    if (typeof body === 'string' || body instanceof Uint8Array) bytes = Buffer.from(body);
    else {
      const chunks: Uint8Array[] = [];
      for await (const chunk of body) chunks.push(chunk);
      bytes = Buffer.concat(chunks);
    }
    this.objects.set(key, { body: bytes, metadata: options.metadata ?? {} });
  }
  async get(key: string): Promise<AsyncIterable<Uint8Array>> {
    const object = this.objects.get(key);
    if (!object) throw new NotFoundError(`no object ${key}`);
    return (async function* () {
      yield object.body;
    })();
  }
  async getText(key: string): Promise<string | undefined> {
    return this.objects.get(key)?.body.toString('utf8');
  }
  async head(key: string): Promise<StoredObject | undefined> {
    const object = this.objects.get(key);
    return object ? { key, size: object.body.length, metadata: object.metadata } : undefined;
  }
  async list(prefix: string): Promise<StoredObject[]> {
    return [...this.objects.entries()]
      .filter(([key]) => key.startsWith(prefix))
      .map(([key, object]) => ({ key, size: object.body.length, metadata: object.metadata }));
  }
  async presignUpload(key: string): Promise<string> {
    return `https://memory-bucket.example/${key}?signed`;
  }
}

export class InMemoryDatasetIndex implements DatasetIndex {
  readonly entries = new Map<string, DatasetEntry>();
  async put(entry: DatasetEntry): Promise<void> {
    this.entries.set(`${entry.teamId}#${entry.channelId}#${entry.datasetId}`, structuredClone(entry));
  }
  async get(teamId: string, channelId: string, datasetId: string): Promise<DatasetEntry | undefined> {
    const entry = this.entries.get(`${teamId}#${channelId}#${datasetId}`);
    return entry ? structuredClone(entry) : undefined;
  }
  async listByChannel(teamId: string, channelId: string, limit: number): Promise<DatasetEntry[]> {
    return [...this.entries.values()]
      .filter((entry) => entry.teamId === teamId && entry.channelId === channelId)
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
      .slice(0, limit);
  }
}

export class InMemoryUploadStore implements UploadStore {
  readonly uploads = new Map<string, PendingUpload>();
  async put(upload: PendingUpload): Promise<void> {
    this.uploads.set(upload.uploadId, upload);
  }
  async listPending(): Promise<PendingUpload[]> {
    return [...this.uploads.values()];
  }
  async complete(uploadId: string): Promise<void> {
    this.uploads.delete(uploadId);
  }
}

/** Evaluation results as S3 keeps them: JSON text per id, so what comes back went through JSON. */
export class InMemoryEvaluationResultsStore implements EvaluationResultsStore {
  readonly documents = new Map<string, string>();
  puts = 0;
  async get(evaluationId: string): Promise<unknown> {
    const text = this.documents.get(evaluationId);
    return text === undefined ? undefined : JSON.parse(text);
  }
  async put(evaluationId: string, document: unknown): Promise<void> {
    this.puts++;
    this.documents.set(evaluationId, JSON.stringify(document));
  }
}
