import fc from 'fast-check';

/** The parts of JSON Schema the public API's document uses. */
export interface JsonSchema {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  anyOf?: JsonSchema[];
}

interface OpenApiOperation {
  security?: unknown[];
  parameters?: Array<{ name: string; in: string; required?: boolean; schema: JsonSchema }>;
  requestBody?: { content: Record<string, { schema: JsonSchema }> };
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperation>>;
  components?: { schemas?: Record<string, JsonSchema> };
}

/** One public route as its OpenAPI document describes it. */
export interface RouteSpec {
  method: string;
  path: string;
  query: Array<{ name: string; required: boolean; schema: JsonSchema }>;
  body?: JsonSchema;
  secured: boolean;
}

/** A request as it goes on the wire: query pairs are raw (hostile) strings, a body raw text or JSON. */
export interface WireRequest {
  method: string;
  path: string;
  query: Array<[string, string]>;
  body?: { json: unknown } | { raw: string };
  contentType?: string;
  auth: 'session' | 'none' | { bearer: string };
  /** What was done to a valid request, for the failure report. */
  mutation: string;
}

const METHODS = ['get', 'post', 'put', 'delete', 'patch'];

/** Every operation of the document, in a stable order. */
export function routesOf(document: OpenApiDocument): RouteSpec[] {
  const resolve = (schema: JsonSchema): JsonSchema =>
    schema.$ref ? resolve(document.components?.schemas?.[schema.$ref.split('/').pop()!] ?? {}) : schema;
  return Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => METHODS.includes(method))
      .map(([method, operation]) => {
        const json = operation.requestBody?.content['application/json']?.schema;
        return {
          method: method.toUpperCase(),
          path,
          query: (operation.parameters ?? [])
            .filter((parameter) => parameter.in === 'query')
            .map((parameter) => ({
              name: parameter.name,
              required: parameter.required ?? false,
              schema: resolve(parameter.schema),
            })),
          body: json ? resolve(json) : undefined,
          secured: (operation.security ?? []).length > 0,
        };
      }),
  );
}

/** Values worth trying for fields of these names, so that updates and follows hit something real. */
export type KnownValues = Record<string, string[]>;

/** A value the schema accepts (or nearly: the server decides what is valid, the test only that it copes). */
export function valueOf(schema: JsonSchema, known: KnownValues, name = ''): fc.Arbitrary<unknown> {
  if (schema.enum) return fc.constantFrom(...schema.enum);
  if (schema.anyOf) return fc.oneof(...schema.anyOf.map((option) => valueOf(option, known, name)));
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'string': {
      const maxLength = Math.min(schema.maxLength ?? 40, 40);
      const free = schema.pattern
        ? fc.stringMatching(new RegExp(schema.pattern)).filter((s) => s.length <= (schema.maxLength ?? 64))
        : fc.string({ minLength: schema.minLength ?? 0, maxLength, unit: 'grapheme' });
      const names = known[name] ?? [];
      // Mostly the known values, so that most requests get past validation to the stores.
      return names.length > 0
        ? fc.oneof({ arbitrary: fc.constantFrom(...names), weight: 3 }, { arbitrary: free, weight: 1 })
        : free;
    }
    case 'integer':
      return fc.integer({ min: schema.minimum ?? -1000, max: schema.maximum ?? 1000 });
    case 'number':
      return fc.double({ min: schema.minimum ?? -1e6, max: schema.maximum ?? 1e6, noNaN: true });
    case 'boolean':
      return fc.boolean();
    case 'array':
      return fc.array(valueOf(schema.items ?? {}, known, name), {
        minLength: schema.minItems ?? 0,
        maxLength: Math.min(schema.maxItems ?? 4, 4),
      });
    case 'object': {
      const properties = schema.properties ?? {};
      const shape = Object.fromEntries(
        Object.entries(properties).map(([key, property]) => [key, valueOf(property, known, key)]),
      );
      return fc.record(shape, { requiredKeys: (schema.required ?? []).filter((key) => key in shape) });
    }
    default:
      return fc.jsonValue();
  }
}

/** Query values as text: the wire form of what the schema generated. */
function queryText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** A request the document describes, with values of the right types and sizes. */
function validRequest(route: RouteSpec, known: KnownValues): fc.Arbitrary<WireRequest> {
  const query = fc.tuple(
    ...route.query.map((parameter) => {
      const value = valueOf(parameter.schema, known, parameter.name).map(
        (v) => [parameter.name, queryText(v)] as [string, string],
      );
      return parameter.required
        ? value.map((pair) => [pair])
        : fc.option(value, { nil: undefined }).map((pair) => (pair ? [pair] : []));
    }),
  );
  const body = route.body ? valueOf(route.body, known).map((json) => ({ json })) : fc.constant(undefined);
  return fc.tuple(query, body).map(([pairs, requestBody]) => ({
    method: route.method,
    path: route.path,
    query: pairs.flat(),
    body: requestBody,
    contentType: requestBody ? 'application/json' : undefined,
    auth: 'session',
    mutation: 'none',
  }));
}

/** Strings Postgres cannot hold: NUL, and UTF-16 surrogates without their other half. */
const UNSTORABLE_STRINGS = fc.constantFrom(
  '\u0000',
  'a\u0000b',
  '\ud800',
  'x\udfff',
  '\udc00\ud800',
  '😀\ud83d',
);

/** Sizes past every limit, and text that looks like code or breaks patterns. */
const HOSTILE_STRINGS = fc.constantFrom(
  'x'.repeat(2049),
  'y'.repeat(100_000),
  "'; DROP TABLE links; --",
  '(',
  '\\',
  '[[:alpha:]',
  '\\p{Nope}',
  '%',
  '%00',
  '\u202e\u0301',
  '😀'.repeat(300),
);

/** Numbers and things that are not what a field holds. */
const WRONG_VALUES: fc.Arbitrary<unknown> = fc.constantFrom(
  1e308,
  -1,
  0,
  9223372036854775808,
  1.5,
  null,
  true,
  [],
  {},
  ['a', 'b'],
  { nested: { deep: [1] } },
);

const HOSTILE_NUMBERS_AS_TEXT = fc.constantFrom(
  '0',
  '-1',
  '101',
  '1e400',
  '9223372036854775808',
  '1.5',
  'NaN',
  'Infinity',
  '',
  '0x10',
  ' 5',
);

/** Page tokens that are not ones a page gave: news and links formats, past 2^63, garbage. */
const BAD_PAGE_TOKENS = fc.constantFrom(
  'bmV3cy52MTowLTA', // news.v1:0-0
  Buffer.from('news.v1:99999999999999999999-0').toString('base64url'),
  Buffer.from('links.v1:9223372036854775808').toString('base64url'),
  Buffer.from('links.v1:0').toString('base64url'),
  Buffer.from('links.v1:-1').toString('base64url'),
  Buffer.from('links.v1:1\u0000').toString('base64url'),
  '====',
  'not a token',
  'A'.repeat(200),
);

const BAD_JSON = fc.constantFrom(
  '{',
  '{"url":',
  'null',
  '[]',
  '"text"',
  '1e999',
  '{"a":1}}',
  '\u0000',
  '{"__proto__":{"x":1}}',
);

const WRONG_CONTENT_TYPES = fc.constantFrom(
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/xml',
  'application/json; charset=latin1',
  'application/jsonx',
  '',
);

/** Where a value can go: a query parameter, a body field, or an element of a body array. */
type FieldPath = { in: 'query'; name: string } | { in: 'body'; name: string; element: boolean };

/** Every field the route's document names, present in a given request or not. */
function fieldsOf(route: RouteSpec): FieldPath[] {
  const body = Object.entries(route.body?.properties ?? {}).flatMap(([name, schema]): FieldPath[] => [
    { in: 'body', name, element: false },
    ...(schema.type === 'array' ? [{ in: 'body' as const, name, element: true }] : []),
  ]);
  return [...route.query.map(({ name }): FieldPath => ({ in: 'query', name })), ...body];
}

/** The request with one field set to `by` (added when it was absent). */
function withField(
  request: WireRequest,
  field: FieldPath | undefined,
  by: unknown,
  label: string,
): WireRequest {
  const where = !field
    ? 'query unexpected'
    : field.in === 'query'
      ? `query ${field.name}`
      : `body ${field.name}${field.element ? '[0]' : ''}`;
  const mutation = `${label} in ${where}`;
  if (!field || field.in === 'query') {
    const name = field?.name ?? 'unexpected';
    return {
      ...request,
      query: [...request.query.filter(([key]) => key !== name), [name, queryText(by)]],
      mutation,
    };
  }
  const json =
    request.body && 'json' in request.body && typeof request.body.json === 'object' ? request.body.json : {};
  const current = (json as Record<string, unknown>)[field.name];
  const value = field.element ? [by, ...(Array.isArray(current) ? current.slice(1) : [])] : by;
  return {
    ...request,
    body: { json: { ...json, [field.name]: value } },
    contentType: 'application/json',
    mutation,
  };
}

/** The hostile changes made to a valid request. */
function mutated(request: WireRequest, route: RouteSpec): fc.Arbitrary<WireRequest> {
  const fields = fieldsOf(route);
  const at = fields.length > 0 ? fc.constantFrom<FieldPath | undefined>(...fields) : fc.constant(undefined);
  const names = route.query.map((parameter) => parameter.name);
  const anyName = names.length > 0 ? fc.constantFrom(...names, 'unknown') : fc.constant('unknown');
  // Text Postgres cannot hold is what broke the store before: it gets the largest share.
  return fc.oneof(
    { arbitrary: fc.constant(request), weight: 2 },
    {
      arbitrary: fc
        .tuple(at, fc.oneof(UNSTORABLE_STRINGS, HOSTILE_STRINGS))
        .map(([field, s]) =>
          withField(request, field, s, `hostile string ${JSON.stringify(s.slice(0, 12))}`),
        ),
      weight: 6,
    },
    {
      arbitrary: fc
        .tuple(at, WRONG_VALUES)
        .map(([field, v]) => withField(request, field, v, `wrong value ${JSON.stringify(v)}`)),
      weight: 2,
    },
    fc.tuple(anyName, HOSTILE_NUMBERS_AS_TEXT).map(([name, text]) => ({
      ...request,
      query: [...request.query, [name, text] as [string, string]],
      mutation: `query ${name}=${text}`,
    })),
    BAD_PAGE_TOKENS.map((token) => ({
      ...request,
      query: [...request.query.filter(([name]) => name !== 'start'), ['start', token] as [string, string]],
      mutation: `page token ${token}`,
    })),
    fc.constantFrom('extra', '__proto__', 'constructor').map((key) => ({
      ...request,
      body:
        request.body &&
        'json' in request.body &&
        typeof request.body.json === 'object' &&
        request.body.json !== null
          ? {
              raw: JSON.stringify({ ...request.body.json, [key]: { polluted: true } }).replace(
                '"extra"',
                `"${key}"`,
              ),
            }
          : request.body,
      query: [...request.query, [key, 'x'] as [string, string]],
      mutation: `extra field ${key}`,
    })),
    BAD_JSON.map((raw) => ({
      ...request,
      body: { raw },
      contentType: 'application/json',
      mutation: `bad JSON ${raw}`,
    })),
    WRONG_CONTENT_TYPES.map((type) => ({
      ...request,
      body: request.body ?? { raw: 'a=1' },
      contentType: type,
      mutation: `content type ${type}`,
    })),
    fc.constantFrom('none', 'garbage').map((auth) => ({
      ...request,
      auth: auth === 'none' ? ('none' as const) : { bearer: 'x'.repeat(5000) },
      mutation: `auth ${auth}`,
    })),
    fc
      .constantFrom('PATCH', 'PUT', 'DELETE', 'POST', 'OPTIONS')
      .map((method) => ({ ...request, method, mutation: `method ${method}` })),
    fc.constantFrom('%', '/%00', '/..%2f..%2fetc', '%ZZ', '/').map((suffix) => ({
      ...request,
      path: request.path + suffix,
      mutation: `path suffix ${suffix}`,
    })),
  );
}

/** Requests for every route of the document: valid ones, and each one spoiled in a hostile way. */
export function hostileRequests(routes: RouteSpec[], known: KnownValues): fc.Arbitrary<WireRequest> {
  return fc
    .constantFrom(...routes)
    .chain((route) => validRequest(route, known).chain((request) => mutated(request, route)));
}

/** Percent-encodes text as a browser would, and a lone surrogate as the bytes it would have had (WTF-8). */
export function encodeQueryText(text: string): string {
  let out = '';
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (code >= 0xd800 && code <= 0xdfff) {
      out += [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)]
        .map((byte) => `%${byte.toString(16).toUpperCase()}`)
        .join('');
    } else out += encodeURIComponent(char);
  }
  return out;
}

/** The request line's target: path and query string. */
export function targetOf(request: WireRequest): string {
  const query = request.query
    .map(([name, value]) => `${encodeQueryText(name)}=${encodeQueryText(value)}`)
    .join('&');
  return query ? `${request.path}?${query}` : request.path;
}

/** The body on the wire: JSON text (lone surrogates escaped, as JSON.stringify writes them) or raw text. */
export function bodyOf(request: WireRequest): string | undefined {
  if (!request.body) return undefined;
  return 'raw' in request.body ? request.body.raw : JSON.stringify(request.body.json);
}
