import { describe, expect, it } from 'vitest';
import {
  simulateTraining,
  stepCount,
  trainingMetricsCsv,
  validationMetricsCsv,
} from '../../../src/local/bedrock-emulator/training-metrics.js';

const RUN = { seed: 42, trainingRecords: 500, batchSize: 4, epochs: 3, validationRecords: 50 };

function epochMeans(rows: { epoch: number; loss: number }[]): number[] {
  const sums = new Map<number, { total: number; count: number }>();
  for (const row of rows) {
    const entry = sums.get(row.epoch) ?? { total: 0, count: 0 };
    entry.total += row.loss;
    entry.count++;
    sums.set(row.epoch, entry);
  }
  return [...sums.values()].map((entry) => entry.total / entry.count);
}

describe('stepCount', () => {
  it('is one step per batch per epoch, rounding the last partial batch up', () => {
    expect(stepCount(500, 4, 3)).toBe(375);
    expect(stepCount(10, 3, 2)).toBe(8);
    expect(stepCount(1, 1, 1)).toBe(1);
  });
});

describe('simulateTraining', () => {
  it('writes one row per step, numbered from 0, with epochs numbered from 1', () => {
    const curves = simulateTraining(RUN);

    expect(curves.training).toHaveLength(375);
    expect(curves.training.map((row) => row.step)).toEqual([...Array(375).keys()]);
    expect(curves.training[0]?.epoch).toBe(1);
    expect(curves.training[124]?.epoch).toBe(1);
    expect(curves.training[125]?.epoch).toBe(2);
    expect(curves.training.at(-1)?.epoch).toBe(3);
  });

  it('lowers the loss from epoch to epoch despite the noise', () => {
    const means = epochMeans(simulateTraining(RUN).training);

    expect(means).toHaveLength(3);
    expect(means[1]).toBeLessThan(means[0] ?? 0);
    expect(means[2]).toBeLessThan(means[1] ?? 0);
  });

  it('keeps perplexity equal to e to the loss', () => {
    for (const row of simulateTraining(RUN).training.slice(0, 20)) {
      expect(row.perplexity).toBeCloseTo(Math.exp(row.loss), 4);
    }
  });

  it('repeats exactly for the same seed and differs for another', () => {
    expect(simulateTraining(RUN)).toEqual(simulateTraining(RUN));
    expect(simulateTraining({ ...RUN, seed: 43 }).training).not.toEqual(simulateTraining(RUN).training);
  });

  it('adds one validation row per epoch, a little above the training loss of that epoch', () => {
    const curves = simulateTraining(RUN);
    const means = epochMeans(curves.training);

    expect(curves.validation.map((row) => row.epoch)).toEqual([1, 2, 3]);
    expect(curves.validation.map((row) => row.step)).toEqual([124, 249, 374]);
    curves.validation.forEach((row, index) => {
      expect(row.loss).toBeGreaterThan(means[index] ?? Number.POSITIVE_INFINITY);
    });
    expect(curves.finalValidationLoss).toBe(curves.validation.at(-1)?.loss);
    expect(curves.finalTrainingLoss).toBe(curves.training.at(-1)?.loss);
  });

  it('has no validation rows without a validation set', () => {
    const { validationRecords: _, ...withoutValidation } = RUN;

    const curves = simulateTraining(withoutValidation);

    expect(curves.validation).toEqual([]);
    expect(curves.finalValidationLoss).toBeUndefined();
  });
});

describe('the metrics CSV files', () => {
  it('use Bedrock’s columns, one line per row', () => {
    const curves = simulateTraining({
      seed: 1,
      trainingRecords: 2,
      batchSize: 1,
      epochs: 1,
      validationRecords: 1,
    });

    const training = trainingMetricsCsv(curves.training).split('\n');
    const validation = validationMetricsCsv(curves.validation).split('\n');

    expect(training[0]).toBe('step_number,epoch_number,training_loss,perplexity');
    expect(training[1]).toBe(`0,1,${curves.training[0]?.loss},${curves.training[0]?.perplexity}`);
    expect(training).toHaveLength(4);
    expect(validation[0]).toBe('step_number,epoch_number,validation_loss,perplexity');
    expect(validation[1]).toMatch(/^1,1,\d+\.\d+,\d+\.\d+$/);
  });
});
