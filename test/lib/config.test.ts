import os from 'node:os';
import { ConfigError, loadConfig } from '../../src/lib/config';

describe('loadConfig', () => {
  it('when the environment is empty, then the defaults describe a local embedded-store service', () => {
    const config = loadConfig({});

    expect(config.PORT).toBe(3000);
    expect(config.DATA_DIR).toBe('./var');
    expect(config.MONGODB_URI).toBeUndefined();
    expect(config.WORKERS).toBe(os.availableParallelism());
    expect(config.DEMO_KEYS).toBe(true);
    expect(config.SEED_SAMPLE_DATA).toBe(true);
  });

  it('when values are given as strings, then they are coerced to their types', () => {
    const config = loadConfig({ PORT: '8080', WORKERS: '3', DEMO_KEYS: 'false', MONGODB_URI: 'mongodb://db:27017/reunion?replicaSet=rs0' });

    expect(config).toMatchObject({ PORT: 8080, WORKERS: 3, DEMO_KEYS: false, MONGODB_URI: 'mongodb://db:27017/reunion?replicaSet=rs0' });
  });

  it('when NODE_ENV is production, then demo keys and sample data are off unless asked for', () => {
    expect(loadConfig({ NODE_ENV: 'production' })).toMatchObject({ DEMO_KEYS: false, SEED_SAMPLE_DATA: false });
    expect(loadConfig({ NODE_ENV: 'production', DEMO_KEYS: 'yes' }).DEMO_KEYS).toBe(true);
  });

  it('when several variables are invalid, then one ConfigError lists every one of them', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'eighty', LOG_LEVEL: 'loud', MONGODB_URI: 'postgres://x', DEMO_KEYS: 'perhaps' });
    } catch (e) {
      error = e;
    }

    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    for (const name of ['PORT', 'LOG_LEVEL', 'MONGODB_URI', 'DEMO_KEYS']) expect(problems).toContain(name);
    expect((error as ConfigError).problems).toHaveLength(4);
  });

  it('when a variable is set to the empty string, then it counts as unset', () => {
    const config = loadConfig({ PORT: '', MONGODB_URI: '' });

    expect(config.PORT).toBe(3000);
    expect(config.MONGODB_URI).toBeUndefined();
  });

  it('when the configuration is loaded, then it cannot be changed', () => {
    const config = loadConfig({});

    expect(Object.isFrozen(config)).toBe(true);
  });
});
