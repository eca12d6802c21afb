import { join } from 'node:path';
import { summariseProfile, readProfile } from './cpu-profile';
import { load, type LoadTarget } from './load';
import { sparePort, startProcess, type ServerProcess } from './processes';
import type { Run, System } from './system';

let profiles = 0;

/** Self time of the gateway and the link service under one kind of load, from copies run with --cpu-prof. */
export async function profile(run: Run, system: System, target: (gateway: string) => LoadTarget) {
  const dirOf = (who: string) => join(run.dir, `profile-${who}-${profiles++}`);
  const profiled = async (name: string, script: string, env: Record<string, string>, dir: string) => {
    const url = `http://127.0.0.1:${env.PORT}`;
    const server = await startProcess({
      name,
      script,
      env,
      url,
      nodeFlags: ['--cpu-prof', `--cpu-prof-dir=${dir}`],
    });
    run.processes.push(server);
    return server;
  };
  const linksDir = dirOf('links');
  const gatewayDir = dirOf('gateway');
  const links = await profiled(
    'profiled link-service',
    'dist/svc/link-service/main.js',
    { ...system.linkEnv, PORT: String(await sparePort()) },
    linksDir,
  );
  const gateway = await profiled(
    'profiled api-gateway-service',
    'dist/svc/api-gateway-service/main.js',
    { ...system.gatewayEnv, PORT: String(await sparePort()), LINK_SERVICE_URL: links.url },
    gatewayDir,
  );
  await load(target(gateway.url), run.options.warmupSeconds, run.options.connections);
  // Only the measured window counts: each profile began when its process started.
  const skip = (server: ServerProcess) => ({ skipMs: Date.now() - server.startedAt });
  const skips = { gateway: skip(gateway), links: skip(links) };
  const cpuBefore = { gateway: gateway.cpuMs(), links: links.cpuMs() };
  const seconds = run.options.seconds * run.options.rounds;
  const result = await load(target(gateway.url), seconds, run.options.connections);
  const cpuUs = (server: ServerProcess, before: number) =>
    ((server.cpuMs() - before) * 1000) / (result.rps * seconds);
  const cpu = { gateway: cpuUs(gateway, cpuBefore.gateway), links: cpuUs(links, cpuBefore.links) };
  // A clean exit (SIGTERM) is when node writes the profile.
  await gateway.stop();
  await links.stop();
  return {
    gateway: { ...summariseProfile(readProfile(gatewayDir), skips.gateway), cpuUsPerRequest: cpu.gateway },
    links: { ...summariseProfile(readProfile(linksDir), skips.links), cpuUsPerRequest: cpu.links },
  };
}
