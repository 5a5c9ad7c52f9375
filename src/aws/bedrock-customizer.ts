/**
 * The `Customizer` port on the Bedrock control plane (`@aws-sdk/client-bedrock`). Responses are
 * parsed with zod (`.nullish()` where AWS may drop a field) into the core's types, and SDK errors
 * become core errors in `bedrock-errors.ts`.
 */
import {
  type BedrockClient,
  CreateCustomModelDeploymentCommand,
  CreateModelCustomizationJobCommand,
  CreateProvisionedModelThroughputCommand,
  DeleteCustomModelCommand,
  DeleteCustomModelDeploymentCommand,
  DeleteProvisionedModelThroughputCommand,
  GetCustomModelCommand,
  GetCustomModelDeploymentCommand,
  GetModelCustomizationJobCommand,
  GetProvisionedModelThroughputCommand,
  ListCustomModelDeploymentsCommand,
  ListFoundationModelsCommand,
  ListModelCustomizationJobsCommand,
  ListProvisionedModelThroughputsCommand,
  StopModelCustomizationJobCommand,
} from '@aws-sdk/client-bedrock';
import * as z from 'zod';
import { UpstreamRejectedError } from '../core/errors.js';
import { CUSTOMIZATION_TYPES, type CustomizationType } from '../core/jobs/job.js';
import type {
  CreateCustomizationJobRequest,
  CustomizationJobInfo,
  CustomizationJobSummary,
  Customizer,
  CustomModelDeploymentInfo,
  CustomModelInfo,
  FoundationModelInfo,
  JobStageState,
  ProvisionedThroughputInfo,
  StageStatus,
} from '../core/ports.js';
import { translateBedrockError } from './bedrock-errors.js';

const JOB_STATUSES = ['InProgress', 'Completed', 'Failed', 'Stopping', 'Stopped'] as const;
const jobStatus = z.enum(JOB_STATUSES);
const date = z.date();
/** Bedrock adds customization types over time (distillation, RFT); the core knows two. */
const customizationType = z
  .string()
  .nullish()
  .transform((value): CustomizationType | undefined => CUSTOMIZATION_TYPES.find((known) => known === value));

const foundationModelSchema = z.object({
  modelId: z.string(),
  modelArn: z.string(),
  modelName: z.string().nullish(),
  providerName: z.string().nullish(),
  customizationsSupported: z.array(z.string()).nullish(),
  inferenceTypesSupported: z.array(z.string()).nullish(),
  outputModalities: z.array(z.string()).nullish(),
  responseStreamingSupported: z.boolean().nullish(),
  modelLifecycle: z
    .object({
      status: z.string().nullish(),
      legacyTime: date.nullish(),
      endOfLifeTime: date.nullish(),
    })
    .nullish(),
});

const STAGE_STATES: readonly JobStageState[] = [
  'NotStarted',
  'InProgress',
  'Completed',
  'Failed',
  'Stopping',
  'Stopped',
];
/** One stage of `statusDetails`; a state tune does not know yet is read as no information. */
const stageSchema = z
  .object({ status: z.string().nullish(), creationTime: date.nullish(), lastModifiedTime: date.nullish() })
  .nullish()
  .transform((stage): StageStatus | undefined => {
    const status = STAGE_STATES.find((known) => known === stage?.status);
    return status
      ? {
          status,
          creationTime: optional(stage?.creationTime),
          lastModifiedTime: optional(stage?.lastModifiedTime),
        }
      : undefined;
  });
const statusDetailsSchema = z
  .object({
    validationDetails: stageSchema,
    dataProcessingDetails: stageSchema,
    trainingDetails: stageSchema,
  })
  .nullish();

const jobSchema = z.object({
  jobArn: z.string(),
  jobName: z.string(),
  outputModelName: z.string(),
  outputModelArn: z.string().nullish(),
  status: jobStatus,
  failureMessage: z.string().nullish(),
  baseModelArn: z.string(),
  customizationType,
  hyperParameters: z.record(z.string(), z.string()).nullish(),
  outputDataConfig: z.object({ s3Uri: z.string() }),
  creationTime: date,
  lastModifiedTime: date.nullish(),
  endTime: date.nullish(),
  trainingMetrics: z.object({ trainingLoss: z.number().nullish() }).nullish(),
  validationMetrics: z.array(z.object({ validationLoss: z.number().nullish() })).nullish(),
  statusDetails: statusDetailsSchema,
});

const jobSummarySchema = z.object({
  jobArn: z.string(),
  jobName: z.string(),
  status: jobStatus,
  baseModelArn: z.string(),
  customModelName: z.string().nullish(),
  customModelArn: z.string().nullish(),
  creationTime: date,
  endTime: date.nullish(),
});

const customModelSchema = z.object({
  modelArn: z.string(),
  modelName: z.string(),
  jobArn: z.string().nullish(),
  baseModelArn: z.string().nullish(),
  // Absent before Bedrock added model statuses: a model that exists was then always usable.
  modelStatus: z.enum(['Creating', 'Active', 'Failed']).nullish(),
  trainingMetrics: z.object({ trainingLoss: z.number().nullish() }).nullish(),
  validationMetrics: z.array(z.object({ validationLoss: z.number().nullish() })).nullish(),
});

const DEPLOYMENT_STATUSES = ['Creating', 'Active', 'Failed'] as const;
const deploymentSchema = z.object({
  customModelDeploymentArn: z.string(),
  modelDeploymentName: z.string(),
  modelArn: z.string(),
  createdAt: date,
  status: z.enum(DEPLOYMENT_STATUSES),
  failureMessage: z.string().nullish(),
});
/** The list calls the name `customModelDeploymentName`; Get calls it `modelDeploymentName`. */
const deploymentSummarySchema = deploymentSchema
  .omit({ modelDeploymentName: true })
  .extend({ customModelDeploymentName: z.string() });

const provisionedSchema = z.object({
  provisionedModelArn: z.string(),
  provisionedModelName: z.string(),
  modelArn: z.string(),
  modelUnits: z.number(),
  status: z.enum(['Creating', 'InService', 'Updating', 'Failed']),
  creationTime: date,
  failureMessage: z.string().nullish(),
});

function parse<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new UpstreamRejectedError(
      `Bedrock returned ${what} tune cannot read: ${z.prettifyError(result.error)}`,
    );
  }
  return result.data;
}

const optional = <T>(value: T | null | undefined): T | undefined => value ?? undefined;

function lastValidationLoss(metrics: { validationLoss?: number | null | undefined }[] | null | undefined) {
  return optional(metrics?.at(-1)?.validationLoss);
}

function tagList(tags: Record<string, string>) {
  return Object.entries(tags).map(([key, value]) => ({ key, value }));
}

function toProvisioned(value: unknown): ProvisionedThroughputInfo {
  const throughput = parse(provisionedSchema, value, 'a Provisioned Throughput');
  return {
    provisionedModelArn: throughput.provisionedModelArn,
    provisionedModelName: throughput.provisionedModelName,
    modelArn: throughput.modelArn,
    modelUnits: throughput.modelUnits,
    status: throughput.status,
    creationTime: throughput.creationTime,
    ...(throughput.failureMessage ? { failureMessage: throughput.failureMessage } : {}),
  };
}

function toDeployment(deployment: z.infer<typeof deploymentSchema>): CustomModelDeploymentInfo {
  return {
    deploymentArn: deployment.customModelDeploymentArn,
    deploymentName: deployment.modelDeploymentName,
    modelArn: deployment.modelArn,
    status: deployment.status,
    createdAt: deployment.createdAt,
    failureMessage: optional(deployment.failureMessage),
  };
}

/** The stages Bedrock reported; undefined when it sent no `statusDetails` (jobs may lack them). */
function toStages(details: z.infer<typeof statusDetailsSchema>): CustomizationJobInfo['stages'] {
  if (!details) return undefined;
  return {
    validation: details.validationDetails,
    dataProcessing: details.dataProcessingDetails,
    training: details.trainingDetails,
  };
}

export class BedrockCustomizer implements Customizer {
  private readonly client: BedrockClient;

  constructor(options: { client: BedrockClient }) {
    this.client = options.client;
  }

  async listFoundationModels(
    filter: { customizationType?: CustomizationType } = {},
  ): Promise<FoundationModelInfo[]> {
    const output = await this.call('listing foundation models', () =>
      this.client.send(
        new ListFoundationModelsCommand(
          filter.customizationType ? { byCustomizationType: filter.customizationType } : {},
        ),
      ),
    );
    const models =
      parse(z.array(foundationModelSchema).nullish(), output.modelSummaries, 'a model list') ?? [];
    return models.map((model) => {
      const lifecycle = model.modelLifecycle?.status;
      return {
        modelId: model.modelId,
        modelArn: model.modelArn,
        modelName: model.modelName ?? model.modelId,
        providerName: model.providerName ?? '',
        customizationsSupported: model.customizationsSupported ?? [],
        inferenceTypesSupported: model.inferenceTypesSupported ?? [],
        lifecycleStatus: lifecycle === 'ACTIVE' || lifecycle === 'LEGACY' ? lifecycle : 'UNKNOWN',
        ...(model.modelLifecycle?.legacyTime ? { legacyTime: model.modelLifecycle.legacyTime } : {}),
        ...(model.modelLifecycle?.endOfLifeTime ? { endOfLifeTime: model.modelLifecycle.endOfLifeTime } : {}),
        ...(typeof model.responseStreamingSupported === 'boolean'
          ? { responseStreamingSupported: model.responseStreamingSupported }
          : {}),
        ...(model.outputModalities ? { outputModalities: model.outputModalities } : {}),
      };
    });
  }

  async createJob(request: CreateCustomizationJobRequest): Promise<{ jobArn: string }> {
    const tags = tagList(request.tags);
    const output = await this.call('creating the customization job', () =>
      this.client.send(
        new CreateModelCustomizationJobCommand({
          jobName: request.jobName,
          customModelName: request.customModelName,
          roleArn: request.roleArn,
          baseModelIdentifier: request.baseModelIdentifier,
          customizationType: request.customizationType,
          trainingDataConfig: { s3Uri: request.trainingDataUri },
          ...(request.validationDataUri
            ? { validationDataConfig: { validators: [{ s3Uri: request.validationDataUri }] } }
            : {}),
          outputDataConfig: { s3Uri: request.outputDataUri },
          hyperParameters: request.hyperParameters,
          clientRequestToken: request.clientRequestToken,
          ...(tags.length > 0 ? { jobTags: tags, customModelTags: tags } : {}),
        }),
      ),
    );
    return parse(z.object({ jobArn: z.string() }), output, 'a job creation answer');
  }

  async getJob(jobIdentifier: string): Promise<CustomizationJobInfo> {
    const output = await this.call('getting the customization job', () =>
      this.client.send(new GetModelCustomizationJobCommand({ jobIdentifier })),
    );
    const job = parse(jobSchema, output, 'a customization job');
    return {
      jobArn: job.jobArn,
      jobName: job.jobName,
      status: job.status,
      customModelName: job.outputModelName,
      baseModelArn: job.baseModelArn,
      hyperParameters: job.hyperParameters ?? {},
      outputDataUri: job.outputDataConfig.s3Uri,
      creationTime: job.creationTime,
      failureMessage: optional(job.failureMessage),
      customModelArn: optional(job.outputModelArn),
      customizationType: job.customizationType,
      lastModifiedTime: optional(job.lastModifiedTime),
      endTime: optional(job.endTime),
      trainingLoss: optional(job.trainingMetrics?.trainingLoss),
      validationLoss: lastValidationLoss(job.validationMetrics),
      stages: toStages(job.statusDetails),
    };
  }

  async listJobs(filter: {
    nameContains?: string;
    statusEquals?: CustomizationJobSummary['status'];
    createdAfter?: Date;
  }): Promise<CustomizationJobSummary[]> {
    const summaries: CustomizationJobSummary[] = [];
    let nextToken: string | undefined;
    do {
      const token = nextToken;
      const output = await this.call('listing customization jobs', () =>
        this.client.send(
          new ListModelCustomizationJobsCommand({
            ...(filter.nameContains ? { nameContains: filter.nameContains } : {}),
            ...(filter.statusEquals ? { statusEquals: filter.statusEquals } : {}),
            ...(filter.createdAfter ? { creationTimeAfter: filter.createdAfter } : {}),
            sortBy: 'CreationTime',
            sortOrder: 'Descending',
            maxResults: 100,
            ...(token ? { nextToken: token } : {}),
          }),
        ),
      );
      const page = parse(
        z.object({
          nextToken: z.string().nullish(),
          modelCustomizationJobSummaries: z.array(jobSummarySchema).nullish(),
        }),
        output,
        'a job list',
      );
      for (const job of page.modelCustomizationJobSummaries ?? []) {
        summaries.push({
          jobArn: job.jobArn,
          jobName: job.jobName,
          status: job.status,
          baseModelArn: job.baseModelArn,
          creationTime: job.creationTime,
          customModelName: optional(job.customModelName),
          customModelArn: optional(job.customModelArn),
          endTime: optional(job.endTime),
        });
      }
      nextToken = optional(page.nextToken);
    } while (nextToken);
    return summaries;
  }

  async stopJob(jobIdentifier: string): Promise<void> {
    await this.call('stopping the customization job', () =>
      this.client.send(new StopModelCustomizationJobCommand({ jobIdentifier })),
    );
  }

  async getCustomModel(modelIdentifier: string): Promise<CustomModelInfo> {
    const output = await this.call('getting the custom model', () =>
      this.client.send(new GetCustomModelCommand({ modelIdentifier })),
    );
    const model = parse(customModelSchema, output, 'a custom model');
    return {
      modelArn: model.modelArn,
      modelName: model.modelName,
      jobArn: model.jobArn ?? '',
      baseModelArn: model.baseModelArn ?? '',
      status: model.modelStatus ?? 'Active',
      trainingLoss: optional(model.trainingMetrics?.trainingLoss),
      validationLoss: lastValidationLoss(model.validationMetrics),
    };
  }

  async createProvisionedThroughput(request: {
    provisionedModelName: string;
    modelId: string;
    modelUnits: number;
    clientRequestToken: string;
    tags: Record<string, string>;
  }): Promise<{ provisionedModelArn: string }> {
    const tags = tagList(request.tags);
    const output = await this.call('buying Provisioned Throughput', () =>
      this.client.send(
        new CreateProvisionedModelThroughputCommand({
          provisionedModelName: request.provisionedModelName,
          modelId: request.modelId,
          modelUnits: request.modelUnits,
          clientRequestToken: request.clientRequestToken,
          ...(tags.length > 0 ? { tags } : {}),
        }),
      ),
    );
    return parse(z.object({ provisionedModelArn: z.string() }), output, 'a Provisioned Throughput answer');
  }

  async getProvisionedThroughput(provisionedModelId: string): Promise<ProvisionedThroughputInfo> {
    const output = await this.call('getting the Provisioned Throughput', () =>
      this.client.send(new GetProvisionedModelThroughputCommand({ provisionedModelId })),
    );
    return toProvisioned(output);
  }

  async listProvisionedThroughputs(): Promise<ProvisionedThroughputInfo[]> {
    const throughputs: ProvisionedThroughputInfo[] = [];
    let nextToken: string | undefined;
    do {
      const token = nextToken;
      const output = await this.call('listing Provisioned Throughputs', () =>
        this.client.send(
          new ListProvisionedModelThroughputsCommand({
            maxResults: 100,
            ...(token ? { nextToken: token } : {}),
          }),
        ),
      );
      const page = parse(
        z.object({
          nextToken: z.string().nullish(),
          provisionedModelSummaries: z.array(z.unknown()).nullish(),
        }),
        output,
        'a Provisioned Throughput list',
      );
      for (const summary of page.provisionedModelSummaries ?? []) throughputs.push(toProvisioned(summary));
      nextToken = optional(page.nextToken);
    } while (nextToken);
    return throughputs;
  }

  async deleteProvisionedThroughput(provisionedModelId: string): Promise<void> {
    await this.call('deleting the Provisioned Throughput', () =>
      this.client.send(new DeleteProvisionedModelThroughputCommand({ provisionedModelId })),
    );
  }

  async createCustomModelDeployment(request: {
    deploymentName: string;
    modelArn: string;
    clientRequestToken: string;
    tags: Record<string, string>;
    description?: string;
  }): Promise<{ deploymentArn: string }> {
    const tags = tagList(request.tags);
    const output = await this.call('deploying the custom model', () =>
      this.client.send(
        new CreateCustomModelDeploymentCommand({
          modelDeploymentName: request.deploymentName,
          modelArn: request.modelArn,
          clientRequestToken: request.clientRequestToken,
          ...(request.description ? { description: request.description } : {}),
          ...(tags.length > 0 ? { tags } : {}),
        }),
      ),
    );
    const created = parse(
      z.object({ customModelDeploymentArn: z.string() }),
      output,
      'a custom model deployment answer',
    );
    return { deploymentArn: created.customModelDeploymentArn };
  }

  async getCustomModelDeployment(identifier: string): Promise<CustomModelDeploymentInfo> {
    const output = await this.call('getting the custom model deployment', () =>
      this.client.send(new GetCustomModelDeploymentCommand({ customModelDeploymentIdentifier: identifier })),
    );
    return toDeployment(parse(deploymentSchema, output, 'a custom model deployment'));
  }

  async listCustomModelDeployments(): Promise<CustomModelDeploymentInfo[]> {
    const deployments: CustomModelDeploymentInfo[] = [];
    let nextToken: string | undefined;
    do {
      const token = nextToken;
      const output = await this.call('listing custom model deployments', () =>
        this.client.send(
          new ListCustomModelDeploymentsCommand({ maxResults: 100, ...(token ? { nextToken: token } : {}) }),
        ),
      );
      const page = parse(
        z.object({
          nextToken: z.string().nullish(),
          modelDeploymentSummaries: z.array(deploymentSummarySchema).nullish(),
        }),
        output,
        'a custom model deployment list',
      );
      for (const { customModelDeploymentName, ...summary } of page.modelDeploymentSummaries ?? []) {
        deployments.push(toDeployment({ ...summary, modelDeploymentName: customModelDeploymentName }));
      }
      nextToken = optional(page.nextToken);
    } while (nextToken);
    return deployments;
  }

  async deleteCustomModelDeployment(identifier: string): Promise<void> {
    await this.call('deleting the custom model deployment', () =>
      this.client.send(
        new DeleteCustomModelDeploymentCommand({ customModelDeploymentIdentifier: identifier }),
      ),
    );
  }

  async deleteCustomModel(modelIdentifier: string): Promise<void> {
    await this.call('deleting the custom model', () =>
      this.client.send(new DeleteCustomModelCommand({ modelIdentifier })),
    );
  }

  private async call<T>(doing: string, send: () => Promise<T>): Promise<T> {
    try {
      return await send();
    } catch (error) {
      throw translateBedrockError(error, doing);
    }
  }
}
