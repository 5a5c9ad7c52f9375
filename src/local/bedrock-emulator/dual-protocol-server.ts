/**
 * One port speaking both HTTP/1.1 and cleartext HTTP/2. The control-plane client
 * (`@aws-sdk/client-bedrock`) sends HTTP/1.1, but the runtime client
 * (`@aws-sdk/client-bedrock-runtime`) defaults to `NodeHttp2Handler`, which talks HTTP/2 with prior
 * knowledge to an `http://` endpoint. Node's plaintext HTTP/2 server cannot fall back to HTTP/1.1,
 * so each new connection is sniffed: the HTTP/2 preface starts with `PRI * HTTP/2.0`, anything else
 * is HTTP/1.1. Both servers share one request handler through their compatible request/response API.
 */
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import {
  createServer as createHttp2Server,
  type Http2ServerRequest,
  type Http2ServerResponse,
} from 'node:http2';
import { type AddressInfo, createServer as createNetServer, type Socket } from 'node:net';

export type AnyRequest = IncomingMessage | Http2ServerRequest;
export type AnyResponse = ServerResponse | Http2ServerResponse;
export type Handler = (request: AnyRequest, response: AnyResponse) => void;

export interface DualServer {
  port: number;
  close(): Promise<void>;
}

export async function listenDual(handler: Handler, port: number, host: string): Promise<DualServer> {
  const http1 = createHttpServer(handler);
  const http2 = createHttp2Server(handler);
  const sockets = new Set<Socket>();
  const server = createNetServer((socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    socket.once('readable', () => {
      const chunk: Buffer | null = socket.read();
      if (chunk === null) return;
      socket.unshift(chunk);
      const target = chunk.subarray(0, 3).toString('latin1') === 'PRI' ? http2 : http1;
      target.emit('connection', socket);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === 'string')
    throw new Error('The emulator did not get a TCP port.');
  return {
    port: (address satisfies AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
        http1.close();
        http2.close();
      }),
  };
}
