// Mutation testing of the core logic against the unit tests: `npm run test:mutation`.
// One folder or file: `MUTATE=pkg/auth npm run test:mutation` (its own incremental file), or
// `npm run test:mutation -- --mutate 'pkg/auth/**/*.ts'` (README, "Mutation testing").

import { createHash } from 'node:crypto';
import { dirname } from 'node:path';
import process from 'node:process';

// The folders whose logic the unit tests must pin down. Left out: re-export barrels, schema
// DDL, and the adapters to Postgres, Redis and NATS. The store adapters' SQL is held by the
// store contract suites (on PGlite in the unit tests, on the real servers in the integration
// tests); their mutants are mostly broken SQL, and a PGlite start per mutant would multiply
// the run time on two shared cores.
const CORE = [
  'pkg/kit/**/*.ts',
  'pkg/auth/**/*.ts',
  'pkg/*-manager/**/*.ts',
  'pkg/link-checker/**/*.ts',
  'pkg/events/**/*.ts',
  'pkg/observability/**/*.ts',
  'svc/api-gateway-service/endpoints.ts',
];
const NOT_UNIT_TESTED = [
  '!**/index.ts',
  '!**/migrations.ts',
  '!**/postgres-*.ts',
  '!**/redis-*.ts',
  '!pkg/events/jetstream-event-bus.ts',
];

// MUTATE=pkg/auth or MUTATE=pkg/auth,pkg/user-manager/user-service.ts: folders or files.
const chosen = process.env.MUTATE?.split(',')
  .map((path) => path.trim().replace(/\/+$/, ''))
  .filter(Boolean);
// A file name is at most 255 bytes: a long choice keeps its start and a hash of the whole.
const short = (text) =>
  text.length <= 100
    ? text
    : `${text.slice(0, 60)}~${createHash('sha256').update(text).digest('hex').slice(0, 12)}`;
const slug = chosen?.length ? `-${short(chosen.join('+').replace(/[^\w+-]+/g, '_'))}` : '';

// MUTATE_TESTS=tests/unit/auth: only those tests (a quick run; its score is a lower bound).
// Folders or single test files, comma-separated.
const tests = process.env.MUTATE_TESTS?.split(',')
  .map((path) => path.trim().replace(/\/+$/, ''))
  .filter(Boolean);
const isTestFile = (path) => path.endsWith('.ts');
// jest's roots must be folders: a file's own folder, narrowed to the file by testMatch.
const testRoots = tests?.length
  ? [...new Set(tests.map((path) => (isTestFile(path) ? dirname(path) : path)))]
  : ['tests/unit'];
const testMatch = tests?.map((path) =>
  isTestFile(path) ? `<rootDir>/${path}` : `<rootDir>/${path}/**/*.test.ts`,
);
const testsSlug = tests?.length ? `@${short(tests.join('+').replace(/[^\w+-]+/g, '_'))}` : '';

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  packageManager: 'npm',
  testRunner: 'jest',
  jest: {
    projectType: 'custom',
    configFile: 'jest.config.js',
    // Unit tests only: integration and e2e tests need servers and take minutes a run.
    // A mutant that makes a test wait for an event that never comes fails the test in 15 s
    // rather than at the suite's 30 s.
    config: {
      roots: testRoots.map((path) => `<rootDir>/${path}`),
      ...(tests?.length ? { testMatch } : {}),
      testTimeout: 15000,
    },
    enableFindRelatedTests: false,
  },
  coverageAnalysis: 'perTest',
  // The second run re-tests only the mutants whose code or tests changed.
  incremental: true,
  // One file per folder run, so running one folder keeps the others' results.
  incrementalFile: `reports/stryker-incremental${slug}${testsSlug}.json`,
  // Two cores shared by everyone: never more than two jest workers.
  concurrency: 2,
  // Constants read at load time (header names, limits): each such mutant reruns the whole unit
  // suite (98 % of a run's time) for a few mutants; they are listed as ignored in the report.
  ignoreStatic: true,
  // Each mutant run loads its test files' imports afresh (fastify, gRPC, PGlite): seconds on a
  // busy machine. A tight timeout turned such slow runs into false "timed out" (counted as
  // killed); only a mutant that loops forever should reach this.
  timeoutMS: 30000,
  timeoutFactor: 1.5,
  reporters: ['clear-text', 'html', 'progress'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  clearTextReporter: { allowEmojis: false, logTests: false, reportScoreTable: true },
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
  thresholds: { high: 90, low: 80, break: null },
  mutate: [
    ...(chosen?.length ? chosen.map((path) => (path.endsWith('.ts') ? path : `${path}/**/*.ts`)) : CORE),
    ...NOT_UNIT_TESTED,
  ],
};

// Survivors judged equivalent (the code behaves the same either way), one line each:
// - user-manager/in-memory-user-store.ts deleteExpiredSessions: `username ===` → true, `<=` → `<`: housekeeping only; findSession refuses an expired session itself.
// - user-manager/user-service.ts checkEmail `: ''` → any other string for a non-string email: it is refused as not an email either way.
// - news-manager/page-token.ts `token.length > 512` → `>=` or removed: no token that long is valid (the longest made is 375), the later checks refuse it.
// - news-manager/in-memory-feed-store.ts `entries.length > maxLength` → `>=` or true: splicing a count of 0 or less removes nothing.
// - news-manager/in-memory-feed-store.ts insertInOrder `> 0` → `>= 0`: only the order among entries of one position (same time and id), which is unspecified.
// - link-checker/per-host-spacing.ts forgetPast `turn <= now` → `<`, `size > 10000` → `>=`, `<=`, true or false, its body removed: which past hosts are forgotten, memory only.
// - link-checker/per-host-spacing.ts `intervalMs > 0` → `>= 0` or true: an interval of 0 then records turns that never make anyone wait.
// - link-checker/check-link.ts vettedAddress: either anchor of /^\[(.*)\]$/ dropped: URL.hostname has brackets only around a whole IPv6 address.
// - link-checker/check-link.ts pinned lookup `if (all)` → true: Node 20+ sockets always ask for all addresses (autoSelectFamily).
// - link-checker/check-link.ts `status >= 200 &&` → true: a final response is never 1xx.
// - link-checker/check-link.ts GET retry method "GET" → "": Node sends GET for an empty method.
// - link-checker/check-link.ts beforeDeadline `if (aborted)`, `{ once: true }`, the listener's removal: a signal aborts once, and an aborted one also aborts the request that follows; memory only.
// - link-checker/nuclio-handler.ts safeParse's catch body removed: it returns undefined either way.
// - link-checker/per-host-spacing.ts hostOf's catch body removed: it returns undefined either way.
// - link-checker/check-link.ts unreachableReason `error.code ?? ''` → any other fallback string: no code is matched by it either way, so the message is given.
// - link-checker/check-link.ts defaultResolve `verbatim: true` → false: only the order of a dual-stack name's addresses; localhost, the one name every test machine resolves, has one.
// - link-checker/per-host-spacing.ts hostOf `.toLowerCase()` removed or `.toUpperCase()`: URL already lower-cases host names; any one case is the same key.
// - link-manager/page-token.ts either anchor of the base64url and the search token regexes dropped, and the `: ''` fallbacks for text and id → any other string: a token is accepted only when re-encoding its id (or cursor) gives it back byte for byte.
// - link-manager/link-search.ts foldWords' split on `[^\p{L}\p{N}]+` → one character, and parseSearch's split on `\s+` → `\s` or its `.filter(Boolean)` removed: the empty strings that leaves fold to no word.
// - link-manager/link-search.ts parseSearch's `token.length > 1` → `>= 1` or true, and `token.slice(1)` → `token`: a lone `-` folds to no word in either branch, and `-` is a separator to foldWords.
// - link-manager/link-import.ts privateOfBoth `a === true ||` → false: when a is true, `a ?? b` is true too.
// - link-manager/link-import.ts dateOf `value === undefined` → false: Date.parse(undefined) is NaN, which gives undefined as well.
// - link-manager/link-import.ts sameContent's tag-by-tag comparison → true: the merged tags begin with the link's own, so equal lengths mean equal tags.
// - link-manager/link-filter.ts the check run's `texts: []` → one text: its matches are ignored, only a pattern's validity is read.
// - link-manager/link-filter.ts select `links.length === 0` → false: matching no links answers no matches.
// - link-manager/link-service.ts the scan's `slice(0, wanted - matches.length)` → `+`: the page is cut to `limit` afterwards, and more than `wanted` matches still means a next page.
// - link-manager/link-service.ts mapDefined `value === undefined` → false: a cursor with no id reads as no cursor.
// - link-manager/in-memory-link-store.ts tagCounts' name order `a.tag < b.tag` → `<=`, and `a.tag > b.tag ? 1 : 0` → `>=`, `<=`, true or false: the counted tags are distinct, and V8's sort reads only whether a comparison is negative (checked on 3000 tags).
// - link-manager/regex-pool.ts expire `else if (pending.worker)` → true: a job neither queued nor running has no timer left to expire it, and retire() returns at once for a worker it does not hold.
// - link-manager/regex-worker.ts the message handler's `parentPort?.postMessage` → `parentPort.postMessage`: the handler is only registered on a parent port.
// - events/subject-match.ts `i >= actual.length` → false or `>`: a pattern longer than the subject fails the final length check anyway.
// - events/consumer-lag.ts filtersSeveralSubjects `?? '0.0.0'` → "": an empty version also reads as 0.0; the probe's `.catch(() => false)` → undefined or true: its value is ignored.
// - kit/error-codes.ts codeOfHttpStatus `status >= 500` → `> 500`: 500 itself is found in the table first.
// - kit/error-codes.ts codeOfHttpStatus `status === 504` → false: 504 is found in the table first (DEADLINE_EXCEEDED).
// - kit/config.ts loadConfig `issue.path[0] ?? 'configuration'` → "": every issue of an object of settings names its setting.
// - kit/config.ts setting.boolean's default `'false'` → "": the default skips the enum, and both read as false.
// - kit/config.ts setting.url `/:$/` → `/:/`, and its catch body removed: a protocol has one colon, at its end; undefined refuses as false does.
// - kit/instrument.ts and kit/tracing-middleware.ts the side's `'server'` default → "": only 'client' is told apart from the rest.
// - kit/metrics-middleware.ts `child === undefined` → true: prom-client gives the same labelled child again; the map only saves the lookup.
// - kit/errors.ts isErrorCode `typeof value === 'string'` → true: includes() finds no code among values that are not strings either.
// - kit/transport/http/error-handler.ts `/^\//` → `/\//`: an instancePath has exactly one leading slash, the first one found.
// - kit/transport/http/client.ts `.code ?? ''` → any other string: no timeout code is matched by either fallback.
// - kit/transport/http/client.ts `if (requestId)` → true: undici sends no header whose value is undefined.
// - kit/transport/http/client.ts `call.body === undefined ?` → false: JSON.stringify(undefined) is undefined too.
// - kit/transport/http/client.ts `status >= 200 &&` → true: a final response is never 1xx.
// - kit/transport/http/client.ts errorOf `body.error &&` → true or `||`: a body without `error`, or with an unknown code, makes the lookup throw inside the same try, which falls back to the status as the check does.
// - kit/transport/http/server.ts:113 the access line's early `return` condition → false: a success then goes to request.log.debug, which writes nothing unless debug is on.
// - kit/transport/http/server.ts:156 `if (body === undefined)` → false: reply.send(undefined) is reply.send().
// - kit/transport/http/server.ts:169 callerContext `headers[field] !== undefined` → true or `===`, and `sent ?` → true: extracting from headers that carry no trace field gives the active context.
// - kit/transport/http/server.ts:68 `proxyHops > 0` → `>= 0` or true: with 0 hops the trust function (hop < 0) trusts no address, as false does.
// - kit/transport/http/request-metrics.ts:23 `child === undefined` → true: prom-client's labels() gives the same child for the same labels; the map is a lookup cache only.
// - kit/transport/http/allowed-methods.ts:23 `methods.length > 0` → `>= 0` or true: a route with no methods adds none to any path.
// - kit/transport/http/openapi.ts:77 `typeof id !== 'string'` → true or `!== ""`: a named schema converts to a `$ref` to its own `$defs` entry, which fixRefs points at the same component.
// - kit/transport/http/openapi.ts:79 `if (!('$ref' in rest))` → false: zod 4 converts a schema with an id to a $ref into its $defs, collected just above.
// - kit/transport/http/openapi.ts:104-105 parametersOf `if (description)` → true and `examples.length > 0` → `>= 0`: the document's JSON round trip (fixRefs) drops a field left undefined.
// - kit/transport/http/openapi.ts:101 `schema.required ?? []` → a one-string array: no parameter has that name.
// - kit/transport/grpc/errors.ts fromGrpcError `?? []` → any other one-string array: a string that names no code reads as no trailer.

// Survivors that are not equivalent but that the unit tests cannot reach, one line each:
// - link-manager/regex-pool.ts `__filename.endsWith('.js')` → true or false: only the compiled dist/ runs the .js branch; the unit tests run the sources, and the integration tests (which run dist/) are outside a mutation run.
// - kit/transport/grpc/proto.ts: a mutant there breaks every suite that imports the kit at load time, which Stryker counts as an error, not a kill; the gRPC tests load each .proto through it.
// - kit/transport/resilience.ts the retry backoff's `{ initialDelay: 50, maxDelay: 500 }` → `{}`: only the (jittered) waits between retries grow, from cockatiel's 128 ms to 30 s; pinning them would take timing real retries.
