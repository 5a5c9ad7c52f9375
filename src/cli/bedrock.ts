/**
 * The Bedrock adapter for the CLI, in a module of its own so that commands load it (and the AWS
 * SDK with it) only when they call Bedrock: a static import here keeps the SDK's CommonJS exports
 * whole when esbuild splits the bundle (see scripts/build.ts).
 */
import { BedrockClient } from '@aws-sdk/client-bedrock';
import { BedrockCustomizer } from '../aws/bedrock-customizer.js';
import type { Customizer } from '../core/ports.js';

/** `endpoint` points the client elsewhere than AWS (the emulator: TUNE_BEDROCK_ENDPOINT). */
export function bedrockCustomizer(region: string, endpoint?: string): Customizer {
  return new BedrockCustomizer({ client: new BedrockClient({ region, ...(endpoint ? { endpoint } : {}) }) });
}
