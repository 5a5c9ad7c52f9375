/**
 * Queue on SQS. The message id travels as an attribute so the worker can drop redeliveries of
 * work it already finished; the body is JSON, parsed with zod by the worker.
 */
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { UpstreamUnavailableError } from '../core/errors.js';
import type { Queue, QueueMessage } from '../core/ports.js';

export const MESSAGE_ID_ATTRIBUTE = 'tuneMessageId';

export class SqsQueue<T> implements Queue<T> {
  private readonly client: SQSClient;
  private readonly queueUrl: string;

  constructor(options: { client: SQSClient; queueUrl: string }) {
    this.client = options.client;
    this.queueUrl = options.queueUrl;
  }

  async send(message: QueueMessage<T>): Promise<void> {
    try {
      await this.client.send(
        new SendMessageCommand({
          QueueUrl: this.queueUrl,
          MessageBody: JSON.stringify(message.body),
          MessageAttributes: { [MESSAGE_ID_ATTRIBUTE]: { DataType: 'String', StringValue: message.id } },
        }),
      );
    } catch (error) {
      // Any failure to hand off is worth a retry: the caller releases its claim and Slack retries.
      throw new UpstreamUnavailableError(`Could not queue work ${message.id}: ${String(error)}`, {
        cause: error,
      });
    }
  }
}
