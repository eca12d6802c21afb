import { z } from 'zod';
import { ConfigError, loadConfig, setting } from '../../../pkg/kit';

const shape = {
  PORT: setting.port(8080),
  DATABASE_URL: setting.url(['postgres', 'postgresql']).optional(),
  MAX: setting.positiveInt(10),
  FLAG: setting.boolean(false),
  NAME: z.string(),
};

describe('loadConfig', () => {
  it('applies defaults and parses values', () => {
    expect(loadConfig(shape, { NAME: 'x', FLAG: 'true', MAX: '3' })).toEqual({
      PORT: 8080,
      DATABASE_URL: undefined,
      MAX: 3,
      FLAG: true,
      NAME: 'x',
    });
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig(shape, { NAME: 'x', PORT: '' }).PORT).toBe(8080);
  });

  it.each([
    [{ NAME: 'x', PORT: 'eighty' }, /^invalid configuration: PORT is "eighty": /],
    [{ NAME: 'x', PORT: '70000' }, /^invalid configuration: PORT is "70000": /],
    [
      { NAME: 'x', DATABASE_URL: 'mysql://db' },
      /^invalid configuration: DATABASE_URL is "mysql:\/\/db": must be a postgres or postgresql URL$/,
    ],
    [{ NAME: 'x', MAX: '-1' }, /^invalid configuration: MAX is "-1": /],
    [{ NAME: 'x', FLAG: 'yes' }, /^invalid configuration: FLAG is "yes": /],
    [{}, /^invalid configuration: NAME is not set: /],
  ])('stops with one line naming the bad setting (%j)', (env, message) => {
    let thrown: unknown;
    try {
      loadConfig(shape, env);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigError);
    expect((thrown as Error).message).toMatch(message);
    expect((thrown as Error).message).not.toContain('\n');
  });
});

describe('setting', () => {
  it.each([
    ['0', 0],
    ['65535', 65535],
  ])('takes port %s, the ends of the range', (value, port) => {
    expect(loadConfig({ PORT: setting.port(8080) }, { PORT: value }).PORT).toBe(port);
  });

  it.each(['-1', '65536', '80.5'])('refuses port %s', (value) => {
    expect(() => loadConfig({ PORT: setting.port(8080) }, { PORT: value })).toThrow(ConfigError);
  });

  it.each(['0', '1.5'])('refuses %s where a positive whole number belongs', (value) => {
    expect(() => loadConfig({ MAX: setting.positiveInt(10) }, { MAX: value })).toThrow(ConfigError);
  });

  it('takes 1 as the smallest positive whole number', () => {
    expect(loadConfig({ MAX: setting.positiveInt(10) }, { MAX: '1' }).MAX).toBe(1);
  });

  it.each([
    ['true', true],
    ['1', true],
    ['false', false],
    ['0', false],
  ])('reads boolean %s as %s', (value, expected) => {
    expect(loadConfig({ FLAG: setting.boolean(false) }, { FLAG: value }).FLAG).toBe(expected);
  });

  it('defaults a boolean to its fallback, either way', () => {
    expect(loadConfig({ FLAG: setting.boolean(true) }, {}).FLAG).toBe(true);
    expect(loadConfig({ FLAG: setting.boolean(false) }, {}).FLAG).toBe(false);
  });

  it('reads a log level, info unless set, and refuses an unknown one', () => {
    expect(loadConfig({ LOG_LEVEL: setting.logLevel() }, {}).LOG_LEVEL).toBe('info');
    expect(loadConfig({ LOG_LEVEL: setting.logLevel() }, { LOG_LEVEL: 'silent' }).LOG_LEVEL).toBe('silent');
    expect(() => loadConfig({ LOG_LEVEL: setting.logLevel() }, { LOG_LEVEL: 'verbose' })).toThrow(
      /^invalid configuration: LOG_LEVEL is "verbose": /,
    );
  });

  it("accepts each of pino's level names", () => {
    for (const level of ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']) {
      expect(loadConfig({ LOG_LEVEL: setting.logLevel() }, { LOG_LEVEL: level }).LOG_LEVEL).toBe(level);
    }
  });

  it('takes a URL of any listed protocol, and refuses text that is no URL', () => {
    const shape = { URL: setting.url(['nats', 'tls']) };
    expect(loadConfig(shape, { URL: 'tls://nats:4222' }).URL).toBe('tls://nats:4222');
    expect(loadConfig(shape, { URL: 'nats://nats:4222' }).URL).toBe('nats://nats:4222');
    expect(() => loadConfig(shape, { URL: 'http://nats:4222' })).toThrow(
      'invalid configuration: URL is "http://nats:4222": must be a nats or tls URL',
    );
    expect(() => loadConfig(shape, { URL: 'not a url' })).toThrow(/must be a nats or tls URL$/);
  });

  it('names the first bad setting when several are bad', () => {
    expect(() => loadConfig(shape, { PORT: 'x', MAX: 'y' })).toThrow(/^invalid configuration: PORT /);
  });

  it('reads process.env when given no environment', () => {
    process.env.KIT_CONFIG_TEST_NAME = 'from the environment';
    try {
      expect(loadConfig({ KIT_CONFIG_TEST_NAME: z.string() })).toEqual({
        KIT_CONFIG_TEST_NAME: 'from the environment',
      });
    } finally {
      delete process.env.KIT_CONFIG_TEST_NAME;
    }
  });
});
