import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the test server answers to one request. `hang: true` never answers (until close). */
export interface ChatTestReply {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
  hang?: boolean;
}

export interface ChatTestRequest {
  index: number;
  headers: IncomingHttpHeaders;
  body: Record<string, unknown>;
}

export interface ChatTestServer {
  /** Base URL to use as `openai.baseUrl`, e.g. http://127.0.0.1:40123/v1. */
  baseUrl: string;
  /** Every request received so far. */
  requests: ChatTestRequest[];
  close(): Promise<void>;
}

/** A chat-completions JSON body with one choice per text. */
export function chatCompletionBody(texts: readonly string[], finishReason = 'stop'): unknown {
  return {
    id: 'chatcmpl-test',
    object: 'chat.completion',
    choices: texts.map((content, index) => ({
      index,
      message: { role: 'assistant', content },
      finish_reason: finishReason,
    })),
  };
}

/**
 * A tiny OpenAI-compatible server for tests, on 127.0.0.1 only, port chosen by the OS. It serves
 * `POST /v1/chat/completions` through `respond`, answers at most `maxRequests` requests (then 503),
 * and closes itself after `lifetimeMs` if the test forgets to.
 */
export async function startChatTestServer(
  respond: (request: ChatTestRequest) => ChatTestReply | Promise<ChatTestReply>,
  options: { maxRequests?: number; lifetimeMs?: number } = {},
): Promise<ChatTestServer> {
  const maxRequests = options.maxRequests ?? 100;
  const requests: ChatTestRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= 1 << 20) chunks.push(c);
    });
    req.on('end', async () => {
      if (req.method !== 'POST' || req.url !== '/v1/chat/completions') {
        res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}');
        return;
      }
      if (requests.length >= maxRequests || size > 1 << 20) {
        res
          .writeHead(503, { 'content-type': 'application/json' })
          .end('{"error":"test server request budget spent"}');
        return;
      }
      let body: Record<string, unknown> = {};
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        res.writeHead(400).end('{"error":"bad json"}');
        return;
      }
      const request = { index: requests.length, headers: req.headers, body };
      requests.push(request);
      const reply = await respond(request);
      if (reply.hang) return;
      res.writeHead(reply.status ?? 200, { 'content-type': 'application/json', ...reply.headers });
      res.end(typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body ?? {}));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const close = () =>
    new Promise<void>((resolve) => {
      clearTimeout(timer);
      server.closeAllConnections();
      server.close(() => resolve());
    });
  const timer = setTimeout(() => void close(), options.lifetimeMs ?? 60_000);
  timer.unref();
  return { baseUrl: `http://127.0.0.1:${port}/v1`, requests, close };
}
