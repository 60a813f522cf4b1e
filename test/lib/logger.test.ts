import { Writable } from 'node:stream';
import { createLogger } from '../../src/lib/logger';

function memoryStream(): { stream: Writable; lines: () => string[] } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  return { stream, lines: () => chunks.join('').split('\n').filter(Boolean) };
}

describe('createLogger', () => {
  it('when an object with genotypes and an authorization header is logged, then neither reaches the output', () => {
    const { stream, lines } = memoryStream();
    const logger = createLogger({ level: 'info', destination: stream });

    logger.info({
      profile: { sampleId: 'S-1', genotypes: { D21S11: ['31.2', '33.2'] } },
      req: { headers: { authorization: 'Bearer rk_lab_secret' }, body: { genotypes: { TH01: ['9.3'] } } },
    }, 'stored');

    const out = lines().join('\n');
    expect(out).toContain('S-1');
    expect(out).not.toContain('31.2');
    expect(out).not.toContain('9.3');
    expect(out).not.toContain('rk_lab_secret');
    expect(out).toContain('[Redacted]');
  });

  it('when the level is warn, then info lines are not written', () => {
    const { stream, lines } = memoryStream();
    const logger = createLogger({ level: 'warn', destination: stream });

    logger.info('quiet');
    logger.warn('loud');

    expect(lines().map((l) => JSON.parse(l).msg)).toEqual(['loud']);
  });
});
