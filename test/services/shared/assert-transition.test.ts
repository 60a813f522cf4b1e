import { LIFECYCLES, type LifecycleEntity } from '../../../src/domain';
import { ConflictError } from '../../../src/lib';
import { assertTransition } from '../../../src/services';

const pairs = (Object.keys(LIFECYCLES) as LifecycleEntity[]).flatMap((entity) => {
  const { statuses, transitions } = LIFECYCLES[entity];
  return statuses.flatMap((from) => statuses.map((to) => ({
    entity, from, to, allowed: (transitions as Record<string, readonly string[]>)[from]!.includes(to),
  })));
});

describe('assertTransition', () => {
  it.each(pairs.filter((p) => p.allowed))('when a $entity goes from $from to $to (in the table), then it passes', ({ entity, from, to }) => {
    expect(() => assertTransition(entity, 'x_1', from, to)).not.toThrow();
  });

  it.each(pairs.filter((p) => !p.allowed))('when a $entity goes from $from to $to (not in the table), then it is a 409 INVALID_TRANSITION naming both', ({ entity, from, to }) => {
    let error: unknown;
    try {
      assertTransition(entity, 'x_1', from, to);
    } catch (e) {
      error = e;
    }

    expect(error).toBeInstanceOf(ConflictError);
    expect(error).toMatchObject({ code: 'INVALID_TRANSITION', httpStatus: 409 });
    expect((error as ConflictError).detail).toContain(`${entity} x_1 cannot go from "${from}" to "${to}"`);
  });
});
