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
