import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createLogger, loadConfig } from '../../src/lib';
import { startServer, stopServer, type RunningServer } from '../../src/main';
import { EmbeddedStore } from '../../src/store/embedded/embedded-store';
import { eventually, startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver';

const SECRET = 'whsec_restart_0123456789abcdef0123456';

describe('stopping the service with events pending', () => {
  let dataDir: string;
  let receiver: WebhookReceiver;

  beforeEach(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'reunion-restart-'));
    receiver = await startWebhookReceiver(SECRET);
  });

  afterEach(async () => {
    await stopServer();
    await receiver.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const start = () => startServer(loadConfig({
    PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'silent', SEED_SAMPLE_DATA: 'false', HUB_POLL_MS: '20', HUB_BACKOFF_BASE_MS: '5',
    HUB_BACKOFF_CAP_MS: '20', HUB_CONCURRENCY: '1', HUB_TIMEOUT_MS: '30000',
  }), { logger: createLogger({ level: 'silent' }), print: () => undefined });

  async function call(server: RunningServer, role: 'admin' | 'hub' | 'investigator', method: string, url: string, body?: unknown): Promise<Record<string, unknown>> {
    const res = await fetch(`${server.url}${url}`, {
      method, headers: { Authorization: `Bearer ${server.demoKeys[role]}`, 'Content-Type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    expect(res.status).toBeLessThan(300);
    return (await res.json()) as Record<string, unknown>;
  }

  it('when the service stops mid-delivery and starts again, then every pending event is delivered (nothing lost)', async () => {
    const first = await start();
    await call(first, 'admin', 'POST', '/v1/hub/subscriptions', { url: receiver.url, secret: SECRET, events: ['case.closed'] });
    receiver.setFallback({ hold: new Promise<number>(() => undefined) });
    const caseIds: string[] = [];
    for (const alertId of ['TY-R1', 'TY-R2', 'TY-R3']) {
      const c = await call(first, 'hub', 'POST', '/v1/hub/alerts', {
        alertId, missingChild: { sex: 'male', birthDate: null, missingSince: '2018-01-01', place: 'Xi\'an, Shaanxi' },
      });
      caseIds.push(c.id as string);
      await call(first, 'investigator', 'POST', `/v1/cases/${c.id as string}/close`, { status: 'closedNoReunion', reason: 'familyWithdrew' });
    }
    await receiver.waitForCount(1);
    await stopServer();
    const pendingAtStop = (await fetchStoreCounts()).pending;

    receiver.setFallback(200);
    const second = await start();
    await eventually(async () => (await second.store.outbox.countByStatus()).delivered === 3);

    expect(pendingAtStop).toBe(3);
    const delivered = new Set(receiver.received.slice(1).map((r) => r.body.data.caseId));
    expect([...delivered].sort()).toEqual([...caseIds].sort());
    expect(receiver.received.every((r) => r.verdict.ok)).toBe(true);
  });

  /** Reads the outbox of the stopped service through a fresh store on the same data folder. */
  async function fetchStoreCounts() {
    const store = EmbeddedStore.open({ dataDir });
    try {
      return await store.outbox.countByStatus();
    } finally {
      await store.close();
    }
  }
});
