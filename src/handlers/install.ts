/**
 * Lambda `install`: HTTP API `GET /slack/install` and `GET /slack/oauth_redirect`, "Add to Slack"
 * for any workspace. Bolt's ExpressReceiver behind serverless-http; a separate function so that the
 * slack function keeps its small AwsLambdaReceiver bundle (express and @slack/oauth are stubbed
 * out of it). Wiring only.
 */
import { SSMProvider } from '@aws-lambda-powertools/parameters/ssm';
import { SSMClient } from '@aws-sdk/client-ssm';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import serverless from 'serverless-http';
import * as z from 'zod';
import { DynamoInstallationStore, DynamoOAuthStateStore } from '../aws/dynamo-installation-store.js';
import { type Config, loadConfig } from '../config.js';
import { ConfigError } from '../core/errors.js';
import { createInstallReceiver } from '../slack/install/install-receiver.js';
import { notOfferedPage } from '../slack/install/pages.js';
import {
  awsClientsFor,
  createLogger,
  type HandlerOverrides,
  SECRETS_MAX_AGE_SECONDS,
  systemClock,
} from './runtime.js';

export type InstallHttpHandler = (
  event: APIGatewayProxyEventV2,
  context?: Partial<Context>,
) => Promise<APIGatewayProxyStructuredResultV2>;

/** The app's client secret: from the environment locally, else its SSM SecureString. */
async function clientSecretOf(config: Config): Promise<string> {
  if (config.slack.clientSecret) return config.slack.clientSecret;
  const parameter = config.slack.clientSecretParam;
  if (!parameter) throw new ConfigError('Set SLACK_CLIENT_SECRET or SLACK_CLIENT_SECRET_PARAM.');
  const provider = new SSMProvider({ awsSdkV3Client: new SSMClient({ region: config.region }) });
  // GetParameters, as the other functions read theirs (their roles grant only that action).
  const read = await provider.getParametersByName(
    { [parameter]: {} },
    { decrypt: true, maxAge: SECRETS_MAX_AGE_SECONDS, throwOnError: false },
  );
  const secret = z.string().min(1).safeParse(read[parameter]);
  if (!secret.success) {
    throw new ConfigError(
      `SSM parameter ${parameter} (SLACK_CLIENT_SECRET_PARAM) is missing or empty: store the client secret there as a SecureString (README, Distribute to other workspaces).`,
    );
  }
  return secret.data;
}

export async function buildInstallHandler(
  config: Config,
  overrides: HandlerOverrides & { clientSecret?: string } = {},
): Promise<InstallHttpHandler> {
  // One workspace: an installation would never be used, so none is taken (and no secret is read).
  if (config.slack.workspaces === 'one') {
    return async () => ({
      statusCode: 404,
      headers: { 'content-type': 'text/html; charset=utf-8' },
      body: notOfferedPage(),
    });
  }
  if (!config.slack.clientId) {
    throw new ConfigError(
      'SLACK_CLIENT_ID is not set: the install function needs the Slack app’s client id.',
    );
  }
  const clients = overrides.clients ?? awsClientsFor(config);
  const logger = overrides.logger ?? createLogger(config, 'tune-install');
  const clock = overrides.clock ?? systemClock;
  const table = { client: clients.documents, tableName: config.tableName, logger };
  const receiver = createInstallReceiver({
    clientId: config.slack.clientId,
    clientSecret: overrides.clientSecret ?? (await clientSecretOf(config)),
    installations: new DynamoInstallationStore(table),
    states: new DynamoOAuthStateStore(table),
    clock,
    logger,
    ...(config.slack.apiUrl ? { slackApiUrl: config.slack.apiUrl } : {}),
  });
  const http = serverless(receiver.app);
  return async (event, context = {}) => (await http(event, context)) as APIGatewayProxyStructuredResultV2;
}

let built: Promise<InstallHttpHandler> | undefined;

export async function handler(
  event: APIGatewayProxyEventV2,
  context: Context,
): Promise<APIGatewayProxyStructuredResultV2> {
  built ??= buildInstallHandler(loadConfig());
  // A failed build (SSM unreachable) is tried again by the next request.
  built.catch(() => {
    built = undefined;
  });
  return (await built)(event, context);
}
