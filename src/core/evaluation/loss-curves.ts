/**
 * The loss curves of a finished customization job, read from the CSV files Bedrock writes under the
 * job's output folder (docs/evaluation.md, "Loss curves"):
 *
 *   <outputDataConfig.s3Uri>/model-customization-job-<jobId>/
 *     training_artifacts/step_wise_training_metrics.csv
 *       step_number, epoch_number, training_loss, perplexity (one row per step)
 *     validation_artifacts/post_fine_tuning_validation/[validation/]validation_metrics.csv
 *       the same with validation_loss (one row per epoch)
 *
 * The AWS guide documents the validation file without the `validation/` folder; AWS's own workshop
 * notebook reads it with that folder, so both are looked for. A missing or malformed file is not an
 * error: the curve is left out and a plain sentence says why, because the evaluation message is
 * still worth posting without it.
 *
 * The CSVs are checked by hand, not with zod: four numeric columns, and a row-level message with its
 * line number is what a reader needs.
 */
import type { DatasetStore } from '../ports.js';

export interface LossPoint {
  step: number;
  epoch: number;
  loss: number;
  /** Absent when the file has no perplexity column or the cell is empty. */
  perplexity?: number;
}

export interface LossCurves {
  /** One point per training step, in step order. */
  training: LossPoint[];
  /** One point per epoch (or per validation run), in step order. */
  validation: LossPoint[];
  /** Plain sentences saying which curve is missing and why; empty when both are there. */
  notes: string[];
}

export interface MetricsFiles {
  training?: string;
  validation?: string;
}

const TRAINING_FILE = 'training_artifacts/step_wise_training_metrics.csv';
/** Documented path first: when both exist, the documented one wins. */
const VALIDATION_FILES = [
  'validation_artifacts/post_fine_tuning_validation/validation_metrics.csv',
  'validation_artifacts/post_fine_tuning_validation/validation/validation_metrics.csv',
] as const;

/** The job id Bedrock names the output folder after: the last path segment of the job ARN. */
export function jobIdFromArn(jobArn: string): string {
  const id = jobArn.slice(jobArn.lastIndexOf('/') + 1);
  if (id === '' || !jobArn.includes(':model-customization-job/')) {
    throw new RangeError(`not a model customization job ARN: ${jobArn}`);
  }
  return id;
}

/** `s3://bucket/some/prefix/` → `{ bucket, key: 'some/prefix/' }`; undefined for anything else. */
export function parseS3Uri(uri: string): { bucket: string; key: string } | undefined {
  const match = /^s3:\/\/([^/]+)\/?(.*)$/.exec(uri);
  if (!match) return undefined;
  return { bucket: match[1] as string, key: match[2] as string };
}

/** The key prefix (with a trailing slash) of the job's output folder inside its bucket. */
export function jobOutputPrefix(outputDataUri: string, jobArn: string): { bucket: string; prefix: string } {
  const location = parseS3Uri(outputDataUri);
  if (!location) throw new RangeError(`not an S3 URI: ${outputDataUri}`);
  const base = location.key.replace(/\/+$/, '');
  const folder = `model-customization-job-${jobIdFromArn(jobArn)}/`;
  return { bucket: location.bucket, prefix: base === '' ? folder : `${base}/${folder}` };
}

/** Picks the two metrics files among the keys listed under the job's output prefix. */
export function pickMetricsFiles(keys: readonly string[], prefix: string): MetricsFiles {
  const present = new Set(keys);
  const training = `${prefix}${TRAINING_FILE}`;
  const validation = VALIDATION_FILES.map((file) => `${prefix}${file}`).find((key) => present.has(key));
  return {
    ...(present.has(training) ? { training } : {}),
    ...(validation ? { validation } : {}),
  };
}

export type ParsedMetrics = { ok: true; points: LossPoint[]; note?: string } | { ok: false; note: string };

const LABEL = { training: 'training', validation: 'validation' } as const;

/**
 * Parses one metrics CSV. Columns are found by name (in any order); a row that is not four numbers
 * where numbers are due fails the file with its line number. Loss cells that are not finite (`nan`,
 * `inf`: a run that diverged) are left out and counted in `note` rather than failing the curve.
 */
export function parseMetricsCsv(text: string, kind: 'training' | 'validation'): ParsedMetrics {
  const label = LABEL[kind];
  const lossColumn = `${kind}_loss`;
  const lines = (text.startsWith('\uFEFF') ? text.slice(1) : text).split(/\r?\n/);
  const headerIndex = lines.findIndex((line) => line.trim() !== '');
  if (headerIndex < 0) return { ok: false, note: `The ${label} metrics file is empty.` };
  const header = (lines[headerIndex] as string).split(',').map((cell) => cell.trim().toLowerCase());
  const columns = {
    step: header.indexOf('step_number'),
    epoch: header.indexOf('epoch_number'),
    loss: header.indexOf(lossColumn),
    perplexity: header.indexOf('perplexity'),
  };
  const missing = (['step_number', 'epoch_number', lossColumn] as const).filter(
    (_, index) => [columns.step, columns.epoch, columns.loss][index] === -1,
  );
  if (missing.length > 0) {
    return {
      ok: false,
      note: `The ${label} metrics file has no ${missing.join(', ')} column (its header is "${lines[headerIndex]?.trim()}").`,
    };
  }
  const points: LossPoint[] = [];
  let notFinite = 0;
  for (let index = headerIndex + 1; index < lines.length; index++) {
    const line = lines[index] as string;
    if (line.trim() === '') continue;
    const cells = line.split(',').map((cell) => cell.trim());
    const step = Number(cells[columns.step]);
    const epoch = Number(cells[columns.epoch]);
    const loss = lossValue(cells[columns.loss]);
    const blankStep = cells[columns.step] === '' || cells[columns.epoch] === '';
    if (
      cells.length !== header.length ||
      blankStep ||
      !Number.isInteger(step) ||
      !Number.isFinite(epoch) ||
      loss === undefined
    ) {
      return {
        ok: false,
        note: `The ${label} metrics file is malformed at line ${index + 1}: "${clipped(line)}".`,
      };
    }
    if (loss === 'not-finite') {
      notFinite++;
      continue;
    }
    const perplexity =
      columns.perplexity === -1 ? Number.NaN : Number(cells[columns.perplexity] || Number.NaN);
    points.push({ step, epoch, loss, ...(Number.isFinite(perplexity) ? { perplexity } : {}) });
  }
  if (points.length === 0) {
    return {
      ok: false,
      note:
        notFinite > 0
          ? `The ${label} metrics file has no finite loss: all ${notFinite} rows are nan or inf.`
          : `The ${label} metrics file has no rows.`,
    };
  }
  points.sort((a, b) => a.step - b.step);
  return notFinite > 0
    ? {
        ok: true,
        points,
        note: `${notFinite} ${label} loss value${notFinite === 1 ? ' is' : 's are'} nan or inf and left out.`,
      }
    : { ok: true, points };
}

/** A loss cell: a number, `not-finite` for Python's `nan`/`inf` spellings, undefined for anything else. */
function lossValue(cell: string | undefined): number | 'not-finite' | undefined {
  if (cell === undefined || cell === '') return undefined;
  if (/^[-+]?(nan|inf|infinity)$/i.test(cell)) return 'not-finite';
  const value = Number(cell);
  return Number.isFinite(value) ? value : undefined;
}

function clipped(line: string): string {
  return line.length > 80 ? `${line.slice(0, 80)}…` : line;
}

/** Both curves from the files' texts (undefined: the file does not exist). */
export function lossCurvesFromTexts(texts: { training?: string; validation?: string }): LossCurves {
  const curves: LossCurves = { training: [], validation: [], notes: [] };
  if (texts.training === undefined) {
    curves.notes.push('No training loss: Bedrock wrote no step_wise_training_metrics.csv for this job.');
  } else {
    const parsed = parseMetricsCsv(texts.training, 'training');
    if (parsed.ok) curves.training = parsed.points;
    if (parsed.note) curves.notes.push(parsed.note);
  }
  if (texts.validation === undefined) {
    curves.notes.push('No validation loss: the job had no validation data.');
  } else {
    const parsed = parseMetricsCsv(texts.validation, 'validation');
    if (parsed.ok) curves.validation = parsed.points;
    if (parsed.note) curves.notes.push(parsed.note);
  }
  return curves;
}

/**
 * Lists the job's output folder, picks and reads the metrics files and parses them. Storage errors
 * (access denied, S3 down) are thrown as the store's typed errors: those are outages, not data.
 * Outputs in a bucket other than the store's are reported as a note, since tune cannot read them.
 */
export async function readLossCurves(
  store: DatasetStore,
  job: { jobArn: string; outputDataUri: string },
): Promise<LossCurves> {
  const { bucket, prefix } = jobOutputPrefix(job.outputDataUri, job.jobArn);
  const storeBucket = parseS3Uri(store.uri(''))?.bucket;
  if (storeBucket !== bucket) {
    return {
      training: [],
      validation: [],
      notes: [`No loss curves: the job wrote its outputs to bucket ${bucket}, which tune does not read.`],
    };
  }
  const keys = (await store.list(prefix)).map((object) => object.key);
  const files = pickMetricsFiles(keys, prefix);
  const [training, validation] = await Promise.all([
    files.training === undefined ? undefined : store.getText(files.training),
    files.validation === undefined ? undefined : store.getText(files.validation),
  ]);
  return lossCurvesFromTexts({
    ...(training !== undefined ? { training } : {}),
    ...(validation !== undefined ? { validation } : {}),
  });
}

/**
 * An exponential moving average with TensorBoard's bias correction: `s = w·s + (1−w)·x`, divided by
 * `1 − w^(i+1)` so the first points are not dragged towards zero. Weight 0.9 averages over roughly
 * the last ten steps: enough to see the trend through per-batch noise without lagging an epoch.
 */
export function exponentialMovingAverage(values: readonly number[], weight = 0.9): number[] {
  if (!(weight >= 0 && weight < 1)) throw new RangeError('the smoothing weight must be in [0, 1)');
  const smoothed: number[] = [];
  let last = 0;
  for (let index = 0; index < values.length; index++) {
    last = weight * last + (1 - weight) * (values[index] as number);
    smoothed.push(last / (1 - weight ** (index + 1)));
  }
  return smoothed;
}

/** The first step of every epoch after the first: where the chart draws an epoch boundary. */
export function epochBoundaries(training: readonly LossPoint[]): { step: number; epoch: number }[] {
  const boundaries: { step: number; epoch: number }[] = [];
  for (let index = 1; index < training.length; index++) {
    const previous = training[index - 1] as LossPoint;
    const point = training[index] as LossPoint;
    if (point.epoch !== previous.epoch) boundaries.push({ step: point.step, epoch: point.epoch });
  }
  return boundaries;
}

/**
 * Where a validation point goes on the step axis: at the last training step of its epoch, when the
 * training file has that epoch, because the validation file's own step numbers are not documented
 * to share the training steps' scale; otherwise at its own step number.
 */
export function validationSteps(curves: Pick<LossCurves, 'training' | 'validation'>): number[] {
  const lastStepOfEpoch = new Map<number, number>();
  for (const point of curves.training) lastStepOfEpoch.set(point.epoch, point.step);
  return curves.validation.map((point) => lastStepOfEpoch.get(point.epoch) ?? point.step);
}
