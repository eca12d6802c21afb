import { decideLocalUse, realServersGiven } from '../../../cmd/start-all/local-use';
import { serviceEnvironment } from '../../../cmd/start-all/service-settings';

describe('local use under npm start', () => {
  it('names the real servers given, by kind', () => {
    expect(realServersGiven({ databases: [undefined, undefined] })).toEqual([]);
    expect(
      realServersGiven({
        databases: [undefined, 'postgres://db/links'],
        redis: 'redis://127.0.0.1:6379',
        nats: 'nats://127.0.0.1:4222',
      }),
    ).toEqual(['Postgres', 'Redis', 'NATS']);
  });

  it('is on in the embedded mode only, unless LOCAL_USE decides', () => {
    expect(decideLocalUse('auto', [])).toEqual({
      on: true,
      reason: 'embedded mode; LOCAL_USE=off turns it off',
    });
    expect(decideLocalUse('auto', ['NATS'])).toEqual({
      on: false,
      reason: 'real servers given (NATS); LOCAL_USE=on turns it on',
    });
    expect(decideLocalUse('on', ['Postgres'])).toEqual({ on: true, reason: 'LOCAL_USE=on' });
    expect(decideLocalUse('off', [])).toEqual({ on: false, reason: 'LOCAL_USE=off' });
  });

  it('leaves the development login and private-address checks off when local use is off', () => {
    const launcher = { LOG_LEVEL: 'warn' };
    const gateway = (localUse: boolean, env: NodeJS.ProcessEnv = {}) =>
      serviceEnvironment('api-gateway-service', env, launcher, { PORT: '5000' }, {}, localUse);
    expect(gateway(true).DEV_LOGIN_ENABLED).toBe('true');
    expect(gateway(false).DEV_LOGIN_ENABLED).toBeUndefined();
    // The service's own setting still asks for it explicitly.
    expect(gateway(false, { API_GATEWAY_SERVICE_DEV_LOGIN_ENABLED: 'true' }).DEV_LOGIN_ENABLED).toBe('true');
    const checker = serviceEnvironment('link-checker', {}, launcher, { PORT: '8082' }, {}, false);
    expect(checker.ALLOW_PRIVATE_ADDRESSES).toBeUndefined();
  });
});
