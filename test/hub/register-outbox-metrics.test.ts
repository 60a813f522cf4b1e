import { Registry } from 'prom-client';
import { registerOutboxMetrics } from '../../src/hub';

describe('registerOutboxMetrics', () => {
  it('when the registry is scraped, then each delivery status is a sample with the count the store reports at that moment', async () => {
    const registry = new Registry();
    let counts = { pending: 3, delivered: 10, dead: 1, cancelled: 0 };
    registerOutboxMetrics(registry, { countByStatus: async () => counts });

    const first = await registry.metrics();
    counts = { ...counts, dead: 2, pending: 2 };
    const second = await registry.metrics();

    expect(first).toContain('reunion_hub_deliveries{status="pending"} 3');
    expect(first).toContain('reunion_hub_deliveries{status="dead"} 1');
    expect(first).toContain('reunion_hub_deliveries{status="cancelled"} 0');
    expect(second).toContain('reunion_hub_deliveries{status="dead"} 2');
    expect(second).toContain('reunion_hub_deliveries{status="pending"} 2');
  });
});
