/** Calls the web host's API the way the page does (token header), for checks behind the screen. */
import type { Harness } from './support';

export async function call(h: Harness, channel: string, input: unknown): Promise<unknown> {
  const res = await fetch(`${h.host.origin}/api/${channel}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-mutual-token': h.host.token },
    body: JSON.stringify(input),
  });
  const result = (await res.json()) as { ok: boolean; value?: unknown; error?: unknown };
  if (!result.ok) throw new Error(`${channel} failed: ${JSON.stringify(result.error)}`);
  return result.value;
}
