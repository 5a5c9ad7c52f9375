/**
 * The Bedrock adapter for the CLI, in a module of its own so that commands load it (and the AWS
 * SDK with it) only when they call Bedrock: a static import here keeps the SDK's CommonJS exports
 * whole when esbuild splits the bundle (see scripts/build.ts).
 */
import { BedrockClient } from '@aws-sdk/client-bedrock';
import { AwsPriceList } from '../aws/aws-price-list.js';
import { BedrockCustomizer } from '../aws/bedrock-customizer.js';
import { createPricingClient } from '../aws/clients.js';
import type { Customizer, PriceList } from '../core/ports.js';

/** `endpoint` points the client elsewhere than AWS (the emulator: TUNE_BEDROCK_ENDPOINT). */
export function bedrockCustomizer(region: string, endpoint?: string): Customizer {
  return new BedrockCustomizer({ client: new BedrockClient({ region, ...(endpoint ? { endpoint } : {}) }) });
}

/**
 * AWS's price list, from the Pricing API's us-east-1 endpoint whatever region is priced, or from
 * `endpoint` (the local stack's price list: TUNE_PRICING_ENDPOINT).
 */
export function awsPriceList(endpoint?: string): PriceList {
  return new AwsPriceList({
    client: createPricingClient({ region: 'us-east-1', endpoints: { pricing: endpoint } }),
  });
}
