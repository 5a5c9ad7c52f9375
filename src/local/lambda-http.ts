/**
 * Serves a Lambda HTTP handler on a local port the way API Gateway's HTTP API (payload v2) calls
 * it: the raw body is passed base64-encoded, as API Gateway does for form posts, so the local
 * stack exercises the same decoding path as production.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

export type HttpLambda = (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>;

export async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  return Buffer.concat(chunks);
}

export function toApiGatewayEvent(request: IncomingMessage, body: Buffer): APIGatewayProxyEventV2 {
  const url = new URL(request.url ?? '/', 'http://localhost');
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
  }
  // Payload v2 moves the Cookie header into `cookies`, one entry per cookie.
  const cookies = headers.cookie?.split(';').map((cookie) => cookie.trim()) ?? [];
  delete headers.cookie;
  const now = Date.now();
  return {
    version: '2.0',
    routeKey: `${request.method ?? 'GET'} ${url.pathname}`,
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    headers,
    ...(cookies.length > 0 ? { cookies } : {}),
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      domainName: headers.host ?? 'localhost',
      domainPrefix: 'local',
      http: {
        method: request.method ?? 'GET',
        path: url.pathname,
        protocol: 'HTTP/1.1',
        sourceIp: request.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: `local-${now}`,
      routeKey: `${request.method ?? 'GET'} ${url.pathname}`,
      stage: '$default',
      time: new Date(now).toISOString(),
      timeEpoch: now,
    },
    body: body.toString('base64'),
    isBase64Encoded: true,
  };
}

/**
 * Serves `routes` on 127.0.0.1: `/path` answers POST (the Slack events route), `GET /path` answers
 * GET (the install function's); other requests get 404.
 */
export async function serveLambdas(
  routes: Record<string, HttpLambda>,
  options: { port?: number; host?: string } = {},
): Promise<{ url: string; server: Server; close(): Promise<void> }> {
  const server = createServer(async (request, response) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    const lambda =
      routes[`${request.method} ${path}`] ?? (request.method === 'POST' ? routes[path] : undefined);
    if (!lambda) {
      response.writeHead(404).end();
      return;
    }
    try {
      const result = await lambda(toApiGatewayEvent(request, await readBody(request)));
      const body = result.body ?? '';
      const headers: Record<string, string | string[]> = { ...(result.headers ?? {}) } as Record<
        string,
        string
      >;
      if (result.cookies && result.cookies.length > 0) headers['set-cookie'] = result.cookies;
      response.writeHead(result.statusCode ?? 200, headers);
      response.end(result.isBase64Encoded ? Buffer.from(body, 'base64') : body);
    } catch (error) {
      // API Gateway answers 500 when the function throws; so do we.
      response
        .writeHead(500, { 'content-type': 'application/json' })
        .end('{"message":"Internal Server Error"}');
      process.stderr.write(`lambda failed: ${String(error)}\n`);
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    server,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
