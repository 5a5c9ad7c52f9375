/**
 * The baseline for bench/cold-start.ts and bench/ack.ts: the least a Bolt app on Lambda can do for
 * a slash command. Bolt's own AwsLambdaReceiver (which verifies the signature itself), one `/ping`
 * command that sends one SQS message and acknowledges, the bot ids given so that Bolt makes no
 * `auth.test` call, the signing secret and token from the environment. Built with the same
 * esbuild options as the Lambda functions (scripts/build.ts), stubs included, so that the ratio
 * measures what tune adds to Bolt, not a difference in bundling.
 */
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { App, AwsLambdaReceiver, LogLevel } from '@slack/bolt';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`bare-bolt baseline: ${name} is not set`);
  return value;
}

/** Built on the first request, as tune's handler is, so that importing the bundle reads no environment. */
function build() {
  const receiver = new AwsLambdaReceiver({ signingSecret: required('SLACK_SIGNING_SECRET') });
  const app = new App({
    token: required('SLACK_BOT_TOKEN'),
    botId: required('SLACK_BOT_ID'),
    botUserId: required('SLACK_BOT_USER_ID'),
    tokenVerificationEnabled: false,
    receiver,
    logLevel: LogLevel.WARN,
  });
  const sqs = new SQSClient({
    region: process.env.AWS_REGION ?? 'us-east-1',
    ...(process.env.TUNE_SQS_ENDPOINT ? { endpoint: process.env.TUNE_SQS_ENDPOINT } : {}),
  });
  const queueUrl = required('TUNE_QUEUE_URL');
  app.command('/ping', async ({ command, ack }) => {
    await sqs.send(
      new SendMessageCommand({
        QueueUrl: queueUrl,
        MessageBody: JSON.stringify({ kind: 'ping', channelId: command.channel_id, userId: command.user_id }),
        MessageAttributes: {
          tuneMessageId: { DataType: 'String', StringValue: `command:${command.trigger_id}` },
        },
      }),
    );
    await ack();
  });
  return receiver.toHandler();
}

let boltHandler: ReturnType<typeof build> | undefined;

export async function handler(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  boltHandler ??= build();
  return boltHandler(event, {});
}
