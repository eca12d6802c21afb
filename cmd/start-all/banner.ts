import type { Listener } from './ports';

export interface BannerFacts {
  ports: Record<Listener, number>;
  dataDir: string;
  /** What each kind of server is, e.g. `Postgres: embedded (...)`. */
  servers: string[];
  /** What is on (or off) for local use. */
  local: string[];
  residentMb: number;
  logLevel: string;
  /** Whether the development login is on, so the banner can show how to use it. */
  devLogin: boolean;
}

/** A URL fit to print: its password replaced. */
export function shown(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}

/** The summary `npm start` prints once every service answers; logs follow below it. */
export function banner(facts: BannerFacts): string {
  const gateway = `http://localhost:${facts.ports['api-gateway-service']}`;
  const services = Object.entries(facts.ports)
    .filter(([listener]) => listener !== 'api-gateway-service')
    .map(([listener, port]) => `${listener} ${port}`)
    .join(', ');
  return [
    '',
    `Delinkcious is running: ${gateway}  (API docs: ${gateway}/docs)`,
    '',
    `  web app   ${gateway}/`,
    `  data      ${facts.dataDir}`,
    ...facts.servers.map((line, index) => `  ${index === 0 ? 'servers  ' : '         '} ${line}`),
    ...facts.local.map((line, index) => `  ${index === 0 ? 'local use' : '         '} ${line}`),
    `  services  ${services}`,
    `  memory    ${facts.residentMb} MB resident`,
    ...(facts.devLogin ? devLoginHowTo(gateway) : []),
    '',
    `Press Ctrl-C to stop. Logs (level ${facts.logLevel}) follow.`,
    '',
  ].join('\n');
}

function devLoginHowTo(gateway: string): string[] {
  return [
    '',
    'Log in (development login) and use the API:',
    `  SESSION=$(curl -s -XPOST ${gateway}/v1/dev/login -H 'content-type: application/json' \\`,
    `    -d '{"username":"gigi","email":"gigi@example.com"}' | node -pe 'JSON.parse(require("fs").readFileSync(0)).session')`,
    `  curl -s -XPOST ${gateway}/v1/links -H "Authorization: Bearer $SESSION" -H 'content-type: application/json' \\`,
    `    -d '{"url":"https://kubernetes.io/","title":"Kubernetes","tags":["k8s"]}'`,
    `  curl -s ${gateway}/v1/links -H "Authorization: Bearer $SESSION"`,
  ];
}
