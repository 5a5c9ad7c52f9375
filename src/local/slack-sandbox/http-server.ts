/**
 * The sandbox's HTTP surface. Slack's side: `/api/<method>` (Web API), `/response/<id>`
 * (response_url), `/upload/v1/<id>` (filesUploadV2's upload URL), `/files-pri/…` (url_private, bytes
 * only with the bot token, else a login page with HTTP 200 as Slack does). The person's side: the
 * page at `/`, its state at `/ui/snapshot`, live changes at `/ui/events` (Server-Sent Events) and
 * the actions under `/ui/*`, which call the same functions as the test driver.
 */
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import * as z from 'zod';
import { type PersonActions, SandboxUsageError } from './person-actions.js';
import type { SandboxRuntime } from './runtime.js';
import { callWebApi, presentView, SUPPORTED_METHODS } from './web-api.js';

const API_BODY_LIMIT = 20 * 1024 * 1024;

class BodyTooLargeError extends Error {}

function readBody(request: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    // Past the limit the rest is read and dropped, so the client still gets the 413 answer.
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
    });
    request.on('end', () => {
      if (size > limit) reject(new BodyTooLargeError(`body larger than ${limit} bytes`));
      else resolve(Buffer.concat(chunks));
    });
    request.on('error', reject);
  });
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  response.end(text);
}

function sendText(
  response: ServerResponse,
  status: number,
  text: string,
  contentType = 'text/plain; charset=utf-8',
): void {
  response.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(text) });
  response.end(text);
}

function bearer(request: IncomingMessage): string | undefined {
  const header = request.headers.authorization;
  const match = typeof header === 'string' ? /^Bearer\s+(.+)$/i.exec(header.trim()) : null;
  return match?.[1];
}

/** Web API arguments from the query string and a form, JSON or multipart body. */
async function apiArguments(
  request: IncomingMessage,
  url: URL,
  body: Buffer,
): Promise<Record<string, unknown> | 'invalid_json'> {
  const args: Record<string, unknown> = Object.fromEntries(url.searchParams.entries());
  const contentType = request.headers['content-type'] ?? '';
  if (body.length === 0) return args;
  if (contentType.startsWith('application/json')) {
    try {
      const parsed: unknown = JSON.parse(body.toString('utf8'));
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return 'invalid_json';
      return { ...args, ...(parsed as Record<string, unknown>) };
    } catch {
      return 'invalid_json';
    }
  }
  if (contentType.startsWith('multipart/form-data')) {
    const form = await new Response(body, { headers: { 'content-type': contentType } }).formData();
    for (const [key, value] of form.entries()) {
      args[key] = typeof value === 'string' ? value : Buffer.from(await value.arrayBuffer());
    }
    return args;
  }
  return { ...args, ...Object.fromEntries(new URLSearchParams(body.toString('utf8')).entries()) };
}

const LOGIN_PAGE = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Slack | Sign in</title></head>
<body><h1>Sign in to tune sandbox</h1>
<p>This file needs a signed-in session. Apps must send <code>Authorization: Bearer &lt;bot token&gt;</code>.</p>
<form><input name="email" placeholder="name@work-email.com"><button>Sign in with email</button></form>
</body></html>`;

function publicFile(name: string): string {
  return readFileSync(new URL(`./public/${name}`, import.meta.url), 'utf8');
}

const personId = z.string().min(1);
const uiSchemas = {
  command: z.object({
    userId: personId,
    channelId: z.string(),
    text: z.string(),
    threadTs: z.string().optional(),
  }),
  message: z.object({
    userId: personId,
    channelId: z.string(),
    text: z.string(),
    threadTs: z.string().optional(),
  }),
  action: z.object({
    userId: personId,
    actionId: z.string(),
    blockId: z.string().optional(),
    channelId: z.string().optional(),
    messageTs: z.string().optional(),
    viewId: z.string().optional(),
    value: z.union([z.string(), z.array(z.string())]).optional(),
    values: z
      .record(z.string(), z.record(z.string(), z.union([z.string(), z.array(z.string()), z.null()])))
      .optional(),
  }),
  submit: z.object({
    userId: personId,
    viewId: z.string().optional(),
    values: z
      .record(z.string(), z.record(z.string(), z.union([z.string(), z.array(z.string()), z.null()])))
      .optional(),
  }),
  close: z.object({ userId: personId, viewId: z.string().optional(), all: z.boolean().optional() }),
  home: z.object({ userId: personId }),
  invite: z.object({ userId: personId, channelId: z.string() }),
};

/**
 * Turns what a person types into what the Slack client sends: `&`, `<`, `>` escaped, `@name` into
 * `<@U…>` and `#channel` into `<#C…|channel>` for names that exist.
 */
export function formatTypedText(runtime: SandboxRuntime, typed: string): string {
  const escaped = typed.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return escaped
    .replace(/(^|[\s(])@(here|channel|everyone)\b/g, '$1<!$2>')
    .replace(/(^|[\s(])@([a-z0-9._-]+)/gi, (whole, before: string, name: string) => {
      const user = runtime.workspace.userByName(name);
      return user ? `${before}<@${user.id}>` : whole;
    })
    .replace(/(^|[\s(])#([a-z0-9._-]+)/gi, (whole, before: string, name: string) => {
      const channel = runtime.workspace.resolveChannel(name);
      return channel && !channel.isIm ? `${before}<#${channel.id}|${channel.name}>` : whole;
    });
}

function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/**
 * Slack's consent screen, played: the scopes the app asks for, the workspace to add it to (any id:
 * each is another workspace), and Allow, which sends the same request back with `approve=1`.
 */
function consentPage(url: URL): string {
  const scopes = (url.searchParams.get('scope') ?? '').split(',').filter((scope) => scope !== '');
  const hidden = [...url.searchParams.entries()]
    .filter(([name]) => !['team', 'team_name', 'approve'].includes(name))
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join('');
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Add tune to a workspace | sandbox</title>
<link rel="stylesheet" href="/static/style.css"></head>
<body class="consent" data-testid="consent-page"><main>
<p class="banner-badge">LOCAL SANDBOX: not Slack</p>
<h1>tune is requesting permission to access a workspace</h1>
<p>It will be able to:</p><ul>${scopes.map((scope) => `<li><code>${escapeHtml(scope)}</code></li>`).join('')}</ul>
<form method="get" action="/oauth/v2/authorize">${hidden}
<label>Workspace id <input name="team" value="T0SECOND" data-testid="consent-team"></label>
<label>Workspace name <input name="team_name" value="Second workspace" data-testid="consent-team-name"></label>
<input type="hidden" name="approve" value="1">
<button type="submit" data-testid="consent-allow">Allow</button>
</form></main></body></html>`;
}

/** Escapes what a person types after a slash command, as the Slack client does. */
function escapeTyped(typed: string): string {
  return typed.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export class SandboxHttp {
  private readonly page = {
    html: publicFile('index.html'),
    script: publicFile('app.js'),
    style: publicFile('style.css'),
  };
  private readonly streams = new Set<ServerResponse>();
  private readonly heartbeat: NodeJS.Timeout;
  private pendingNotify: NodeJS.Timeout | undefined;

  constructor(
    private readonly runtime: SandboxRuntime,
    private readonly actions: PersonActions,
  ) {
    runtime.workspace.onChange(() => this.notify());
    this.heartbeat = setInterval(() => {
      for (const stream of this.streams) stream.write(': keep-alive\n\n');
    }, 15_000);
    this.heartbeat.unref();
  }

  close(): void {
    clearInterval(this.heartbeat);
    if (this.pendingNotify) clearTimeout(this.pendingNotify);
    for (const stream of this.streams) stream.end();
    this.streams.clear();
  }

  /** Coalesces bursts of changes into one SSE message per 30 ms. */
  private notify(): void {
    if (this.pendingNotify) return;
    this.pendingNotify = setTimeout(() => {
      this.pendingNotify = undefined;
      const data = `event: change\ndata: ${this.runtime.workspace.version}\n\n`;
      for (const stream of this.streams) stream.write(data);
    }, 30);
  }

  readonly handle = (request: IncomingMessage, response: ServerResponse): void => {
    this.route(request, response).catch((error: unknown) => {
      if (response.headersSent) {
        response.destroy();
        return;
      }
      if (error instanceof SandboxUsageError)
        sendJson(response, error.status, { ok: false, error: error.message });
      else if (error instanceof BodyTooLargeError)
        sendJson(response, 413, { ok: false, error: 'request_too_large' });
      else if (error instanceof z.ZodError)
        sendJson(response, 400, { ok: false, error: z.prettifyError(error) });
      else {
        console.error('slack sandbox: request failed', error);
        sendJson(response, 500, { ok: false, error: 'internal_error' });
      }
    });
  };

  private async route(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://sandbox.invalid');
    const path = url.pathname;
    const method = request.method ?? 'GET';

    if (path.startsWith('/api/')) return this.api(request, response, url, path.slice('/api/'.length));
    if (path.startsWith('/response/') && method === 'POST')
      return this.responseUrl(request, response, path.slice('/response/'.length));
    if (path.startsWith('/upload/v1/') && method === 'POST')
      return this.upload(request, response, path.slice('/upload/v1/'.length));
    if (path.startsWith('/files-pri/')) return this.privateFile(request, response, path);
    if (method === 'GET' && path === '/oauth/v2/authorize') return this.authorize(response, url);

    if (method === 'GET' && (path === '/' || path === '/index.html'))
      return sendText(response, 200, this.page.html, 'text/html; charset=utf-8');
    if (method === 'GET' && path === '/static/app.js')
      return sendText(response, 200, this.page.script, 'text/javascript; charset=utf-8');
    if (method === 'GET' && path === '/static/style.css')
      return sendText(response, 200, this.page.style, 'text/css; charset=utf-8');
    if (method === 'GET' && path.startsWith('/archives/')) return this.permalink(response, path);
    if (path.startsWith('/ui/')) return this.ui(request, response, url, path.slice('/ui/'.length), method);
    sendText(response, 404, 'Not found');
  }

  // ── Slack's side ──────────────────────────────────────────────────────────────────────────────

  private async api(
    request: IncomingMessage,
    response: ServerResponse,
    url: URL,
    method: string,
  ): Promise<void> {
    const body = await readBody(request, API_BODY_LIMIT);
    if (this.runtime.outageStatus !== undefined) {
      return sendJson(response, this.runtime.outageStatus, { ok: false, error: 'service_unavailable' });
    }
    const limit = this.runtime.rateLimit;
    if (limit?.methods.includes(method) && limit.random() < limit.ratio) {
      // Slack's answer to a tier's rate limit: 429, the seconds to wait, and nothing done.
      this.runtime.rateLimited++;
      response.setHeader('retry-after', String(limit.retryAfterSeconds));
      return sendJson(response, 429, { ok: false, error: 'ratelimited' });
    }
    const args = await apiArguments(request, url, body);
    if (args === 'invalid_json') return sendJson(response, 200, { ok: false, error: 'invalid_json' });
    sendJson(response, 200, await callWebApi(this.runtime, method, args, bearer(request)));
  }

  /**
   * Slack's authorize page: first the consent screen, then (`approve=1`, its Allow button) the
   * person (`user`, default alice) adds the app to the workspace `team` (default a second
   * workspace, T0SECOND) and is sent to the app's redirect URL with a code and the app's state.
   */
  private authorize(response: ServerResponse, url: URL): void {
    const app = this.runtime.settings.oauth;
    const redirect = url.searchParams.get('redirect_uri') ?? app?.redirectUrl;
    if (!app || url.searchParams.get('client_id') !== app.clientId || !redirect) {
      sendText(response, 400, 'This app cannot be installed here: unknown client_id or no redirect URL.');
      return;
    }
    if (url.searchParams.get('approve') !== '1') {
      sendText(response, 200, consentPage(url), 'text/html; charset=utf-8');
      return;
    }
    const teamId = url.searchParams.get('team') ?? 'T0SECOND';
    const code = this.runtime.grantInstall(
      {
        teamId,
        teamName: url.searchParams.get('team_name') ?? (teamId === 'T0SECOND' ? 'Second workspace' : teamId),
        botId: `B${teamId.slice(1)}BOT`,
        botUserId: `U${teamId.slice(1)}BOT`,
        installerUserId: url.searchParams.get('user') ?? 'U0ALICE',
        scopes: (url.searchParams.get('scope') ?? '').split(',').filter((scope) => scope !== ''),
      },
      url.searchParams.get('redirect_uri') ?? undefined,
    );
    const target = new URL(redirect);
    target.searchParams.set('code', code);
    const state = url.searchParams.get('state');
    if (state) target.searchParams.set('state', state);
    response.writeHead(302, { location: target.href }).end();
  }

  private async responseUrl(request: IncomingMessage, response: ServerResponse, id: string): Promise<void> {
    const body = (await readBody(request, API_BODY_LIMIT)).toString('utf8');
    if (this.runtime.outageStatus !== undefined) {
      return sendJson(response, this.runtime.outageStatus, { ok: false, error: 'service_unavailable' });
    }
    let payload: unknown;
    try {
      const contentType = request.headers['content-type'] ?? '';
      payload = contentType.startsWith('application/x-www-form-urlencoded')
        ? JSON.parse(new URLSearchParams(body).get('payload') ?? 'null')
        : JSON.parse(body);
    } catch {
      return sendJson(response, 400, { ok: false, error: 'invalid_json' });
    }
    const result = this.actions.respond(id, payload);
    sendJson(response, result.status, result.body);
  }

  private async upload(request: IncomingMessage, response: ServerResponse, id: string): Promise<void> {
    const pending = this.runtime.uploads.get(id);
    if (!pending) return sendText(response, 404, 'Not found');
    const limit = this.runtime.settings.maxFileBytes;
    const body = await readBody(request, limit + 64 * 1024);
    let content = body;
    const contentType = request.headers['content-type'] ?? '';
    if (contentType.startsWith('multipart/form-data')) {
      const form = await new Response(body, { headers: { 'content-type': contentType } }).formData();
      const part = [...form.values()].find((value) => typeof value !== 'string');
      if (!part || typeof part === 'string') return sendText(response, 400, 'no file in the upload');
      content = Buffer.from(await part.arrayBuffer());
    }
    if (content.length > limit) return sendText(response, 413, 'file too large');
    pending.content = content;
    sendText(response, 200, `OK - ${content.length}`);
  }

  private async privateFile(request: IncomingMessage, response: ServerResponse, path: string): Promise<void> {
    const match = /^\/files-pri\/([^/-]+)-([^/]+)\/(download\/)?[^/]+$/.exec(path);
    const fileId = match?.[2];
    // Exactly the pitfall bots hit (bolt-js#2585): no token, no file, but still HTTP 200.
    if (bearer(request) !== this.runtime.settings.botToken) {
      return sendText(response, 200, LOGIN_PAGE, 'text/html; charset=utf-8');
    }
    const file =
      fileId && match?.[1] === this.runtime.identity.teamId ? this.runtime.workspace.file(fileId) : undefined;
    const content = file ? await this.runtime.workspace.fileContent(file.id) : undefined;
    if (!file || !content) return sendText(response, 404, 'file_not_found');
    response.writeHead(200, {
      'content-type': file.mimetype,
      'content-length': content.length,
      'content-disposition': `${match?.[3] ? 'attachment' : 'inline'}; filename="${encodeURIComponent(file.name)}"`,
    });
    response.end(request.method === 'HEAD' ? undefined : content);
  }

  private permalink(response: ServerResponse, path: string): void {
    const match = /^\/archives\/([^/]+)\/p(\d+)(\d{6})$/.exec(path);
    const location = match ? `/#${match[1]}/${match[2]}.${match[3]}` : '/';
    response.writeHead(302, { location });
    response.end();
  }

  // ── the person's side ─────────────────────────────────────────────────────────────────────────

  private async ui(
    request: IncomingMessage,
    response: ServerResponse,
    url: URL,
    route: string,
    method: string,
  ): Promise<void> {
    if (method === 'GET' && route === 'snapshot')
      return sendJson(response, 200, this.snapshot(url.searchParams.get('user') ?? ''));
    if (method === 'GET' && route === 'events') return this.events(request, response);
    if (method === 'GET' && route.startsWith('file/'))
      return this.pageFile(response, route.slice('file/'.length));
    if (method !== 'POST') return sendText(response, 404, 'Not found');
    if (route === 'file') return this.pageUpload(request, response, url);
    const body: unknown = JSON.parse((await readBody(request, API_BODY_LIMIT)).toString('utf8') || '{}');
    const actions = this.actions;
    switch (route) {
      case 'command': {
        const input = uiSchemas.command.parse(body);
        const { request: _request, ...result } = await actions.slashCommand({
          ...input,
          text: escapeTyped(input.text),
        });
        return sendJson(response, 200, result);
      }
      case 'message': {
        const input = uiSchemas.message.parse(body);
        const { message } = await actions.postMessage({
          ...input,
          text: formatTypedText(this.runtime, input.text),
        });
        return sendJson(response, 200, { message });
      }
      case 'action': {
        const { value, values, blockId, channelId, messageTs, viewId, ...input } =
          uiSchemas.action.parse(body);
        const result = await actions.interact({
          ...input,
          ...(value !== undefined ? { value } : {}),
          ...(values !== undefined ? { values } : {}),
          ...(blockId !== undefined ? { blockId } : {}),
          ...(channelId !== undefined ? { channelId } : {}),
          ...(messageTs !== undefined ? { messageTs } : {}),
          ...(viewId !== undefined ? { viewId } : {}),
        });
        return sendJson(response, 200, { status: result.status, failure: result.failure ?? null });
      }
      case 'view-submit': {
        const { viewId, values, userId } = uiSchemas.submit.parse(body);
        const { request: _request, ...result } = await actions.submitView({
          userId,
          ...(viewId !== undefined ? { viewId } : {}),
          ...(values !== undefined ? { values } : {}),
        });
        return sendJson(response, 200, result);
      }
      case 'view-close': {
        const { userId, viewId, all } = uiSchemas.close.parse(body);
        await actions.closeView({
          userId,
          ...(viewId !== undefined ? { viewId } : {}),
          ...(all !== undefined ? { all } : {}),
        });
        return sendJson(response, 200, { ok: true });
      }
      case 'home': {
        await actions.openHome(uiSchemas.home.parse(body).userId);
        return sendJson(response, 200, { ok: true });
      }
      case 'invite-bot': {
        await actions.addBotToChannel(uiSchemas.invite.parse(body));
        return sendJson(response, 200, { ok: true });
      }
      default:
        return sendText(response, 404, 'Not found');
    }
  }

  private async pageUpload(request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> {
    const params = url.searchParams;
    const body = await readBody(request, this.runtime.settings.maxFileBytes + 1).catch((error: unknown) => {
      if (error instanceof BodyTooLargeError) {
        const userId = params.get('user') ?? '';
        if (this.runtime.workspace.user(userId)) {
          this.runtime.workspace.addNotice(
            userId,
            `${params.get('name') ?? 'That file'} is too large to upload.`,
          );
        }
      }
      throw error;
    });
    const comment = params.get('comment');
    const threadTs = params.get('thread');
    const result = await this.actions.shareFile({
      userId: params.get('user') ?? '',
      channelId: params.get('channel') ?? '',
      filename: params.get('name') ?? 'untitled',
      content: body,
      ...(comment ? { comment: formatTypedText(this.runtime, comment) } : {}),
      ...(threadTs ? { threadTs } : {}),
    });
    sendJson(response, 200, { file: result.file });
  }

  private async pageFile(response: ServerResponse, id: string): Promise<void> {
    const file = this.runtime.workspace.file(id);
    const content = file ? await this.runtime.workspace.fileContent(id) : undefined;
    if (!file || !content) return sendText(response, 404, 'Not found');
    response.writeHead(200, {
      'content-type': file.mimetype,
      'content-length': content.length,
      'content-disposition': `attachment; filename="${encodeURIComponent(file.name)}"`,
    });
    response.end(content);
  }

  private events(request: IncomingMessage, response: ServerResponse): void {
    response.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
    });
    response.write(`event: change\ndata: ${this.runtime.workspace.version}\n\n`);
    this.streams.add(response);
    request.on('close', () => this.streams.delete(response));
  }

  /** Everything the page shows for one person. */
  private snapshot(userId: string) {
    const runtime = this.runtime;
    const { workspace, identity } = runtime;
    const channels = workspace
      .allChannels()
      .filter((channel) => !channel.isIm || channel.members.includes(userId));
    const messages: Record<string, unknown[]> = {};
    const threads: Record<string, unknown[]> = {};
    for (const channel of channels) {
      messages[channel.id] = workspace
        .topLevel(channel.id)
        .slice(-300)
        .map((message) => runtime.presentMessage(message));
      for (const message of workspace.topLevel(channel.id)) {
        if ((message.reply_count ?? 0) > 0) {
          threads[`${channel.id}/${message.ts}`] = workspace
            .thread(channel.id, message.ts)
            .slice(1)
            .map((reply) => runtime.presentMessage(reply));
        }
      }
    }
    const activity = [
      ...runtime.delivery.all().map((record) => ({
        at: record.startedAt,
        direction: 'to-bot',
        label:
          record.kind === 'event'
            ? `event ${record.eventType ?? ''}${record.retryNum !== undefined ? ` (retry ${record.retryNum}, ${record.retryReason ?? ''})` : ''}`
            : record.kind.replace('_', ' '),
        ok: record.status >= 200 && record.status < 300,
        detail: record.timedOut
          ? 'timed out'
          : record.status
            ? `HTTP ${record.status} · ${record.durationMs} ms`
            : (record.error ?? 'not sent'),
      })),
      ...runtime.allApiCalls().map((call) => ({
        at: call.at,
        direction: 'from-bot',
        label: call.method,
        ok: call.ok,
        detail: call.ok ? 'ok' : (call.error ?? 'error'),
      })),
    ]
      .sort((first, second) => first.at - second.at)
      .slice(-80);
    return {
      version: workspace.version,
      team: { id: identity.teamId, name: identity.teamName },
      bot: { userId: identity.botUserId, botId: identity.botId, name: identity.botName },
      command: runtime.settings.command,
      botUrl: runtime.delivery.url ?? null,
      installUrl: runtime.settings.oauth?.installUrl ?? null,
      methods: SUPPORTED_METHODS,
      users: workspace.allUsers(),
      usergroups: workspace.allUsergroups().map(({ id, handle, name }) => ({ id, handle, name })),
      appHome: { messagesTab: runtime.settings.messagesTab },
      channels: channels.map((channel) => ({
        id: channel.id,
        name: channel.name,
        isPrivate: channel.isPrivate,
        isIm: channel.isIm === true,
        members: channel.members,
        topic: channel.topic ?? '',
        botMember: channel.isIm === true || channel.members.includes(identity.botUserId),
      })),
      messages,
      threads,
      ephemerals: workspace.ephemeralsFor(userId).map((message) => runtime.presentEphemeral(message)),
      modals: workspace
        .modalStack(userId)
        .map((view) => ({ ...presentView(view), errors: view.errors ?? {}, failure: view.failure ?? null })),
      home: (() => {
        const home = workspace.home(userId);
        return home ? presentView(home) : null;
      })(),
      notices: workspace.noticesFor(userId).slice(-5),
      activity,
    };
  }
}
