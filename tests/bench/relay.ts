/**
 * How still the relaying thread stays while the journal works (issue "Never wait"):
 * `main_loop_delay_p99_ms` is the 99th percentile of Node's event-loop delay (monitorEventLoopDelay,
 * 1 ms resolution) on the thread that relays the journal worker — the Electron main process or the
 * web host — during a burst of saves and searches sent while an import runs, on the benchmark's
 * journal. The thread itself does nothing but relay, exactly as the app's main process does.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { JournalClient } from '../../electron/core/worker/client';
import { ensureWorkerBuilt, workerFile } from '../../electron/webhost/host';
import type { JobStatus } from '../../electron/shared/contract';
import { docFromPlainText } from '../../electron/shared/doc';
import { writeDayOneExport } from './import';

export interface RelayFigures {
  main_loop_delay_p99_ms: number;
  main_loop_delay_max_ms: number;
  relay_saves: number;
  relay_searches: number;
  relay_import_entries: number;
  relay_save_p95_ms: number;
  relay_search_p95_ms: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
}

export async function measureRelay(options: { vaultDir: string; passphrase: string; words: string[]; importEntries: number; log: (line: string) => void }): Promise<RelayFigures> {
  await ensureWorkerBuilt();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mutual-relay-'));
  const exportFile = path.join(tmp, 'Journal.json');
  writeDayOneExport(exportFile, { entries: options.importEntries, seed: 99 });
  const client = await JournalClient.start({ vaultDir: options.vaultDir, workerFile });
  try {
    const unlocked = await client.handlers['vault.unlock']({ passphrase: options.passphrase });
    if (!unlocked.ok) throw new Error(unlocked.error.message);
    // Warm up the worker's statements so the burst measures steady work, not first use.
    await client.handlers['search.query']({ q: options.words[0]! });

    const delay = monitorEventLoopDelay({ resolution: 1 });
    const saveMs: number[] = [];
    const searchMs: number[] = [];
    delay.enable();
    const started = await client.handlers['import.run']({ format: 'dayone', source: exportFile, people: {} });
    if (!started.ok) throw new Error(started.error.message);
    const jobId = started.value.jobId;
    const importDone = new Promise<JobStatus>((resolve) => {
      const off = client.onEvent((event) => {
        if (event.name === 'job' && event.detail.id === jobId && event.detail.state !== 'running') {
          off();
          resolve(event.detail);
        }
      });
    });
    let entryId: string | null = null;
    const burst = async () => {
      for (let i = 0; i < 60; i++) {
        const text = `${options.words[i % options.words.length]} relay burst ${i}`;
        const t0 = performance.now();
        const saved = entryId
          ? await client.handlers['entries.save']({ id: entryId, doc: docFromPlainText({ note: text }) })
          : await client.handlers['entries.create']({ date: '2026-11-30', doc: docFromPlainText({ note: text }) });
        saveMs.push(performance.now() - t0);
        if (saved.ok) entryId ??= saved.value.id;
        const t1 = performance.now();
        await client.handlers['search.query']({ q: options.words[(i * 7) % options.words.length]! });
        searchMs.push(performance.now() - t1);
        await sleep(15);
      }
    };
    const [status] = await Promise.all([importDone, burst()]);
    delay.disable();
    if (status.state !== 'done') throw new Error(`the import during the burst ended ${status.state}: ${status.error?.message ?? ''}`);
    const figures: RelayFigures = {
      main_loop_delay_p99_ms: delay.percentile(99) / 1e6,
      main_loop_delay_max_ms: delay.max / 1e6,
      relay_saves: saveMs.length,
      relay_searches: searchMs.length,
      relay_import_entries: options.importEntries,
      relay_save_p95_ms: percentile(saveMs, 95),
      relay_search_p95_ms: percentile(searchMs, 95),
    };
    options.log(
      `  relay: event-loop delay p99 ${figures.main_loop_delay_p99_ms.toFixed(2)} ms (max ${figures.main_loop_delay_max_ms.toFixed(2)}) during ${saveMs.length} saves, ${searchMs.length} searches and a ${options.importEntries}-entry import`,
    );
    return figures;
  } finally {
    await client.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
