/**
 * The loopback HTTP transport of the web host: static renderer files, the contract's handler
 * table as `POST /api/<channel>`, and the journal's events (electron/shared/events.ts) as one
 * Server-Sent Events stream, `GET /events`, which the page reads with fetch so it can send the
 * token header as every other request does. It holds no journal logic — it gets a handler table
 * and an event source and serves them — so it can be tested with fakes and reused by the
 * end-to-end tests and bench:ui.
 *
 * Who may talk to it: only a page that knows the per-run token (sent in TOKEN_HEADER, a custom
 * header, which also forces a CORS preflight that this server never grants), whose Host header is
 * this loopback address (so a rebinding DNS name cannot reach it) and whose Origin, when sent, is
 * this server.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { timingSafeEqual, randomBytes } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { join, normalize, resolve, sep } from 'node:path';
import type { AddressInfo } from 'node:net';
import { channelNames, type ChannelName } from '../shared/channels';
import type { JournalEvent } from '../shared/events';
import type { HandlerTable } from '../shared/handlerTable';
import { fail, type Result } from '../shared/result';
import { EVENTS_PATH, PHOTOS_PATH, PHOTOS_TOKEN_PARAM, TOKEN_HEADER } from '../shared/transport';
import { contentTypeFor, WEB_HOST_CSP } from '../shared/webSecurity';

const MAX_BODY_BYTES = 16 * 1024 * 1024;
/** A comment line now and then keeps an idle event stream from being closed along the way. */
const EVENT_KEEPALIVE_MS = 15_000;

export interface WebServerOptions {
  /** The journal's handler table (tests may serve only part of it). */
  handlers: Partial<HandlerTable>;
  /** Subscribes to the journal's events; returns the unsubscribe function. */
  events?: (listener: (event: JournalEvent) => void) => () => void;
  /** A photo's variant to serve at PHOTOS_PATH (its type, size and pieces), or null when there is none. */
  photos?: (photoId: string, variant: 'original' | 'medium' | 'small') => Promise<{ type: string; size: number; pieces: AsyncIterable<Uint8Array> } | null>;
  /** Folder with the built renderer (index.html and assets/). */
  webRoot: string;
  /** 0 or undefined: any free port. */
  port?: number;
  /** Defaults to 32 random bytes, hex. */
  token?: string;
  /** Runs after the server has stopped listening (the host locks the journal here). */
  onClose?: () => void | Promise<void>;
}

export interface WebServer {
  /** The address to open, token included: http://127.0.0.1:PORT/#token=… */
  url: string;
  origin: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

function securityHeaders(res: ServerResponse): void {
  res.setHeader('Content-Security-Policy', WEB_HOST_CSP);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
  res.setHeader('Permissions-Policy', 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()');
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Content-Length', Buffer.byteLength(text));
  res.end(text);
}

function sendText(res: ServerResponse, status: number, text: string): void {
  res.statusCode = status;
  res.setHeader('Content-Type', 'text/plain; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.end(text);
}

function sameToken(given: string | string[] | undefined, expected: Buffer): boolean {
  if (typeof given !== 'string') return false;
  const buf = Buffer.from(given, 'utf8');
  return buf.length === expected.length && timingSafeEqual(buf, expected);
}

/**
 * The request body, or 'too-large' as soon as it passes MAX_BODY_BYTES: a declared length over
 * the limit is refused before a byte is read, and an undeclared (chunked) body is dropped and no
 * longer read the moment it crosses it, so a sender cannot make the host take in (or hold) more
 * than the limit. The caller answers 413 and closes the connection (see refuseTooLarge).
 */
function readBody(req: IncomingMessage): Promise<Buffer | 'too-large'> {
  const declared = Number(req.headers['content-length']);
  return new Promise((resolveBody, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const stop = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      // Paused with a 'data' listener once attached, so Node does not drain the rest for us either.
      req.pause();
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        stop();
        chunks.length = 0;
        resolveBody('too-large');
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      stop();
      resolveBody(Buffer.concat(chunks));
    };
    const onError = (error: Error) => {
      stop();
      reject(error);
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    // Refused unread, but only after listening: a request nobody listened to is drained by Node.
    if (Number.isFinite(declared) && declared > MAX_BODY_BYTES) {
      stop();
      resolveBody('too-large');
    }
  });
}

/** How long a refused sender has to read the 413 before its connection is dropped. */
const REFUSED_LINGER_MS = 2_000;

/**
 * 413, then the connection is half-closed and dropped a moment later; the rest of the body is
 * never read (the paused request lets TCP's window close on the sender). Not `Connection:
 * close`: Node would then destroy the socket at once, and closing a socket with unread data
 * resets the connection, so the sender often never sees the answer.
 */
function refuseTooLarge(req: IncomingMessage, res: ServerResponse): void {
  res.on('finish', () => {
    req.socket.end();
    setTimeout(() => req.socket.destroy(), REFUSED_LINGER_MS).unref();
  });
  sendJson(res, 413, fail('BAD_INPUT', 'That request is too large to save.'));
}

const knownChannels = new Set<string>(channelNames);

export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const token = options.token ?? randomBytes(32).toString('hex');
  const tokenBuf = Buffer.from(token, 'utf8');
  const webRoot = resolve(options.webRoot);
  let allowedHosts = new Set<string>();
  let allowedOrigins = new Set<string>();

  async function serveApi(req: IncomingMessage, res: ServerResponse, channel: string): Promise<void> {
    if (req.method !== 'POST') {
      res.setHeader('Allow', 'POST');
      return sendJson(res, 405, fail('BAD_INPUT', 'Use POST for journal requests.'));
    }
    const refused = refusal(req);
    if (refused) return sendJson(res, refused[0], fail('BAD_INPUT', refused[1]));
    const handler = knownChannels.has(channel) ? (options.handlers[channel as ChannelName] as ((input: unknown) => Promise<Result<unknown>>) | undefined) : undefined;
    if (!handler) return sendJson(res, 404, fail('BAD_INPUT', 'There is no such journal request.'));
    const mediaType = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (mediaType !== 'application/json') return sendJson(res, 415, fail('BAD_INPUT', 'Journal requests are JSON.'));
    const body = await readBody(req);
    if (body === 'too-large') return refuseTooLarge(req, res);
    let input: unknown;
    try {
      input = body.length === 0 ? {} : JSON.parse(body.toString('utf8'));
    } catch {
      return sendJson(res, 400, fail('BAD_INPUT', 'The request could not be read.'));
    }
    let result: Result<unknown>;
    const started = performance.now();
    try {
      result = await handler(input);
    } catch {
      // The handler table promises never to throw; if it does, nothing of the failure leaves.
      result = fail('INTERNAL');
    }
    // Lets bench:ui and the browser's devtools tell journal time from transport and rendering.
    res.setHeader('Server-Timing', `journal;dur=${(performance.now() - started).toFixed(1)}`);
    sendJson(res, 200, result);
  }

  /** The refusal for a request that is not from the page this host printed, or null when it is. */
  function refusal(req: IncomingMessage): [status: number, message: string] | null {
    if (req.headers.origin !== undefined && !allowedOrigins.has(req.headers.origin)) return [403, 'Requests from other pages are refused.'];
    if (!sameToken(req.headers[TOKEN_HEADER], tokenBuf)) return [401, 'This page is not allowed to open the journal. Open the address the web host printed.'];
    return null;
  }

  /** The journal's events as Server-Sent Events, one JSON event per `data:` line. */
  async function serveEvents(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'GET') {
      res.setHeader('Allow', 'GET');
      return sendJson(res, 405, fail('BAD_INPUT', 'Use GET for the journal’s events.'));
    }
    const refused = refusal(req);
    if (refused) return sendJson(res, refused[0], fail('BAD_INPUT', refused[1]));
    if (!options.events) return sendJson(res, 404, fail('BAD_INPUT', 'This host sends no events.'));
    res.statusCode = 200;
    res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('X-Accel-Buffering', 'no');
    res.flushHeaders();
    res.write(': journal events\n\n');
    const unsubscribe = options.events((event) => res.write(`data: ${JSON.stringify(event)}\n\n`));
    const keepalive = setInterval(() => res.write(': still here\n\n'), EVENT_KEEPALIVE_MS);
    keepalive.unref();
    res.on('close', () => {
      clearInterval(keepalive);
      unsubscribe();
    });
  }

  /**
   * A photo, streamed piece by piece from the journal. An <img> cannot send the token header, so
   * its address carries the token (PHOTOS_TOKEN_PARAM); the Referrer-Policy keeps it from leaving,
   * and the Host and Origin rules are the same as for every request.
   */
  async function servePhoto(req: IncomingMessage, res: ServerResponse, rest: string, query: URLSearchParams): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      return sendText(res, 405, 'Method not allowed');
    }
    if (req.headers.origin !== undefined && !allowedOrigins.has(req.headers.origin)) return sendText(res, 403, 'Requests from other pages are refused.');
    if (!sameToken(query.get(PHOTOS_TOKEN_PARAM) ?? undefined, tokenBuf)) return sendText(res, 401, 'This page is not allowed to open the journal.');
    const match = /^([0-9a-f-]{36})\/(original|medium|small)$/.exec(rest);
    const photo = match && options.photos ? await options.photos(match[1]!, match[2] as 'original' | 'medium' | 'small') : null;
    if (!photo) return sendText(res, 404, 'Not found');
    res.statusCode = 200;
    res.setHeader('Content-Type', photo.type);
    res.setHeader('Content-Length', photo.size);
    // Never kept by the browser's cache on disk: the journal's photos live only in the journal.
    res.setHeader('Cache-Control', 'no-store');
    if (req.method === 'HEAD') return void res.end();
    for await (const piece of photo.pieces) {
      if (res.destroyed) return;
      if (!res.write(piece)) await new Promise((resolve) => res.once('drain', resolve));
    }
    res.end();
  }

  async function serveStatic(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      return sendText(res, 405, 'Method not allowed');
    }
    let decoded: string;
    try {
      decoded = decodeURIComponent(pathname);
    } catch {
      return sendText(res, 400, 'Bad path');
    }
    if (decoded.includes('\0')) return sendText(res, 400, 'Bad path');
    const relative = decoded === '/' || decoded === '/index.html' ? 'index.html' : normalize(decoded).replace(/^[/\\]+/, '');
    const file = resolve(join(webRoot, relative));
    if (file !== webRoot && !file.startsWith(webRoot + sep)) return sendText(res, 404, 'Not found');
    let body: Buffer;
    try {
      const info = await stat(file);
      if (!info.isFile()) return sendText(res, 404, 'Not found');
      body = await readFile(file);
    } catch {
      return sendText(res, 404, 'Not found');
    }
    res.statusCode = 200;
    res.setHeader('Content-Type', contentTypeFor(file));
    // Hashed assets never change; the page itself must always be fresh after a rebuild.
    res.setHeader('Cache-Control', relative.startsWith('assets' + sep) || relative.startsWith('assets/') ? 'public, max-age=31536000, immutable' : 'no-store');
    res.setHeader('Content-Length', body.length);
    res.end(req.method === 'HEAD' ? undefined : body);
  }

  const server: Server = createServer((req, res) => {
    securityHeaders(res);
    if (!allowedHosts.has(req.headers.host ?? '')) {
      sendText(res, 421, 'This host only answers on its loopback address.');
      return;
    }
    const [pathname, search = ''] = (req.url ?? '/').split('#')[0]!.split('?') as [string, string?];
    const task = pathname.startsWith('/api/')
      ? serveApi(req, res, pathname.slice('/api/'.length))
      : pathname === EVENTS_PATH
        ? serveEvents(req, res)
        : pathname.startsWith(PHOTOS_PATH)
          ? servePhoto(req, res, pathname.slice(PHOTOS_PATH.length), new URLSearchParams(search))
          : serveStatic(req, res, pathname);
    task.catch(() => {
      if (!res.headersSent) sendJson(res, 500, fail('INTERNAL'));
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 5_000;

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen({ host: '127.0.0.1', port: options.port ?? 0, exclusive: true }, () => {
      server.off('error', reject);
      resolveListen();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;
  allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  allowedOrigins = new Set([origin, `http://localhost:${port}`]);

  let closing: Promise<void> | null = null;
  const close = () => {
    closing ??= (async () => {
      await new Promise<void>((resolveClose) => {
        server.close(() => resolveClose());
        server.closeAllConnections();
      });
      await options.onClose?.();
    })();
    return closing;
  };

  return { url: `${origin}/#token=${token}`, origin, port, token, close };
}
