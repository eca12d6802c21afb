import { layerOf, moduleOf, summariseProfile } from '../../../cmd/bench/cpu-profile';

const frame = (functionName: string, url = '', lineNumber = 0) => ({ functionName, url, lineNumber });

/** root → handler (project code) → writev (native); root → parse (fastify); root → (idle). */
const profile = {
  nodes: [
    { id: 1, callFrame: frame('(root)'), children: [2, 4, 5] },
    {
      id: 2,
      callFrame: frame('handle', 'file:///app/dist/pkg/kit/transport/http/route.js', 9),
      children: [3],
    },
    { id: 3, callFrame: frame('writev') },
    { id: 4, callFrame: frame('parse', 'file:///app/node_modules/fastify/lib/route.js', 99) },
    { id: 5, callFrame: frame('(idle)') },
  ],
  // 1 ms per sample: two samples of start-up, then writev ×3, parse ×1, idle ×4.
  samples: [4, 4, 3, 3, 3, 4, 5, 5, 5, 5],
  timeDeltas: Array.from({ length: 10 }, () => 1000),
};

describe('bench CPU profile summary', () => {
  it('names the module of a frame: npm package, part of Node, project folder or V8 state', () => {
    expect(moduleOf('file:///a/node_modules/@fastify/helmet/index.js', 'f')).toBe('@fastify/helmet');
    expect(moduleOf('node:internal/deps/undici/undici', 'f')).toBe('node:deps');
    expect(moduleOf('node:internal/streams/readable', 'f')).toBe('node:streams/readable');
    expect(moduleOf('file:///a/dist/svc/api-gateway-service/server.js', 'f')).toBe(
      'svc/api-gateway-service/server',
    );
    expect(moduleOf('', '(garbage collector)')).toBe('(garbage collector)');
  });

  it('groups modules into the layers a request passes through', () => {
    expect(layerOf('node:deps')).toBe('fetch (undici)');
    expect(layerOf('@fastify/rate-limit')).toBe('fastify (+ plugins, validation, serialisation)');
    expect(layerOf('pino')).toBe('logging (pino)');
    expect(layerOf('pkg/kit/transport')).toBe('project code');
    expect(layerOf('something-else')).toBe('other');
  });

  it('counts busy time only, after the skipped start-up, and charges native code to its JavaScript caller', () => {
    const summary = summariseProfile(profile, { skipMs: 2 });
    expect(summary.busyMs).toBe(4);
    expect(summary.modules).toEqual([
      { name: 'pkg/kit/transport', share: 0.75 },
      { name: 'fastify', share: 0.25 },
    ]);
    expect(summary.functions[0]).toEqual({ name: 'writev ← handle pkg/kit/transport:10', share: 0.75 });
    expect(summary.layers).toEqual([
      { name: 'project code', share: 0.75 },
      { name: 'fastify (+ plugins, validation, serialisation)', share: 0.25 },
    ]);
  });
});
