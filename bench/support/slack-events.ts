/**
 * The requests the benchmarks send through the `slack` handler and the bare Bolt baseline: Slack's
 * payloads (the test suite's builders, so that what is measured is what is tested), signed with
 * the signing secret and wrapped in an API Gateway HTTP API (v2) event as Lambda receives it,
 * base64-encoded. Each call builds a fresh request (new trigger ids, timestamps, signatures), and
 * each path says which calls to the services it must make and how its acknowledgement reads, so a
 * benchmark counts only requests that did what they should.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { ACTION } from '../../src/slack/blocks/proposal.js';
import { START_MODAL } from '../../src/slack/blocks/start-modal.js';
import { formKeyFrom, signFormMetadata } from '../../src/slack/form-metadata.js';
import {
  buttonPressBody,
  formSubmissionBody,
  signedHeaders,
  slashCommandBody,
} from '../../test/support/slack-requests.js';

export const TEAM = 'T0TUNE';
export const CHANNEL = 'C0MLEXPERIMENTS';
export const USER = 'U0ALICE';
export const BOT_ID = 'B0TUNEBOT';
export const BOT_USER_ID = 'U0TUNEBOT';

export function apiGatewayEvent(body: string, signingSecret: string): APIGatewayProxyEventV2 {
  const now = Date.now();
  const requestId = `bench-${now.toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  return {
    version: '2.0',
    routeKey: 'POST /slack/events',
    rawPath: '/slack/events',
    rawQueryString: '',
    headers: {
      ...signedHeaders(body, { signingSecret }),
      accept: 'application/json,*/*',
      'content-length': String(Buffer.byteLength(body)),
      host: 'bench.execute-api.us-east-1.amazonaws.com',
      'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
      'x-forwarded-for': '127.0.0.1',
      'x-forwarded-proto': 'https',
    },
    requestContext: {
      accountId: '000000000000',
      apiId: 'bench',
      domainName: 'bench.execute-api.us-east-1.amazonaws.com',
      domainPrefix: 'bench',
      http: {
        method: 'POST',
        path: '/slack/events',
        protocol: 'HTTP/1.1',
        sourceIp: '127.0.0.1',
        userAgent: 'Slackbot 1.0 (+https://api.slack.com/robots)',
      },
      requestId,
      routeKey: 'POST /slack/events',
      stage: '$default',
      time: new Date(now).toISOString(),
      timeEpoch: now,
    },
    body: Buffer.from(body, 'utf8').toString('base64'),
    isBase64Encoded: true,
  };
}

let counter = 0;
const unique = () => `${Date.now().toString(36)}${(++counter).toString(36)}`;

/** A `message` event with `subtype: file_share`, as the Events API posts it. */
export function fileShareBody(): string {
  const ts = `${Math.floor(Date.now() / 1000)}.${String(++counter).padStart(6, '0')}`;
  return JSON.stringify({
    token: 'deprecated-verification-token',
    team_id: TEAM,
    api_app_id: 'A0TUNE',
    type: 'event_callback',
    event_id: `Ev${unique().toUpperCase()}`,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ team_id: TEAM, user_id: BOT_USER_ID, is_bot: true }],
    event: {
      type: 'message',
      subtype: 'file_share',
      user: USER,
      text: 'support-faq.jsonl --model nova-micro',
      ts,
      channel: CHANNEL,
      channel_type: 'channel',
      event_ts: ts,
      files: [{ id: `F${unique().toUpperCase()}`, name: 'support-faq.jsonl', filetype: 'jsonl' }],
    },
  });
}

/** The start form as the worker fills it: a dataset, Nova Micro, two epochs, a name. */
function startFormValues(): Record<string, Record<string, unknown>> {
  return {
    [START_MODAL.typeBlock]: { [START_MODAL.typeAction]: { selected_option: { value: 'FINE_TUNING' } } },
    [START_MODAL.modelBlock]: {
      [START_MODAL.modelAction]: { selected_option: { value: 'amazon.nova-micro-v1:0:128k' } },
    },
    [START_MODAL.datasetBlock]: { [START_MODAL.datasetAction]: { selected_option: { value: 'ds0123abcd' } } },
    [START_MODAL.validationBlock]: { [START_MODAL.valueAction]: { selected_option: { value: '__none__' } } },
    [START_MODAL.nameBlock]: { [START_MODAL.valueAction]: { value: 'support-bot' } },
    [`${START_MODAL.hyperParameterPrefix}epochCount`]: { [START_MODAL.valueAction]: { value: '2' } },
    [`${START_MODAL.hyperParameterPrefix}learningRate`]: { [START_MODAL.valueAction]: { value: '0.00001' } },
    [`${START_MODAL.hyperParameterPrefix}learningRateWarmupSteps`]: {
      [START_MODAL.valueAction]: { value: '10' },
    },
  };
}

export interface BenchPath {
  name: string;
  /** A fresh Slack request body for this path. */
  body(signingSecret: string): string;
  /** Calls to the services one request makes once the secrets are read. */
  calls: Record<string, number>;
  /** Whether the acknowledgement is the one this path gives (status and body). */
  acknowledged(response: { statusCode?: number | undefined; body?: string | undefined }): boolean;
}

const emptyAck = (response: { statusCode?: number | undefined; body?: string | undefined }) =>
  response.statusCode === 200 && (response.body ?? '') === '';

const press = (name: string, actionId: string, value: string): BenchPath => ({
  name,
  body: () =>
    buttonPressBody({
      actionId,
      value,
      channelId: CHANNEL,
      userId: USER,
      teamId: TEAM,
      responseUrl: 'https://hooks.slack.com/actions/T0TUNE/1/bench',
    }),
  calls: { 'sqs:SendMessage': 1 },
  acknowledged: emptyAck,
});

/** tune's interactive paths (bench/cold-start.ts and bench/ack.ts pick from these). */
export const TUNE_PATHS = {
  help: {
    name: '/tune help',
    body: () => slashCommandBody({ text: 'help', trigger_id: `trigger-${unique()}` }),
    calls: {},
    acknowledged: (response) => response.statusCode === 200 && (response.body ?? '').includes('/tune start'),
  },
  startForm: {
    name: '/tune start (form)',
    body: () => slashCommandBody({ text: 'start', trigger_id: `trigger-${unique()}` }),
    calls: { 'slack:views.open': 1, 'sqs:SendMessage': 1 },
    acknowledged: emptyAck,
  },
  startWithArguments: {
    name: '/tune start <dataset> --epochs 2',
    body: () =>
      slashCommandBody({ text: 'start support-faq.jsonl --epochs 2', trigger_id: `trigger-${unique()}` }),
    calls: { 'sqs:SendMessage': 1 },
    acknowledged: emptyAck,
  },
  formSubmission: {
    name: 'start form submitted',
    body: (signingSecret) =>
      formSubmissionBody({
        privateMetadata: signFormMetadata(formKeyFrom(signingSecret), {
          teamId: TEAM,
          channelId: CHANNEL,
          userId: USER,
        }),
        userId: USER,
        teamId: TEAM,
        values: startFormValues(),
      }),
    calls: { 'sqs:SendMessage': 1 },
    // The form closes: an empty acknowledgement (errors would come back as a response_action).
    acknowledged: emptyAck,
  },
  startPress: press('Start training pressed', ACTION.startConfirm, 'p0123abcd'),
  cancelPress: press('Cancel pressed', ACTION.startCancel, 'p0123abcd'),
  stopPress: press('Stop confirmed', ACTION.stopConfirm, '3f9a2c1b7e'),
  fileShare: {
    name: 'file shared',
    body: fileShareBody,
    calls: { 'sqs:SendMessage': 1 },
    acknowledged: emptyAck,
  },
} satisfies Record<string, BenchPath>;

/** The baseline's one command (bench/baseline/bare-bolt.ts): ack and one SQS message. */
export const PING_PATH: BenchPath = {
  name: 'bare Bolt /ping',
  body: () => slashCommandBody({ command: '/ping', text: '', trigger_id: `trigger-${unique()}` }),
  calls: { 'sqs:SendMessage': 1 },
  acknowledged: emptyAck,
};
