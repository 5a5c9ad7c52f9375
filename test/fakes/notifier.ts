import type { Notifier, OutboundMessage } from '../../src/core/ports.js';

export type Notification =
  | { kind: 'post'; channelId: string; message: OutboundMessage; threadTs?: string; ts: string }
  | { kind: 'update'; channelId: string; ts: string; message: OutboundMessage }
  | { kind: 'ephemeral'; channelId: string; userId: string; message: OutboundMessage; threadTs?: string }
  | { kind: 'respond'; responseUrl: string; message: OutboundMessage }
  | { kind: 'home'; userId: string; view: unknown }
  | { kind: 'view'; viewId: string; view: unknown }
  | { kind: 'file'; channelId: string; filename: string; threadTs?: string };

/** Records every notification; `failNext` makes the next calls throw, as an outage would. */
export class RecordingNotifier implements Notifier {
  readonly sent: Notification[] = [];
  failNext = 0;
  private counter = 0;

  private check(): void {
    if (this.failNext > 0) {
      this.failNext--;
      throw new Error('Slack is unavailable');
    }
  }
  async post(channelId: string, message: OutboundMessage, threadTs?: string): Promise<string> {
    this.check();
    const ts = `1700000000.${String(++this.counter).padStart(6, '0')}`;
    this.sent.push({ kind: 'post', channelId, message, ts, ...(threadTs ? { threadTs } : {}) });
    return ts;
  }
  async update(channelId: string, ts: string, message: OutboundMessage): Promise<void> {
    this.check();
    this.sent.push({ kind: 'update', channelId, ts, message });
  }
  async postEphemeral(
    channelId: string,
    userId: string,
    message: OutboundMessage,
    threadTs?: string,
  ): Promise<void> {
    this.check();
    this.sent.push({ kind: 'ephemeral', channelId, userId, message, ...(threadTs ? { threadTs } : {}) });
  }
  async respond(responseUrl: string, message: OutboundMessage): Promise<void> {
    this.check();
    this.sent.push({ kind: 'respond', responseUrl, message });
  }
  async publishHome(userId: string, view: unknown): Promise<void> {
    this.check();
    this.sent.push({ kind: 'home', userId, view });
  }
  async updateView(viewId: string, view: unknown): Promise<void> {
    this.check();
    this.sent.push({ kind: 'view', viewId, view });
  }
  async uploadFile(request: { channelId: string; filename: string; threadTs?: string }): Promise<void> {
    this.check();
    this.sent.push({
      kind: 'file',
      channelId: request.channelId,
      filename: request.filename,
      ...(request.threadTs ? { threadTs: request.threadTs } : {}),
    });
  }
}
