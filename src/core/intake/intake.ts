/**
 * Dataset intake: a shared file (from Slack or an upload link) becomes a stored, validated
 * dataset of its channel, or a report of everything wrong with it. Files in the model's JSONL
 * are validated as they are; CSV, TSV, JSON arrays, Dolly/Alpaca records, text, Markdown and PDF
 * are converted first and the result is validated. Only a valid dataset is stored, under
 * `datasets/<team>/<channel>/<id>.jsonl`, the id derived from the content, the model and the type:
 * the same content shared twice for one model is one dataset, for two models two.
 *
 * The model is one of those offered in the region (`offeredModels`): the one named with
 * `--model`, else the region's default for the type. Where the region offers no model for the type
 * (continued pre-training today), the answer is the plain message of
 * `customizationUnavailableMessage` instead of a conversion.
 */
import {
  type CatalogModel,
  catalogOffers,
  chooseOffered,
  customizationTypeLabel,
  customizationUnavailableMessage,
  defaultEpochs,
  defaultOffered,
  findModel,
  type ModelOffers,
  type OfferedModel,
  requireSpec,
} from '../catalog/index.js';
import {
  type ConversionSummary,
  convertDataset,
  detectInputKind,
  type InputKind,
  type ValidationProgress,
  type ValidationReport,
  validateDataset,
} from '../dataset/index.js';
import { InputError } from '../errors.js';
import type { CustomizationType } from '../jobs/job.js';
import type { Clock, DatasetIndex, DatasetStore } from '../ports.js';
import { type DatasetEntry, datasetIdFor } from './dataset-entry.js';
import { ScratchFile } from './scratch.js';

export interface IntakeOptions {
  model?: string;
  type?: CustomizationType;
  /** Share of records set aside for validation (converted datasets and JSONL alike), checked by `intakeOptionsFrom`. */
  split?: number;
  epochs?: number;
  /** Columns (or keys) joined into the prompt / the completion / the text, when they cannot be guessed. */
  promptColumns?: string[];
  completionColumns?: string[];
  textColumns?: string[];
}

export interface IntakeRequest {
  teamId: string;
  channelId: string;
  userId: string;
  fileName: string;
  source: DatasetEntry['source'];
  options: IntakeOptions;
  /** The file's bytes; called once. */
  download(): Promise<AsyncIterable<Uint8Array>>;
  /**
   * What the region offers (`offeredModels`). Absent: the catalog's own view of every region,
   * which never offers a model past its end of life but was not checked against Bedrock.
   */
  offered?: ModelOffers;
  /** Progress of the long steps, for a message that updates itself. */
  onProgress?(progress: {
    phase: 'validating' | 'converting';
    fraction: number | undefined;
  }): Promise<void> | void;
}

export interface IntakeOutcome {
  model: CatalogModel;
  /** The model as offered: its lifecycle and notes (a legacy model's end date). */
  offered: OfferedModel;
  type: CustomizationType;
  inputKind: InputKind;
  modelWasDefault: boolean;
  conversion?: ConversionSummary;
  report: ValidationReport;
  validationReport?: ValidationReport;
  /** Set when the dataset was valid and stored. */
  entry?: DatasetEntry;
}

export interface IntakeDependencies {
  datasetStore: DatasetStore;
  datasets: DatasetIndex;
  clock: Clock;
}

/** What a JSONL file's first record says about the type it is meant for. */
function typeFromHead(kind: InputKind, head: Uint8Array): CustomizationType {
  if (kind === 'text' || kind === 'markdown' || kind === 'pdf') return 'CONTINUED_PRE_TRAINING';
  if (kind === 'csv' || kind === 'tsv') return 'FINE_TUNING';
  const firstLine = Buffer.from(head).toString('utf8').split('\n', 1)[0] ?? '';
  return /^\s*[[{]?\s*\{?\s*"input"\s*:/.test(firstLine) && !firstLine.includes('"prompt"')
    ? 'CONTINUED_PRE_TRAINING'
    : 'FINE_TUNING';
}

/**
 * The model a file is checked for: the one named, if the region offers it for the type, else the
 * region's default. An `InputError` says why not and what is offered, or that the type is not
 * available here at all.
 */
function offeredModelFor(
  offers: ModelOffers,
  type: CustomizationType,
  named: string | undefined,
  now: Date,
): OfferedModel {
  const offer = offers[type];
  if (named !== undefined) {
    const choice = chooseOffered(offer, named, { now });
    if (!choice.ok)
      throw new InputError(choice.problem, { field: choice.cause === 'none-offered' ? 'type' : 'model' });
    return choice.offered;
  }
  const fallback = defaultOffered(offer);
  if (!fallback) {
    throw new InputError(customizationUnavailableMessage(type, offer.region, { now }), { field: 'type' });
  }
  return fallback;
}

/**
 * A converted (or split) file's problems cite the lines of the file the person shared, which is
 * the only file they have seen; a JSONL file checked as it is cites its own lines.
 */
function sourceLinesOf(
  written: ScratchFile,
  original: ScratchFile,
): { sourceLine?: (line: number) => number } {
  const mapping = written === original ? undefined : written.sources.mapping;
  return mapping ? { sourceLine: mapping } : {};
}

export async function intakeDataset(
  request: IntakeRequest,
  dependencies: IntakeDependencies,
): Promise<IntakeOutcome> {
  const modelWasDefault = request.options.model === undefined;
  // A name tune does not know at all is refused before the download.
  if (request.options.model !== undefined && !findModel(request.options.model)) {
    const offers = request.offered ?? catalogOffers({ now: dependencies.clock.now() });
    offeredModelFor(
      offers,
      request.options.type ?? 'FINE_TUNING',
      request.options.model,
      dependencies.clock.now(),
    );
  }
  const original = await ScratchFile.from(await request.download());
  const scratch: ScratchFile[] = [original];
  try {
    const inputKind = detectInputKind(request.fileName, await original.head());
    const type = request.options.type ?? typeFromHead(inputKind, await original.head());
    const now = dependencies.clock.now();
    const offered = offeredModelFor(
      request.offered ?? catalogOffers({ now }),
      type,
      request.options.model,
      now,
    );
    // `chooseOffered` and `defaultOffered` only return models with a catalog row.
    const model = offered.model;
    if (!model) throw new InputError(`${offered.name}: tune has no catalog row for it.`, { field: 'model' });
    const spec = requireSpec(model, type);
    const epochs = request.options.epochs ?? defaultEpochs(spec);
    const progress = (phase: 'validating' | 'converting', total: number) => (update: { bytes: number }) =>
      request.onProgress?.({ phase, fraction: total > 0 ? Math.min(1, update.bytes / total) : undefined });

    let training = original;
    let validation: ScratchFile | undefined;
    let conversion: ConversionSummary | undefined;
    if (inputKind !== 'jsonl' || request.options.split !== undefined) {
      training = await ScratchFile.create('training.jsonl');
      scratch.push(training);
      if (request.options.split !== undefined) {
        validation = await ScratchFile.create('validation.jsonl');
        scratch.push(validation);
      }
      const target = validation;
      conversion = await convertDataset(original.open(), {
        model,
        target: type,
        fileName: request.fileName,
        inputKind,
        ...(request.options.promptColumns ? { promptColumns: request.options.promptColumns } : {}),
        ...(request.options.completionColumns
          ? { completionColumns: request.options.completionColumns }
          : {}),
        ...(request.options.textColumns ? { textColumns: request.options.textColumns } : {}),
        writeTraining: (line, sourceLine) => training.writeLine(line, sourceLine),
        ...(target
          ? {
              writeValidation: (line: string, sourceLine: number | undefined) =>
                target.writeLine(line, sourceLine),
              split: { fraction: request.options.split ?? 0.1, seed: 1 },
            }
          : {}),
        onProgress: progress('converting', original.bytes),
      });
      await training.close();
      await validation?.close();
    }

    const report = await validateDataset(training.open(), {
      model,
      customizationType: type,
      role: 'training',
      epochs,
      totalBytes: training.bytes,
      ...sourceLinesOf(training, original),
      ...(validation ? { companionRecords: validation.lines } : {}),
      onProgress: (update: ValidationProgress) => progress('validating', training.bytes)(update),
    });
    const validationReport = validation
      ? await validateDataset(validation.open(), {
          model,
          customizationType: type,
          role: 'validation',
          epochs,
          companionRecords: report.records,
          ...sourceLinesOf(validation, original),
        })
      : undefined;

    const outcome: IntakeOutcome = {
      model,
      offered,
      type,
      inputKind,
      modelWasDefault,
      report,
      ...(conversion ? { conversion } : {}),
      ...(validationReport ? { validationReport } : {}),
    };
    if (!report.valid || (validationReport && !validationReport.valid) || report.records === 0)
      return outcome;

    const datasetId = datasetIdFor(training.sha256, model.id, type);
    const prefix = `datasets/${request.teamId}/${request.channelId}/${datasetId}`;
    const key = `${prefix}.jsonl`;
    const reportKey = `${prefix}.report.json`;
    await dependencies.datasetStore.put(key, training.open(), {
      contentType: 'application/jsonl',
      metadata: { name: request.fileName.slice(0, 200), model: model.id, type },
    });
    let validationKey: string | undefined;
    if (validation && validationReport) {
      validationKey = `${prefix}.validation.jsonl`;
      await dependencies.datasetStore.put(validationKey, validation.open(), {
        contentType: 'application/jsonl',
      });
    }
    await dependencies.datasetStore.put(
      reportKey,
      JSON.stringify({ report, validationReport, conversion }, null, 2),
      { contentType: 'application/json' },
    );
    const entry: DatasetEntry = {
      datasetId,
      teamId: request.teamId,
      channelId: request.channelId,
      userId: request.userId,
      name: request.fileName,
      key,
      reportKey,
      ...(inputKind === 'jsonl' ? {} : { convertedFrom: inputKind }),
      customizationType: type,
      format: report.format,
      modelId: model.id,
      valid: true,
      records: report.records,
      bytes: training.bytes,
      tokens: {
        total: report.tokens.total,
        max: report.tokens.max,
        p95: report.tokens.p95,
        exact: report.tokens.exact,
      },
      errorCount: report.errorCount,
      warningCount: report.warningCount,
      estimatedCostUsd: report.cost.usd,
      epochs,
      ...(validationKey && validationReport
        ? { validationKey, validationRecords: validationReport.records }
        : {}),
      source: request.source,
      createdAt: dependencies.clock.now().toISOString(),
    };
    await dependencies.datasets.put(entry);
    return { ...outcome, entry };
  } finally {
    await Promise.all(scratch.map((file) => file.remove()));
  }
}

export function describeTarget(outcome: Pick<IntakeOutcome, 'model' | 'type' | 'modelWasDefault'>): string {
  return `${customizationTypeLabel(outcome.type)} of ${outcome.model.name}${outcome.modelWasDefault ? ' (the default; add `--model <id>` to your message to choose another)' : ''}`;
}
