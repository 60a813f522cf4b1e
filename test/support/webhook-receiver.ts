import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyReunionSignature, type VerifyReunionSignatureResult } from '../../src/hub';

export interface ReceivedDelivery {
  readonly headers: http.IncomingHttpHeaders;
  readonly rawBody: string;
  readonly body: { id: string; type: string; occurredAt: string; data: Record<string, unknown> };
  /** the verification recipe's verdict with the receiver's secret (no replay set) */
  readonly verdict: VerifyReunionSignatureResult;
}

/** What the receiver does with the next request: answer with a status, or hold it until released. */
export type Behaviour = number | { hold: Promise<number> };

export interface WebhookReceiver {
  readonly url: string;
  readonly received: ReceivedDelivery[];
  /** Behaviours for the next requests, in order; afterwards `fallback` applies. */
  queue(...behaviours: Behaviour[]): void;
  setFallback(behaviour: Behaviour): void;
  /** Resolves once `n` requests have arrived (bounded: rejects after `timeoutMs`). */
  waitForCount(n: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/** A real HTTP receiver on 127.0.0.1 (port 0) that records every delivery and checks its signature. */
export async function startWebhookReceiver(secret: string): Promise<WebhookReceiver> {
  const received: ReceivedDelivery[] = [];
  const pending: Behaviour[] = [];
  let fallback: Behaviour = 200;
  const waiters: Array<() => void> = [];

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const rawBody = Buffer.concat(chunks).toString('utf8');
      received.push({
        headers: req.headers, rawBody, body: JSON.parse(rawBody),
        verdict: verifyReunionSignature({
          secret, rawBody, timestamp: req.headers['x-reunion-timestamp'] as string, signature: req.headers['x-reunion-signature'] as string,
        }),
      });
      for (const w of waiters.splice(0)) w();
      const behaviour = pending.shift() ?? fallback;
      const answer = (status: number) => {
        if (!res.destroyed) res.writeHead(status, { 'Content-Type': 'text/plain' }).end(String(status));
      };
      if (typeof behaviour === 'number') answer(behaviour);
      else void behaviour.hold.then(answer);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/reunion/events`,
    received,
    queue: (...b) => void pending.push(...b),
    setFallback: (b) => {
      fallback = b;
    },
    waitForCount: (n, timeoutMs = 10_000) => new Promise<void>((resolve, reject) => {
      const deadline = setTimeout(() => reject(new Error(`expected ${n} deliveries, got ${received.length} within ${timeoutMs} ms`)), timeoutMs);
      const check = () => {
        if (received.length >= n) {
          clearTimeout(deadline);
          resolve();
        } else {
          waiters.push(check);
        }
      };
      check();
    }),
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

/** A promise with its resolver, for holding a receiver's answer. */
export function deferred<T>(): { promise: Promise<T>; resolve: (v: T) => void } {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/** Polls `probe` until it returns true (bounded). For states that no event announces, e.g. a stored status. */
export async function eventually(probe: () => Promise<boolean> | boolean, timeoutMs = 10_000, everyMs = 10): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    if (await probe()) return;
    if (Date.now() > end) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
