/**
 * What an answer costs, and what serving a model would cost, from the catalog's prices (never
 * guessed: a price nobody read is "price unknown", with the reason).
 *
 * - Provisioned Throughput is billed per model unit and hour while it exists, whatever it answers
 *   (reference §7.1), so one answer adds nothing: the hourly price is what is shown.
 * - On-demand answers (a custom model deployment, or a base model for `--compare`) are billed per
 *   token, a custom deployment like its base model (reference §8, unconfirmed). The catalog holds no
 *   per-token inference price (§8 lists none), so those answers say "price unknown".
 */
import { SOURCES } from '../catalog/models.js';
import type { CatalogModel, Price } from '../catalog/types.js';
import { formatUsd } from '../money.js';
import type { CustomModelRecord, ServingPath } from '../ports.js';

export type AnswerCost =
  /** Answered by Provisioned Throughput: no charge per answer; the hourly price where known. */
  | { kind: 'provisioned'; hourly: Price | 'unknown' }
  /** Answered on demand and billed per token; no price is known for this model. */
  | { kind: 'per-token'; usd: undefined; modelName: string };

export function answerCost(path: ServingPath, model: CatalogModel): AnswerCost {
  if (path === 'provisioned') {
    return { kind: 'provisioned', hourly: model.prices.provisionedThroughputPerModelUnitHour };
  }
  return { kind: 'per-token', usd: undefined, modelName: model.name };
}

export function formatPrice(price: Price): string {
  const unit = {
    '1k-tokens': '1,000 tokens',
    'model-month': 'model per month',
    'model-unit-hour': 'model unit-hour',
  }[price.per];
  return `${formatUsd(price.usd)} per ${unit}`;
}

/** Where a price was read, as a person can follow it up: the source and its date. */
export function priceSource(price: Price): string {
  const source = SOURCES[price.source] ?? price.source;
  return `${source}, ${price.secondary ? 'secondary, ' : ''}as of ${price.asOf}`;
}

/** One line for the answer's context: its cost, with the source of the price. */
export function costSummary(cost: AnswerCost): string {
  if (cost.kind === 'per-token') {
    return `price unknown (billed per token; tune's catalog has no per-token price for ${cost.modelName})`;
  }
  if (cost.hourly === 'unknown') {
    return 'no per-answer charge (Provisioned Throughput is billed by the hour; its price is unknown)';
  }
  return `no per-answer charge (Provisioned Throughput: ${formatPrice(cost.hourly)} while it runs; source: ${priceSource(cost.hourly)})`;
}

/**
 * What a person is told when nothing serves the model they asked: what serving it would cost, by
 * each way the catalog says its base model can be served. A plain text the Slack side escapes.
 *
 * This is the one function the serving side's Deploy offer (with its button) replaces.
 */
export function deployOfferText(model: CustomModelRecord, base: CatalogModel | undefined): string {
  const lines = [`Nothing serves ${model.name} right now, so it cannot answer. Serving it costs:`];
  if (!base) {
    lines.push(`• prices unknown: tune's catalog does not know its base model ${model.baseModelId}.`);
    return lines.join('\n');
  }
  const onDemand = base.serving.onDemandDeployment;
  if (onDemand.value !== 'unknown' && onDemand.value.length > 0) {
    lines.push(
      `• an on-demand deployment (${onDemand.value.join(', ')}): no hourly charge, billed per token like ${base.name}; price unknown (tune's catalog has no per-token price).`,
    );
  }
  if (base.serving.provisionedThroughput.value === true) {
    const hourly = base.prices.provisionedThroughputPerModelUnitHour;
    lines.push(
      hourly === 'unknown'
        ? '• Provisioned Throughput: billed per model unit-hour until deleted; price unknown.'
        : `• Provisioned Throughput: ${formatPrice(hourly)}, billed until deleted (source: ${priceSource(hourly)}).`,
    );
  }
  if (lines.length === 1) lines.push(`• no way to serve it is known for ${base.name}.`);
  lines.push('Deploying spends money: someone allowed to spend it decides.');
  return lines.join('\n');
}
