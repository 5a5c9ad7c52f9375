/**
 * Everything the emulator remembers: jobs, custom models, Provisioned Throughputs, custom model
 * deployments, and each custom model's training data (what it answers from). Kept in memory and, with a directory, written to
 * JSON files there after every change, so `npm start` restarts keep it. Statuses are never stored:
 * they are computed from the timestamps here and the clock (`lifecycle.ts`).
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as z from 'zod';
import type { Dataset } from './training-data.js';

const tagSchema = z.object({ key: z.string(), value: z.string() });

/** What a custom model keeps from the job that trained it, in the same fields. */
const trainingSettings = {
  baseModelId: z.string(),
  baseModelArn: z.string(),
  customizationType: z.enum(['FINE_TUNING', 'CONTINUED_PRE_TRAINING']),
  hyperParameters: z.record(z.string(), z.string()),
  trainingDataUri: z.string(),
  validationDataUris: z.array(z.string()),
  outputDataUri: z.string(),
};

const jobSchema = z.object({
  jobId: z.string(),
  jobArn: z.string(),
  jobName: z.string(),
  region: z.string(),
  customModelName: z.string(),
  roleArn: z.string(),
  clientRequestToken: z.string().optional(),
  ...trainingSettings,
  jobTags: z.array(tagSchema),
  customModelTags: z.array(tagSchema),
  creationTime: z.number(),
  /** When the data is read and checked: the end of Bedrock's validation phase. */
  trainingStartsAt: z.number(),
  completesAt: z.number(),
  stoppingMs: z.number(),
  stopRequestedAt: z.number().optional(),
  dataChecked: z.boolean(),
  /**
   * The id its custom model will get, chosen at creation so that the model has an ARN while it is
   * Creating (absent in state files written before that: the id is drawn at completion then).
   */
  modelId: z.string().optional(),
  /** `stage` names the statusDetails stage that failed (absent in older files: data processing). */
  failure: z
    .object({ at: z.number(), message: z.string(), stage: z.enum(['dataProcessing', 'training']).optional() })
    .optional(),
  completion: z
    .object({
      at: z.number(),
      modelId: z.string(),
      trainingLoss: z.number(),
      validationLoss: z.number().optional(),
    })
    .optional(),
});
export type JobRecord = z.infer<typeof jobSchema>;

const customModelSchema = z.object({
  modelId: z.string(),
  modelArn: z.string(),
  modelName: z.string(),
  region: z.string(),
  jobArn: z.string(),
  jobName: z.string(),
  ...trainingSettings,
  creationTime: z.number(),
  trainingLoss: z.number(),
  validationLoss: z.number().optional(),
});
export type CustomModelRecord = z.infer<typeof customModelSchema>;

const provisionedSchema = z.object({
  id: z.string(),
  arn: z.string(),
  name: z.string(),
  region: z.string(),
  modelArn: z.string(),
  foundationModelArn: z.string(),
  modelUnits: z.number(),
  commitmentDuration: z.string().optional(),
  creationTime: z.number(),
  readyAt: z.number(),
  clientRequestToken: z.string().optional(),
});
export type ProvisionedRecord = z.infer<typeof provisionedSchema>;

const deploymentSchema = z.object({
  id: z.string(),
  arn: z.string(),
  name: z.string(),
  region: z.string(),
  modelArn: z.string(),
  description: z.string().optional(),
  tags: z.array(tagSchema),
  creationTime: z.number(),
  readyAt: z.number(),
  clientRequestToken: z.string().optional(),
});
export type DeploymentRecord = z.infer<typeof deploymentSchema>;

const stateSchema = z.object({
  version: z.literal(1),
  jobs: z.array(jobSchema),
  customModels: z.array(customModelSchema),
  provisioned: z.array(provisionedSchema),
  // Absent in state files written before deployments were emulated.
  deployments: z.array(deploymentSchema).default([]),
});

const datasetSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('examples'),
    examples: z.array(z.object({ prompt: z.string(), completion: z.string() })),
  }),
  z.object({ kind: z.literal('passages'), passages: z.array(z.string()) }),
]);

const STATE_FILE = 'state.json';
const DATASETS_FOLDER = 'datasets';

export class EmulatorState {
  jobs: JobRecord[] = [];
  customModels: CustomModelRecord[] = [];
  provisioned: ProvisionedRecord[] = [];
  deployments: DeploymentRecord[] = [];
  private readonly datasets = new Map<string, Dataset>();
  private writing: Promise<void> = Promise.resolve();

  private constructor(private readonly directory: string | undefined) {}

  static async open(directory: string | undefined): Promise<EmulatorState> {
    const state = new EmulatorState(directory);
    if (!directory) return state;
    await mkdir(join(directory, DATASETS_FOLDER), { recursive: true });
    const text = await readFile(join(directory, STATE_FILE), 'utf8').catch((error: unknown) => {
      if (isMissingFile(error)) return undefined;
      throw error;
    });
    if (text !== undefined) {
      const parsed = stateSchema.safeParse(JSON.parse(text));
      if (!parsed.success) {
        throw new Error(
          `The Bedrock emulator's state file ${join(directory, STATE_FILE)} is not readable (${parsed.error.message}); delete it to start afresh.`,
        );
      }
      state.jobs = parsed.data.jobs;
      state.customModels = parsed.data.customModels;
      state.provisioned = parsed.data.provisioned;
      state.deployments = parsed.data.deployments;
    }
    return state;
  }

  /** Writes the state file (whole, then renamed into place, so a crash never leaves half a file). */
  save(): Promise<void> {
    const directory = this.directory;
    if (!directory) return Promise.resolve();
    const snapshot = JSON.stringify({
      version: 1,
      jobs: this.jobs,
      customModels: this.customModels,
      provisioned: this.provisioned,
      deployments: this.deployments,
    });
    this.writing = this.writing.then(async () => {
      const path = join(directory, STATE_FILE);
      await writeFile(`${path}.tmp`, snapshot);
      await rename(`${path}.tmp`, path);
    });
    return this.writing;
  }

  async saveDataset(modelId: string, dataset: Dataset): Promise<void> {
    this.datasets.set(modelId, dataset);
    if (this.directory)
      await writeFile(join(this.directory, DATASETS_FOLDER, `${modelId}.json`), JSON.stringify(dataset));
  }

  async loadDataset(modelId: string): Promise<Dataset | undefined> {
    const cached = this.datasets.get(modelId);
    if (cached || !this.directory) return cached;
    const text = await readFile(join(this.directory, DATASETS_FOLDER, `${modelId}.json`), 'utf8').catch(
      (error: unknown) => {
        if (isMissingFile(error)) return undefined;
        throw error;
      },
    );
    if (text === undefined) return undefined;
    const dataset = datasetSchema.parse(JSON.parse(text));
    this.datasets.set(modelId, dataset);
    return dataset;
  }

  async flush(): Promise<void> {
    await this.writing;
  }
}

function isMissingFile(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === 'ENOENT';
}
