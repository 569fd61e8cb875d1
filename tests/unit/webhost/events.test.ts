/**
 * The web host pushes the journal's events (the journal locked, a job moved on) as Server-Sent
 * Events behind the same token as every request, so the page never polls for them.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JournalEvent } from '../../../electron/shared/events';
import { EVENTS_PATH, TOKEN_HEADER } from '../../../electron/shared/transport';
import { startWebServer, type WebServer } from '../../../electron/webhost/server';

let dir: string;
let server: WebServer;
const listeners = new Set<(event: JournalEvent) => void>();
const publish = (event: JournalEvent) => listeners.forEach((l) => l(event));

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mutual-events-'));
  mkdirSync(join(dir, 'web'));
  writeFileSync(join(dir, 'web', 'index.html'), '<!doctype html><title>Mutual</title>');
  server = await startWebServer({
    webRoot: join(dir, 'web'),
    handlers: {},
    events: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  });
});

afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Reads `data:` lines from the stream until `count` events arrived. */
async function readEvents(body: ReadableStream<Uint8Array>, count: number): Promise<JournalEvent[]> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const events: JournalEvent[] = [];
  let buffer = '';
  while (events.length < count) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      for (const line of block.split('\n')) if (line.startsWith('data: ')) events.push(JSON.parse(line.slice(6)) as JournalEvent);
    }
  }
  await reader.cancel();
  return events;
}

describe('the web host’s event stream', () => {
  it('sends each journal event to a page holding the token, as it happens', async () => {
    const controller = new AbortController();
    const response = await fetch(`${server.origin}${EVENTS_PATH}`, { headers: { [TOKEN_HEADER]: server.token }, signal: controller.signal });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(response.headers.get('content-security-policy')).toBeTruthy();
    await expect.poll(() => listeners.size).toBe(1);
    const sent: JournalEvent[] = [
      { name: 'status', detail: { state: 'locked', cause: 'idle' } },
      { name: 'job', detail: { id: 'j1', kind: 'export', state: 'running', done: 3, total: 10, result: null, error: null } },
    ];
    const reading = readEvents(response.body!, 2);
    sent.forEach(publish);
    expect(await reading).toEqual(sent);
    controller.abort();
    // The host lets go of a page that went away.
    await expect.poll(() => listeners.size).toBe(0);
  });

  it('refuses a page without the token, or from another origin, before subscribing it', async () => {
    const without = await fetch(`${server.origin}${EVENTS_PATH}`);
    expect(without.status).toBe(401);
    const foreign = await fetch(`${server.origin}${EVENTS_PATH}`, { headers: { [TOKEN_HEADER]: server.token, origin: 'http://evil.example' } });
    expect(foreign.status).toBe(403);
    const wrongMethod = await fetch(`${server.origin}${EVENTS_PATH}`, { method: 'POST', headers: { [TOKEN_HEADER]: server.token } });
    expect(wrongMethod.status).toBe(405);
    expect(listeners.size).toBe(0);
  });
});
