/**
 * The loss curves an emulated job "trains" with, and the CSV files Bedrock writes from them
 * (docs/bedrock-emulator-world.md, "Jobs"): `step_wise_training_metrics.csv` with one row per step
 * (`step_number` from 0, `epoch_number` from 1, `training_loss`, `perplexity`) and
 * `validation_metrics.csv` with one row per epoch (`validation_loss` instead of `training_loss`).
 * The curve decays exponentially towards a floor with seeded noise, so the same job id always
 * yields the same files.
 */
import { seededRandom } from './random.js';

export interface TrainingRun {
  seed: number;
  trainingRecords: number;
  batchSize: number;
  epochs: number;
  /** Absent when the job had no validation set: no validation rows then. */
  validationRecords?: number;
}

export interface MetricRow {
  step: number;
  epoch: number;
  loss: number;
  perplexity: number;
}

export interface TrainingCurves {
  training: MetricRow[];
  validation: MetricRow[];
  finalTrainingLoss: number;
  finalValidationLoss: number | undefined;
}

/** Bedrock's step count: one optimiser step per batch, for every epoch. */
export function stepCount(trainingRecords: number, batchSize: number, epochs: number): number {
  return Math.ceil(trainingRecords / Math.max(1, batchSize)) * epochs;
}

export function simulateTraining(run: TrainingRun): TrainingCurves {
  const random = seededRandom(run.seed);
  const stepsPerEpoch = Math.ceil(run.trainingRecords / Math.max(1, run.batchSize));
  const total = stepsPerEpoch * run.epochs;
  const start = 2.2 + random() * 0.8;
  const floor = 0.3 + random() * 0.25;
  const training: MetricRow[] = [];
  for (let step = 0; step < total; step++) {
    const progress = total === 1 ? 1 : step / (total - 1);
    const trend = floor + (start - floor) * Math.exp(-4 * progress);
    // ±6% multiplicative noise: visible jitter that never overturns the trend between epochs.
    const loss = round(trend * (1 + (random() - 0.5) * 0.12));
    training.push({
      step,
      epoch: Math.floor(step / stepsPerEpoch) + 1,
      loss,
      perplexity: round(Math.exp(loss)),
    });
  }
  const validation: MetricRow[] = [];
  if (run.validationRecords !== undefined && run.validationRecords > 0) {
    for (let epoch = 1; epoch <= run.epochs; epoch++) {
      const rows = training.filter((row) => row.epoch === epoch);
      const mean = rows.reduce((sum, row) => sum + row.loss, 0) / Math.max(1, rows.length);
      // Held-out loss sits a little above the training loss, as it does on real runs.
      const loss = round(mean * (1.04 + random() * 0.04));
      const lastStep = rows.at(-1)?.step ?? 0;
      validation.push({ step: lastStep, epoch, loss, perplexity: round(Math.exp(loss)) });
    }
  }
  return {
    training,
    validation,
    finalTrainingLoss: training.at(-1)?.loss ?? start,
    finalValidationLoss: validation.at(-1)?.loss,
  };
}

export function trainingMetricsCsv(rows: readonly MetricRow[]): string {
  return metricsCsv('training_loss', rows);
}

export function validationMetricsCsv(rows: readonly MetricRow[]): string {
  return metricsCsv('validation_loss', rows);
}

function metricsCsv(lossColumn: string, rows: readonly MetricRow[]): string {
  const lines = [`step_number,epoch_number,${lossColumn},perplexity`];
  for (const row of rows) lines.push(`${row.step},${row.epoch},${row.loss},${row.perplexity}`);
  return `${lines.join('\n')}\n`;
}

function round(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
