import { describe, expect, it } from 'vitest';
import {
  epochBoundaries,
  exponentialMovingAverage,
  jobIdFromArn,
  jobOutputPrefix,
  lossCurvesFromTexts,
  parseMetricsCsv,
  pickMetricsFiles,
  readLossCurves,
  validationSteps,
} from '../../../src/core/evaluation/loss-curves.js';
import { InMemoryDatasetStore } from '../../fakes/stores.js';

const JOB_ARN = 'arn:aws:bedrock:us-east-1:111122223333:model-customization-job/abc123def';
const TRAINING_CSV = [
  'step_number,epoch_number,training_loss,perplexity',
  '0,1,2.5,12.18',
  '1,1,2.1,8.17',
  '2,2,1.7,5.47',
  '3,2,1.4,4.06',
  '',
].join('\n');
const VALIDATION_CSV = 'step_number,epoch_number,validation_loss,perplexity\n1,1,2.2,9.02\n3,2,1.6,4.95\n';

describe('locating the metrics files', () => {
  it('takes the job id from the last path segment of the job ARN', () => {
    expect(jobIdFromArn(JOB_ARN)).toBe('abc123def');
    expect(() => jobIdFromArn('arn:aws:bedrock:us-east-1:1:custom-model/x')).toThrow(RangeError);
  });

  it('builds the job folder under the output URI with or without a trailing slash', () => {
    expect(jobOutputPrefix('s3://bucket/outputs/T1/C1/', JOB_ARN)).toEqual({
      bucket: 'bucket',
      prefix: 'outputs/T1/C1/model-customization-job-abc123def/',
    });
    expect(jobOutputPrefix('s3://bucket/outputs', JOB_ARN).prefix).toBe(
      'outputs/model-customization-job-abc123def/',
    );
    expect(jobOutputPrefix('s3://bucket', JOB_ARN).prefix).toBe('model-customization-job-abc123def/');
  });

  it('finds the validation file with or without the extra validation/ folder, preferring the documented path', () => {
    const prefix = 'out/model-customization-job-x/';
    const training = `${prefix}training_artifacts/step_wise_training_metrics.csv`;
    const documented = `${prefix}validation_artifacts/post_fine_tuning_validation/validation_metrics.csv`;
    const nested = `${prefix}validation_artifacts/post_fine_tuning_validation/validation/validation_metrics.csv`;

    expect(pickMetricsFiles([nested, training, `${prefix}other.csv`], prefix)).toEqual({
      training,
      validation: nested,
    });
    expect(pickMetricsFiles([nested, documented], prefix)).toEqual({ validation: documented });
    // Another job's files under a longer prefix are not this job's.
    expect(
      pickMetricsFiles(
        [`out/model-customization-job-xy/training_artifacts/step_wise_training_metrics.csv`],
        prefix,
      ),
    ).toEqual({});
  });
});

describe('parseMetricsCsv', () => {
  it('reads every row of the training file, columns found by name', () => {
    const parsed = parseMetricsCsv(
      'epoch_number,step_number,perplexity,training_loss\r\n1,0,9.5,2.25\r\n',
      'training',
    );
    expect(parsed).toEqual({ ok: true, points: [{ step: 0, epoch: 1, loss: 2.25, perplexity: 9.5 }] });
  });

  it('says which column is missing, naming the validation loss for the validation file', () => {
    expect(parseMetricsCsv(TRAINING_CSV, 'validation')).toEqual({
      ok: false,
      note: 'The validation metrics file has no validation_loss column (its header is "step_number,epoch_number,training_loss,perplexity").',
    });
  });

  it('fails a malformed row with its line number', () => {
    const parsed = parseMetricsCsv(
      'step_number,epoch_number,training_loss,perplexity\n0,1,2.5,12\n1,1,abc,3\n',
      'training',
    );
    expect(parsed).toEqual({
      ok: false,
      note: 'The training metrics file is malformed at line 3: "1,1,abc,3".',
    });
    expect(parseMetricsCsv('step_number,epoch_number,training_loss\n0,1\n', 'training').ok).toBe(false);
    expect(parseMetricsCsv('step_number,epoch_number,training_loss\n,1,2\n', 'training').ok).toBe(false);
    // A row with more cells than the header: a comma inside a value, or a shifted column.
    expect(parseMetricsCsv('step_number,epoch_number,training_loss\n0,1,2,5\n', 'training').ok).toBe(false);
  });

  it('leaves out nan and inf losses and says how many', () => {
    const parsed = parseMetricsCsv(
      'step_number,epoch_number,training_loss\n0,1,2\n1,1,nan\n2,1,inf\n',
      'training',
    );
    expect(parsed).toEqual({
      ok: true,
      points: [{ step: 0, epoch: 1, loss: 2 }],
      note: '2 training loss values are nan or inf and left out.',
    });
  });

  it('says the file has no rows when it holds only a header, and is empty when it holds nothing', () => {
    expect(parseMetricsCsv('step_number,epoch_number,training_loss,perplexity\n', 'training')).toEqual({
      ok: false,
      note: 'The training metrics file has no rows.',
    });
    expect(parseMetricsCsv('\n', 'training')).toEqual({
      ok: false,
      note: 'The training metrics file is empty.',
    });
  });
});

describe('lossCurvesFromTexts', () => {
  it('gives one plain line for a job without validation data', () => {
    const curves = lossCurvesFromTexts({ training: TRAINING_CSV });
    expect(curves.training).toHaveLength(4);
    expect(curves.validation).toEqual([]);
    expect(curves.notes).toEqual(['No validation loss: the job had no validation data.']);
  });
});

describe('readLossCurves', () => {
  it('lists the job folder and reads both files', async () => {
    // Prepare
    const store = new InMemoryDatasetStore();
    const prefix = 'outputs/T1/C1/model-customization-job-abc123def/';
    await store.put(`${prefix}training_artifacts/step_wise_training_metrics.csv`, TRAINING_CSV);
    await store.put(
      `${prefix}validation_artifacts/post_fine_tuning_validation/validation/validation_metrics.csv`,
      VALIDATION_CSV,
    );

    // Act
    const curves = await readLossCurves(store, {
      jobArn: JOB_ARN,
      outputDataUri: 's3://memory-bucket/outputs/T1/C1/',
    });

    // Assess
    expect(curves.notes).toEqual([]);
    expect(curves.training.map((point) => point.loss)).toEqual([2.5, 2.1, 1.7, 1.4]);
    expect(curves.validation).toEqual([
      { step: 1, epoch: 1, loss: 2.2, perplexity: 9.02 },
      { step: 3, epoch: 2, loss: 1.6, perplexity: 4.95 },
    ]);
  });

  it('says so when the job wrote no files, rather than failing', async () => {
    const curves = await readLossCurves(new InMemoryDatasetStore(), {
      jobArn: JOB_ARN,
      outputDataUri: 's3://memory-bucket/outputs/',
    });
    expect(curves.notes).toEqual([
      'No training loss: Bedrock wrote no step_wise_training_metrics.csv for this job.',
      'No validation loss: the job had no validation data.',
    ]);
  });

  it('says so when the outputs are in a bucket the store does not read', async () => {
    const curves = await readLossCurves(new InMemoryDatasetStore(), {
      jobArn: JOB_ARN,
      outputDataUri: 's3://someone-elses-bucket/outputs/',
    });
    expect(curves.notes).toEqual([
      'No loss curves: the job wrote its outputs to bucket someone-elses-bucket, which tune does not read.',
    ]);
  });
});

describe('chart helpers', () => {
  it('smooths with a bias-corrected exponential moving average', () => {
    // By hand with w = 0.5: s1 = 0.5·2 = 1 → 1/0.5 = 2; s2 = 0.5·1 + 0.5·4 = 2.5 → 2.5/0.75 = 10/3.
    expect(exponentialMovingAverage([2, 4], 0.5)).toEqual([2, 10 / 3]);
    // A constant series stays constant: the correction removes the pull towards zero.
    expect(exponentialMovingAverage([1.5, 1.5, 1.5])).toEqual(
      [1.5, 1.5, 1.5].map((value) => expect.closeTo(value, 12)),
    );
    expect(() => exponentialMovingAverage([1], 1)).toThrow(RangeError);
  });

  it('marks each epoch boundary at the first step of the new epoch', () => {
    const { training } = lossCurvesFromTexts({ training: TRAINING_CSV });
    expect(epochBoundaries(training)).toEqual([{ step: 2, epoch: 2 }]);
  });

  it('puts each validation point at the last training step of its epoch, else at its own step', () => {
    const curves = lossCurvesFromTexts({
      training: TRAINING_CSV,
      validation: 'step_number,epoch_number,validation_loss\n0,1,2\n0,2,1.5\n7,3,1.2\n',
    });
    expect(validationSteps(curves)).toEqual([1, 3, 7]);
  });
});
