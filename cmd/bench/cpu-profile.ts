import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}

/** The parts of a V8 `.cpuprofile` (what `node --cpu-prof` writes) that the summary reads. */
interface CpuProfile {
  nodes: Array<{ id: number; callFrame: CallFrame; children?: number[] }>;
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileShare {
  name: string;
  /** Share of the busy (non-idle) samples, 0–1. */
  share: number;
}

export interface ProfileSummary {
  /** Busy time in ms over the profile. */
  busyMs: number;
  layers: ProfileShare[];
  modules: ProfileShare[];
  functions: ProfileShare[];
}

/** Where a function lives: an npm package, a part of Node, a folder of this project, or V8 itself. */
export function moduleOf(url: string, functionName: string): string {
  if (url === '') return functionName.startsWith('(') ? functionName : '(native)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1];
  const internal = /^node:internal\/([^/]+)(?:\/([^/.]+))?/.exec(url);
  if (internal)
    return `node:${internal[2] && internal[1] !== 'deps' ? `${internal[1]}/${internal[2]}` : internal[1]}`;
  if (url.startsWith('node:')) return url;
  const own = /\/dist\/((?:pkg|svc|cmd)\/[^/]+(?:\/[^/]+)?)/.exec(url);
  if (own) return own[1].replace(/\.js$/, '');
  return url;
}

/** Modules grouped into the layers a request passes through, so one line says where the time goes. */
const LAYERS: Array<[RegExp, string]> = [
  [/^node:(deps|webstreams|worker)|^undici/, 'fetch (undici)'],
  [
    /^node:(_http|net|stream_base|streams|buffer|events|timers|process|dns|url|querystring|http)/,
    'node http/net',
  ],
  [/^node:async_hooks|^@opentelemetry/, 'async context + tracing'],
  [
    /^(fastify|find-my-way|avvio|ajv|fast-json-stringify|fast-uri|light-my-request|toad-cache|fast-querystring|secure-json-parse|@fastify|fastify-plugin|rfdc|process-warning|abstract-logging)/,
    'fastify (+ plugins, validation, serialisation)',
  ],
  [/^(pino|sonic-boom|fast-redact|quick-format-unescaped|node:fs)/, 'logging (pino)'],
  [/^(prom-client|tdigest|bintrees)/, 'metrics (prom-client)'],
  [/^cockatiel/, 'resilience (cockatiel)'],
  [/^(pg|pg-|postgres-)/, 'postgres client (pg)'],
  [/^(nats|@nats-io)/, 'nats'],
  [/^(ioredis|@ioredis|redis-)/, 'redis client'],
  [/^@grpc|^protobufjs|^@protobufjs/, 'grpc'],
  [/^node:crypto|^node:internal\/crypto/, 'crypto'],
  [/^\(garbage collector\)/, 'garbage collection'],
  [/^(pkg|svc|cmd)\//, 'project code'],
];

export function layerOf(module: string): string {
  return LAYERS.find(([pattern]) => pattern.test(module))?.[1] ?? 'other';
}

function top(totals: Map<string, number>, busy: number, count: number): ProfileShare[] {
  return [...totals.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([name, time]) => ({ name, share: time / busy }));
}

const V8_STATES = new Set(['(garbage collector)', '(program)', '(idle)', '(root)']);

/**
 * Self time by module and by function, idle excluded, from `skipMs` after the profile
 * began (start-up is not what is measured). Native code (a socket write, a string
 * conversion) counts for the JavaScript function that called it, named `native ← caller`,
 * so the time lands in the module that asked for it.
 */
export function summariseProfile(
  profile: CpuProfile,
  options: { skipMs?: number; count?: number } = {},
): ProfileSummary {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
  const callerOf = (id: number): CallFrame | undefined => {
    for (let at = parentOf.get(id); at !== undefined; at = parentOf.get(at)) {
      const frame = byId.get(at)?.callFrame;
      if (frame && frame.url !== '') return frame;
    }
    return undefined;
  };
  const modules = new Map<string, number>();
  const layers = new Map<string, number>();
  const functions = new Map<string, number>();
  const add = (totals: Map<string, number>, key: string, delta: number) =>
    totals.set(key, (totals.get(key) ?? 0) + delta);
  const skipUs = (options.skipMs ?? 0) * 1000;
  let elapsed = 0;
  let busy = 0;
  profile.samples.forEach((id, i) => {
    const delta = profile.timeDeltas[i] ?? 0;
    elapsed += delta;
    const frame = byId.get(id)?.callFrame;
    if (!frame || frame.functionName === '(idle)' || elapsed <= skipUs) return;
    busy += delta;
    const native = frame.url === '' && !V8_STATES.has(frame.functionName);
    const caller = native ? callerOf(id) : undefined;
    const owner = caller ?? frame;
    const module = moduleOf(owner.url, owner.functionName);
    add(modules, module, delta);
    add(layers, layerOf(module), delta);
    const where = (f: CallFrame) =>
      `${f.functionName || '(anonymous)'} ${moduleOf(f.url, f.functionName)}${f.url ? `:${f.lineNumber + 1}` : ''}`;
    add(functions, caller ? `${frame.functionName} ← ${where(caller)}` : where(frame), delta);
  });
  const count = options.count ?? 8;
  return {
    busyMs: busy / 1000,
    layers: top(layers, busy, LAYERS.length + 1),
    modules: top(modules, busy, count),
    functions: top(functions, busy, count),
  };
}

/** The one profile `node --cpu-prof --cpu-prof-dir=dir` wrote. */
export function readProfile(dir: string): CpuProfile {
  const file = readdirSync(dir).find((name) => name.endsWith('.cpuprofile'));
  if (!file) throw new Error(`no .cpuprofile in ${dir}`);
  return JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile;
}

export function formatShares(shares: ProfileShare[]): string {
  return shares.map((entry) => `${entry.name} ${(entry.share * 100).toFixed(0)}%`).join(', ');
}
