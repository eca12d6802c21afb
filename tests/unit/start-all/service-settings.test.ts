import { ConfigError } from '../../../pkg/kit';
import {
  SERVICE_SETTINGS,
  givenSettings,
  serviceEnvironment,
  type ServiceSettings,
} from '../../../cmd/start-all/service-settings';
import { settingsTables } from '../../../cmd/start-all/settings-table';
import { readFileSync } from 'node:fs';

describe('service settings given to npm start', () => {
  it('passes <PREFIX><SETTING> to the service as <SETTING>', () => {
    expect(
      givenSettings('user-service', { USER_SERVICE_SESSION_TTL_SECONDS: '60', SESSION_TTL_SECONDS: '5' }),
    ).toEqual({ SESSION_TTL_SECONDS: '60' });
  });

  it('refuses a bad value with the service’s validation, naming the variable as written', () => {
    expect(() =>
      givenSettings('api-gateway-service', { API_GATEWAY_SERVICE_RATE_LIMIT_PER_MINUTE: '-3' }),
    ).toThrow(
      new ConfigError(
        'invalid configuration: API_GATEWAY_SERVICE_RATE_LIMIT_PER_MINUTE is "-3": Too small: expected number to be >0',
      ),
    );
  });

  it('refuses a setting npm start wires itself, saying why', () => {
    expect(() => givenSettings('link-service', { LINK_SERVICE_NATS_URL: 'nats://elsewhere:4222' })).toThrow(
      /LINK_SERVICE_NATS_URL is "nats:\/\/elsewhere:4222": the services share one bus/,
    );
  });

  it('layers local defaults, system-wide values, the user’s settings and the wiring, in that order', () => {
    const env = serviceEnvironment(
      'api-gateway-service',
      { API_GATEWAY_SERVICE_LOG_LEVEL: 'debug', API_GATEWAY_SERVICE_DEV_LOGIN_ENABLED: 'false' },
      { LOG_LEVEL: 'warn', OAUTH_CLIENT_ID: 'client', OAUTH_CLIENT_SECRET_FILE: undefined, PORT_OFFSET: 100 },
      { PORT: '5100' },
      { OAUTH_REDIRECT_URL: 'http://localhost:5100/login/callback' },
    );
    expect(env).toEqual({
      DEV_LOGIN_ENABLED: 'false',
      LOG_LEVEL: 'debug',
      OAUTH_CLIENT_ID: 'client',
      OAUTH_REDIRECT_URL: 'http://localhost:5100/login/callback',
      PORT: '5100',
    });
  });

  it('wires only settings the service declares', () => {
    for (const entry of Object.values(SERVICE_SETTINGS) as ServiceSettings[]) {
      const named = [entry.wired, entry.localDefaults, entry.fromLauncher, entry.computedDefaults ?? {}];
      for (const name of named.flatMap((settings) => Object.keys(settings))) {
        expect(Object.keys(entry.declarations)).toContain(name);
      }
    }
  });

  it('are all listed in the README, as generated from the declarations', () => {
    const readme = readFileSync('README.md', 'utf8');
    const cells = (text: string) =>
      text
        .split('\n')
        .filter((line) => line.startsWith('|') && !/^\|[\s|:-]+\|$/.test(line))
        .map((line) => line.split('|').map((cell) => cell.trim()));
    const start = readme.indexOf('<!-- npm start settings: begin -->');
    const end = readme.indexOf('<!-- npm start settings: end -->');
    expect(start).toBeGreaterThan(0);
    // On a mismatch, paste the output of `node dist/cmd/start-all/settings-table.js` between the markers.
    expect(cells(readme.slice(start, end))).toEqual(cells(settingsTables()));
  });
});
