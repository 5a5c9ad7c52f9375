/**
 * The environment, parsed once per process with zod. Nothing below a handler reads `process.env`:
 * handlers call `loadConfig()` and pass what each adapter needs. A missing or malformed variable
 * fails fast with its name and what it is for.
 */
import * as z from 'zod';
import { ConfigError } from './core/errors.js';

const csv = z
  .string()
  .optional()
  .transform((value) =>
    (value ?? '')
      .split(',')
      .map((part) => part.trim())
      .filter((part) => part.length > 0),
  );

/** Every variable tune reads, with what it is for; the README's configuration table mirrors this. */
export const CONFIG_VARIABLES = {
  AWS_REGION: 'AWS region for DynamoDB, S3, SQS and Bedrock (Lambda sets it).',
  TUNE_TABLE_NAME: 'DynamoDB table holding jobs, datasets and idempotency keys.',
  TUNE_BUCKET: 'S3 bucket for datasets, job outputs and evaluation artifacts.',
  TUNE_QUEUE_URL:
    'SQS queue the slack function hands slow work to (unset locally: an in-process queue is used).',
  TUNE_BEDROCK_ROLE_ARN:
    'IAM service role Bedrock assumes to read datasets and write outputs (required on Lambda).',
  AWS_LAMBDA_FUNCTION_NAME:
    'Set by Lambda itself, never by hand: its presence means tune runs on Lambda, where TUNE_BEDROCK_ROLE_ARN is required.',
  SLACK_SIGNING_SECRET:
    'Slack signing secret (locally; on AWS it comes from SSM, see SLACK_SIGNING_SECRET_PARAM).',
  SLACK_BOT_TOKEN: 'Slack bot token xoxb-… (locally; on AWS it comes from SSM, see SLACK_BOT_TOKEN_PARAM).',
  SLACK_BOT_ID: "The bot's id (B…); with SLACK_BOT_USER_ID, a cold start skips Slack's auth.test call.",
  SLACK_BOT_USER_ID: "The bot user's id (U…), shown in the app's settings; see SLACK_BOT_ID.",
  SLACK_SIGNING_SECRET_PARAM: 'SSM SecureString parameter name holding the signing secret.',
  SLACK_BOT_TOKEN_PARAM: 'SSM SecureString parameter name holding the bot token.',
  TUNE_SLACK_WORKSPACES:
    'one (the default): one workspace, its bot token from SLACK_BOT_TOKEN or SLACK_BOT_TOKEN_PARAM; many: every workspace that added tune with Add to Slack, each with its own token from the table (the install function writes them).',
  SLACK_CLIENT_ID:
    "The Slack app's client id (Basic Information), for the install function's Add to Slack flow.",
  SLACK_CLIENT_SECRET:
    "The Slack app's client secret (locally; on AWS it comes from SSM, see SLACK_CLIENT_SECRET_PARAM).",
  SLACK_CLIENT_SECRET_PARAM: "SSM SecureString parameter name holding the Slack app's client secret.",
  TUNE_SLACK_API_URL:
    'Slack Web API base URL; the local sandbox sets its own. Default https://slack.com/api/.',
  TUNE_DYNAMODB_ENDPOINT: 'DynamoDB endpoint override (dynalite locally).',
  TUNE_S3_ENDPOINT: 'S3 endpoint override (s3rver locally).',
  TUNE_BEDROCK_ENDPOINT: 'Bedrock control-plane endpoint override (the emulator locally).',
  TUNE_BEDROCK_RUNTIME_ENDPOINT: 'Bedrock runtime endpoint override (the emulator locally).',
  TUNE_SQS_ENDPOINT: 'SQS endpoint override.',
  TUNE_PRICING_ENDPOINT:
    'AWS Price List (Pricing API) endpoint override (the local price list locally). Default: the us-east-1 endpoint, which answers for every region.',
  TUNE_AUTHORIZED_USERS: 'Comma-separated Slack user ids allowed to start and stop jobs and spend money.',
  TUNE_AUTHORIZED_USERGROUP: 'Slack user group id whose members are authorized too.',
  TUNE_AUTHORIZED_CHANNELS:
    'Comma-separated channel ids where paid actions are allowed (empty: every channel).',
  TUNE_IDLE_TTL_MINUTES:
    'Minutes after its last question before tune deletes an hourly endpoint (Provisioned Throughput), and the lifetime of an evaluation endpoint not asked for again (default 120).',
  TUNE_MAX_ENDPOINT_HOURS_PER_DAY:
    'Hours an hourly endpoint may run per UTC day before tune deletes it (default 8).',
  TUNE_LOG_LEVEL: 'DEBUG, INFO, WARN or ERROR (default INFO).',
} as const;

const schema = z.object({
  AWS_REGION: z.string().min(1).default('us-east-1'),
  TUNE_TABLE_NAME: z.string().min(1),
  TUNE_BUCKET: z.string().min(3),
  TUNE_QUEUE_URL: z.string().url().optional(),
  TUNE_BEDROCK_ROLE_ARN: z.string().startsWith('arn:').optional(),
  AWS_LAMBDA_FUNCTION_NAME: z.string().min(1).optional(),
  SLACK_SIGNING_SECRET: z.string().min(1).optional(),
  SLACK_BOT_TOKEN: z.string().min(1).optional(),
  SLACK_BOT_ID: z.string().min(1).optional(),
  SLACK_BOT_USER_ID: z.string().min(1).optional(),
  SLACK_SIGNING_SECRET_PARAM: z.string().min(1).optional(),
  SLACK_BOT_TOKEN_PARAM: z.string().min(1).optional(),
  TUNE_SLACK_WORKSPACES: z.enum(['one', 'many']).default('one'),
  SLACK_CLIENT_ID: z.string().min(1).optional(),
  SLACK_CLIENT_SECRET: z.string().min(1).optional(),
  SLACK_CLIENT_SECRET_PARAM: z.string().min(1).optional(),
  TUNE_SLACK_API_URL: z.string().url().optional(),
  TUNE_DYNAMODB_ENDPOINT: z.string().url().optional(),
  TUNE_S3_ENDPOINT: z.string().url().optional(),
  TUNE_BEDROCK_ENDPOINT: z.string().url().optional(),
  TUNE_BEDROCK_RUNTIME_ENDPOINT: z.string().url().optional(),
  TUNE_SQS_ENDPOINT: z.string().url().optional(),
  TUNE_PRICING_ENDPOINT: z.string().url().optional(),
  TUNE_AUTHORIZED_USERS: csv,
  TUNE_AUTHORIZED_USERGROUP: z.string().min(1).optional(),
  TUNE_AUTHORIZED_CHANNELS: csv,
  // At least 15 minutes: the reminder goes out 15 minutes before a deletion.
  TUNE_IDLE_TTL_MINUTES: z.coerce
    .number()
    .int()
    .min(15)
    .max(7 * 24 * 60)
    .default(120),
  TUNE_MAX_ENDPOINT_HOURS_PER_DAY: z.coerce.number().positive().max(24).default(8),
  TUNE_LOG_LEVEL: z.enum(['DEBUG', 'INFO', 'WARN', 'ERROR']).default('INFO'),
});

export interface Config {
  region: string;
  tableName: string;
  bucket: string;
  queueUrl: string | undefined;
  bedrockRoleArn: string | undefined;
  slack: {
    signingSecret: string | undefined;
    botToken: string | undefined;
    botId: string | undefined;
    botUserId: string | undefined;
    signingSecretParam: string | undefined;
    botTokenParam: string | undefined;
    apiUrl: string | undefined;
    /** One workspace with one bot token, or each workspace's installation (src/core/workspaces). */
    workspaces: 'one' | 'many';
    /** The app's OAuth credentials, for the install function. */
    clientId: string | undefined;
    clientSecret: string | undefined;
    clientSecretParam: string | undefined;
  };
  endpoints: {
    dynamodb: string | undefined;
    s3: string | undefined;
    bedrock: string | undefined;
    bedrockRuntime: string | undefined;
    sqs: string | undefined;
    pricing: string | undefined;
  };
  authorization: {
    users: string[];
    usergroup: string | undefined;
    channels: string[];
  };
  /** The cost guard of endpoints (src/core/serving/guard.ts). */
  serving: {
    idleTtlMinutes: number;
    maxEndpointHoursPerDay: number;
  };
  logLevel: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
}

export function loadConfig(environment: Record<string, string | undefined> = process.env): Config {
  // An empty variable means "not set": CloudFormation and shells cannot always leave one out.
  const env = Object.fromEntries(Object.entries(environment).filter(([, value]) => value !== ''));
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? '');
      const purpose = CONFIG_VARIABLES[name as keyof typeof CONFIG_VARIABLES] ?? '';
      const what = env[name] === undefined ? 'is not set' : `is invalid (${issue.message})`;
      return `${name} ${what}: ${purpose}`;
    });
    throw new ConfigError(`Configuration error:\n  ${problems.join('\n  ')}`);
  }
  const e = parsed.data;
  // Deployed, a missing role would show only when someone presses Start, hours after the deploy:
  // fail at start-up instead. The local stack and the CLI run without one.
  if (e.AWS_LAMBDA_FUNCTION_NAME && !e.TUNE_BEDROCK_ROLE_ARN) {
    throw new ConfigError(
      `Configuration error: TUNE_BEDROCK_ROLE_ARN is not set on Lambda (function ${e.AWS_LAMBDA_FUNCTION_NAME}): ${CONFIG_VARIABLES.TUNE_BEDROCK_ROLE_ARN}`,
    );
  }
  if (!e.SLACK_SIGNING_SECRET && !e.SLACK_SIGNING_SECRET_PARAM) {
    throw new ConfigError(
      `Configuration error: set SLACK_SIGNING_SECRET or SLACK_SIGNING_SECRET_PARAM: ${CONFIG_VARIABLES.SLACK_SIGNING_SECRET}`,
    );
  }
  // With many workspaces each has its own token, read from the table: there is no single one.
  if (e.TUNE_SLACK_WORKSPACES === 'one' && !e.SLACK_BOT_TOKEN && !e.SLACK_BOT_TOKEN_PARAM) {
    throw new ConfigError(
      `Configuration error: set SLACK_BOT_TOKEN or SLACK_BOT_TOKEN_PARAM: ${CONFIG_VARIABLES.SLACK_BOT_TOKEN}`,
    );
  }
  return {
    region: e.AWS_REGION,
    tableName: e.TUNE_TABLE_NAME,
    bucket: e.TUNE_BUCKET,
    queueUrl: e.TUNE_QUEUE_URL,
    bedrockRoleArn: e.TUNE_BEDROCK_ROLE_ARN,
    slack: {
      signingSecret: e.SLACK_SIGNING_SECRET,
      botToken: e.SLACK_BOT_TOKEN,
      botId: e.SLACK_BOT_ID,
      botUserId: e.SLACK_BOT_USER_ID,
      signingSecretParam: e.SLACK_SIGNING_SECRET_PARAM,
      botTokenParam: e.SLACK_BOT_TOKEN_PARAM,
      apiUrl: e.TUNE_SLACK_API_URL,
      workspaces: e.TUNE_SLACK_WORKSPACES,
      clientId: e.SLACK_CLIENT_ID,
      clientSecret: e.SLACK_CLIENT_SECRET,
      clientSecretParam: e.SLACK_CLIENT_SECRET_PARAM,
    },
    endpoints: {
      dynamodb: e.TUNE_DYNAMODB_ENDPOINT,
      s3: e.TUNE_S3_ENDPOINT,
      bedrock: e.TUNE_BEDROCK_ENDPOINT,
      bedrockRuntime: e.TUNE_BEDROCK_RUNTIME_ENDPOINT,
      sqs: e.TUNE_SQS_ENDPOINT,
      pricing: e.TUNE_PRICING_ENDPOINT,
    },
    authorization: {
      users: e.TUNE_AUTHORIZED_USERS,
      usergroup: e.TUNE_AUTHORIZED_USERGROUP,
      channels: e.TUNE_AUTHORIZED_CHANNELS,
    },
    serving: {
      idleTtlMinutes: e.TUNE_IDLE_TTL_MINUTES,
      maxEndpointHoursPerDay: e.TUNE_MAX_ENDPOINT_HOURS_PER_DAY,
    },
    logLevel: e.TUNE_LOG_LEVEL,
  };
}
