/**
 * Entry point of a search worker thread (piscina). The index arrives once, as a snapshot posted on
 * the engine's BroadcastChannel (the shared memory is mapped, not copied); later snapshots replace
 * it when the index grows a chunk, a template or a panel generation. A task carries only the
 * query, the policy values, its shard and the snapshot version it needs; a worker that has not yet
 * seen that version waits for it (a worker started late asks for the current snapshot). Kinship
 * case files (kinship-task.ts) and false-hit rates (false-hit-rate-task.ts) need no index and run at once.
 */
import { BroadcastChannel, workerData } from 'node:worker_threads';
import { FalseHitRateRunner, type FalseHitRateTask } from './false-hit-rate-task';
import { runKinshipTask, type KinshipTask } from './kinship-task';
import { SearchState } from './search-executor';
import type { SearchTask, Snapshot } from './search-task';

const state = new SearchState();
const rates = new FalseHitRateRunner();
const waiting: Array<() => void> = [];
const channel = new BroadcastChannel((workerData as { channel: string }).channel);
channel.onmessage = (event: unknown) => {
  const message = (event as { data: { type: string; snapshot?: Snapshot } }).data;
  if (message.type !== 'snapshot' || !message.snapshot) return;
  state.apply(message.snapshot);
  for (const wake of waiting.splice(0)) wake();
};
channel.unref();
channel.postMessage({ type: 'need-snapshot' });

async function until(version: number): Promise<void> {
  while (state.version < version) {
    await new Promise<void>((resolve) => {
      waiting.push(resolve);
      // Ask again in case the answer crossed a late start.
      channel.postMessage({ type: 'need-snapshot' });
    });
  }
}

export default async function run(task: SearchTask | KinshipTask | FalseHitRateTask): Promise<unknown> {
  if (task.kind === 'kinship') return runKinshipTask(task);
  if (task.kind === 'falseHitRates') return rates.run(task);
  if (state.version < task.version) await until(task.version);
  return state.run(task);
}
