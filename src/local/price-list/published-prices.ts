/**
 * What the local price list answers: the prices AWS publishes for the models the Bedrock emulator
 * plays, where a public record of them was found, each with that record. A price nobody recorded is
 * simply not listed (tune then shows the catalog's figure or "no price known"): the local stack
 * never makes up a price. docs/bedrock-prices.md has the table and what is assumed (attribute
 * values, units) beyond what the records show.
 */

export type PublishedKind =
  | 'training'
  | 'storage'
  | 'provisioned-throughput'
  | 'input'
  | 'output'
  | 'custom-input'
  | 'custom-output'
  /** Prices tune does not use, listed so the local list has what a real one has around them. */
  | 'batch-input'
  | 'cache-read-input';

export interface PublishedPrice {
  region: string;
  /** How the usage types name the model (`NovaMicro`); the catalog's `priceListName`. */
  usageName: string;
  /** AWS's display name in the `model` attribute. */
  model: string;
  kind: PublishedKind;
  usd: string;
  /** Tag of `RECORDS`. */
  record: keyof typeof RECORDS;
}

/** Where each price was read. */
export const RECORDS = {
  'price-list-2026-08':
    'a public project’s record of `aws pricing get-products --service-code AmazonBedrock --filters Type=TERM_MATCH,Field=regionCode,Value=us-east-1`, run 2026-08-02 (usage types and prices verbatim)',
  'pricing-page-2025-07':
    'a public copy of https://aws.amazon.com/bedrock/pricing/ dated 2025-07-20 (convo-lang/convo-lang, packages/convo-lang-bedrock/bedrock-pricing.md); region not stated by the copy',
} as const;

/** The billing prefix of a region's usage types (`USE1-NovaMicro-…`). */
export const USAGE_PREFIX: Record<string, string> = { 'us-east-1': 'USE1', 'us-west-2': 'USW2' };
export const LOCATION: Record<string, string> = {
  'us-east-1': 'US East (N. Virginia)',
  'us-west-2': 'US West (Oregon)',
};

const novaTwoLite = (kind: PublishedKind, usd: string): PublishedPrice => ({
  region: 'us-east-1',
  usageName: 'Nova2.0Lite',
  model: 'Nova 2.0 Lite',
  kind,
  usd,
  record: 'price-list-2026-08',
});

const fromPage = (
  region: string,
  usageName: string,
  model: string,
  kind: PublishedKind,
  usd: string,
): PublishedPrice => ({ region, usageName, model, kind, usd, record: 'pricing-page-2025-07' });

export const PUBLISHED_PRICES: readonly PublishedPrice[] = [
  novaTwoLite('training', '0.00378'),
  novaTwoLite('storage', '1.95'),
  novaTwoLite('provisioned-throughput', '60.50'),
  novaTwoLite('input', '0.00033'),
  novaTwoLite('output', '0.00275'),
  novaTwoLite('custom-input', '0.00030'),
  novaTwoLite('custom-output', '0.00250'),
  fromPage('us-east-1', 'NovaMicro', 'Nova Micro', 'input', '0.000035'),
  fromPage('us-east-1', 'NovaMicro', 'Nova Micro', 'output', '0.00014'),
  fromPage('us-east-1', 'NovaMicro', 'Nova Micro', 'batch-input', '0.0000175'),
  fromPage('us-east-1', 'NovaMicro', 'Nova Micro', 'cache-read-input', '0.00000875'),
  fromPage('us-east-1', 'NovaLite', 'Nova Lite', 'input', '0.00006'),
  fromPage('us-east-1', 'NovaLite', 'Nova Lite', 'output', '0.00024'),
  fromPage('us-east-1', 'NovaPro', 'Nova Pro', 'input', '0.0008'),
  fromPage('us-east-1', 'NovaPro', 'Nova Pro', 'output', '0.0032'),
  // Llama 3.x is customized in us-west-2; the copy of the page does not say which region its
  // figures are for, and they are assumed to hold there.
  fromPage('us-west-2', 'Llama3-1-8B', 'Llama 3.1 8B', 'input', '0.00022'),
  fromPage('us-west-2', 'Llama3-1-8B', 'Llama 3.1 8B', 'output', '0.00022'),
  fromPage('us-west-2', 'Llama3-1-70B', 'Llama 3.1 70B', 'input', '0.00072'),
  fromPage('us-west-2', 'Llama3-1-70B', 'Llama 3.1 70B', 'output', '0.00072'),
  fromPage('us-west-2', 'Llama3-3-70B', 'Llama 3.3 70B', 'input', '0.00072'),
  fromPage('us-west-2', 'Llama3-3-70B', 'Llama 3.3 70B', 'output', '0.00072'),
];
