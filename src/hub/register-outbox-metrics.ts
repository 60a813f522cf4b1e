import { Gauge, type Registry } from 'prom-client';
import { DELIVERY_STATUSES } from '../domain';
import type { OutboxRepository } from '../store';

/**
 * Adds `reunion_hub_deliveries{status}` to a Prometheus registry: webhook deliveries by status,
 * counted in the store at scrape time, so that an alert can fire on a growing dead letter list
 * (`status="dead"`) or a pending backlog whatever replica delivers.
 */
export function registerOutboxMetrics(registry: Registry, outbox: Pick<OutboxRepository, 'countByStatus'>): void {
  new Gauge({
    name: 'reunion_hub_deliveries',
    help: 'Webhook deliveries to the alert hub by status (pending, delivered, dead, cancelled)',
    labelNames: ['status'],
    registers: [registry],
    async collect() {
      const counts = await outbox.countByStatus();
      for (const status of DELIVERY_STATUSES) this.set({ status }, counts[status]);
    },
  });
}
