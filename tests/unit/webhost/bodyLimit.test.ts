/**
 * The web host stops reading a request body as soon as it passes the limit (16 MiB): it answers
 * 413 and closes the connection instead of reading — and discarding — whatever a sender keeps
 * sending. Measured from the sending side: how much of a 512 MiB body the host takes in before it
 * stops reading.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ok } from '../../../electron/shared/result';
import { TOKEN_HEADER } from '../../../electron/shared/transport';
import { startWebServer, type WebServer } from '../../../electron/webhost/server';

const MiB = 1024 * 1024;
const LIMIT = 16 * MiB;
let dir: string;
let server: WebServer;
let handled = 0;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mutual-body-limit-'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Mutual</title>');
  server = await startWebServer({
    webRoot: dir,
    handlers: {
      'vault.status': async () => {
        handled += 1;
        return ok({ state: 'locked' });
      },
    },
  });
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

interface Outcome {
  status: number | null;
  body: string;
  /** Bytes the sender's socket accepted (written out to the host). */
  sent: number;
}

/**
 * Sends up to `total` bytes as the body, 1 MiB at a time, waiting when the host stops reading;
 * stops when the host answers, when the connection ends, or when the host has read nothing for a
 * while (it stopped reading).
 */
function send(total: number, headers: Record<string, string | number> = {}): Promise<Outcome> {
  return new Promise((resolve) => {
    const outcome: Outcome = { status: null, body: '', sent: 0 };
    let done = false;
    let stall: NodeJS.Timeout | undefined;
    const finish = () => {
      if (done) return;
      done = true;
      clearTimeout(stall);
      req.destroy();
      resolve(outcome);
    };
    const req = request({
      host: '127.0.0.1',
      port: server.port,
      method: 'POST',
      path: '/api/vault.status',
      headers: { 'content-type': 'application/json', [TOKEN_HEADER]: server.token, ...headers },
    });
    req.on('response', (res) => {
      outcome.status = res.statusCode ?? null;
      res.setEncoding('utf8');
      res.on('data', (text: string) => (outcome.body += text));
      res.on('end', finish);
      res.on('error', finish);
    });
    req.on('error', () => setTimeout(finish, 200)); // the host closing on us; a response may still be read
    const chunk = Buffer.alloc(MiB, 0x20);
    const pump = () => {
      while (!done && outcome.sent < total) {
        clearTimeout(stall);
        stall = setTimeout(finish, 1500);
        const more = req.write(chunk, (error) => {
          if (!error) outcome.sent += chunk.length;
        });
        if (!more) return void req.once('drain', pump);
      }
      if (!done) req.end();
    };
    pump();
  });
}

describe('a request body over the limit', () => {
  it('sent without a length: 413 as soon as it passes the limit, and the rest is never read', async () => {
    const started = performance.now();
    const outcome = await send(512 * MiB);
    expect(outcome.status).toBe(413);
    expect(outcome.body).toContain('too large');
    // The limit plus what the two sockets' buffers hold; reading on would take all 512 MiB.
    expect(outcome.sent).toBeGreaterThan(LIMIT);
    expect(outcome.sent).toBeLessThan(LIMIT + 48 * MiB);
    expect(handled).toBe(0);
    expect(performance.now() - started).toBeLessThan(15_000);
  });

  it('with a declared length over the limit: 413 before the body is read', async () => {
    const outcome = await send(64 * MiB, { 'content-length': 1024 * MiB });
    expect(outcome.status).toBe(413);
    expect(outcome.sent).toBeLessThan(LIMIT);
    expect(handled).toBe(0);
  });

  it('a body within the limit is still read whole and handled', async () => {
    const res = await fetch(`${server.origin}/api/vault.status`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [TOKEN_HEADER]: server.token },
      body: JSON.stringify({ padding: 'x'.repeat(LIMIT - 64) }),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, value: { state: 'locked' } });
    expect(handled).toBe(1);
  });
});
