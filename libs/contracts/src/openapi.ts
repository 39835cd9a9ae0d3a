import { z } from 'zod';
import { ErrorBody } from './common';
import type { EndpointDef } from './endpoint';
import { ROLE_PERMISSIONS, ROLES } from './permissions';
import { SOCKET_EVENTS, WALLBOARD_SOCKET_EVENTS } from './sockets';

type JsonSchema = Record<string, unknown>;

/** JSON Schema (2020-12, the dialect of OpenAPI 3.1) of a zod schema; parts JSON Schema cannot state become `{}`. */
function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const out = z.toJSONSchema(schema, { target: 'draft-2020-12', unrepresentable: 'any', io }) as JsonSchema;
  delete out.$schema;
  return out;
}

/**
 * The properties of an object schema (path or query parameters), each with its JSON Schema and whether required.
 * A parameter travels as a string, but its schema is the value it is read as (an integer in a range, an enum):
 * OpenAPI serialises such a parameter as text. Required is what the client must send (the input's required list).
 */
function parameters(schema: z.ZodType | undefined, where: 'path' | 'query'): JsonSchema[] {
  if (!schema) return [];
  const read = jsonSchema(schema, 'output');
  const sent = jsonSchema(schema, 'input');
  const props = (read.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((sent.required as string[] | undefined) ?? []);
  return Object.entries(props).map(([name, s]) => ({ name, in: where, required: where === 'path' || required.has(name), schema: s }));
}

/** Roles that hold an access, for the docs. */
function rolesWith(access: EndpointDef['access']): string[] {
  if (access === 'public') return ['(public)'];
  if (access === 'session') return ['(any signed-in user)'];
  if (access === 'intake-key') return ['(no session: a request signed with an intake source\'s API key)'];
  if (access === 'wallboard-token') return ['(no session: a hall wallboard\'s token in X-Wallboard-Token)'];
  return ROLES.filter((r) => ROLE_PERMISSIONS[r].includes(access));
}

/**
 * The OpenAPI 3.1 document of the API, generated from the endpoint registry: every operation with its permission
 * (`x-permission`, and the roles holding it in the description), parameters, body and answer schemas; the Socket.IO
 * events under `x-socket-events`. Sessions are the `hotline.sid` cookie; writes need the `X-CSRF-Token` header.
 * @param endpoints the registry ({@link ENDPOINTS}).
 * @param info title and version.
 */
export function buildOpenApi(endpoints: readonly EndpointDef[], info: { title: string; version: string }): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const e of endpoints) {
    const ok = String(e.status ?? 200);
    const responses: Record<string, JsonSchema> = {
      [ok]: e.response
        ? { description: 'OK', content: { 'application/json': { schema: jsonSchema(e.response, 'output') } } }
        : e.responseContentType
          ? { description: 'OK', content: { [e.responseContentType]: { schema: { type: 'string', format: 'binary' } } } }
          : { description: 'No content' },
      '400': { description: 'Invalid request: `field` names the input', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
      '4XX': {
        description: 'Other refusals, `code` says which: 404 an unknown id, 409 a conflict (a stale revision, a published version), 413 too large, 415 the wrong content type, 422 a request the domain cannot answer (an unreachable target, no history)',
        content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
      },
    };
    if (e.access === 'intake-key') {
      responses['401'] = { description: 'Unknown or revoked key, timestamp outside ±5 min, or wrong signature: `code` and `field` name which', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
      responses['403'] = { description: 'The source is disabled', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
      responses['429'] = { description: 'Too many pushes from this address or key: retry after a minute', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
    } else if (e.access === 'wallboard-token') {
      responses['401'] = { description: 'No wallboard token, or an unknown, expired or revoked one', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
      responses['403'] = { description: 'A session without a wallboard token (a session grants nothing here)', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
    } else if (e.access !== 'public') {
      responses['401'] = { description: 'No valid session', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
      responses['403'] = { description: 'The permission is missing, or the CSRF token', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
    }
    const operation: JsonSchema = {
      operationId: e.id,
      summary: e.summary,
      description: `Permission: \`${e.access}\` — roles: ${rolesWith(e.access).join(', ')}.`,
      tags: [e.tag],
      'x-permission': e.access,
      parameters: [
        ...parameters(e.params, 'path'),
        ...parameters(e.query, 'query'),
        ...Object.entries(e.headers ?? {}).map(([name, description]) => ({ name, in: 'header', required: e.access === 'intake-key', description, schema: { type: 'string' } })).map((p) => (e.access === 'wallboard-token' ? { ...p, required: true } : p)),
      ],
      responses,
      // Public operations need nothing; a signed push its three headers (no session); writes need the session and the
      // CSRF header; reads the session (the default).
      ...(e.access === 'public'
        ? { security: [] }
        : e.access === 'intake-key'
          ? { security: [{ intakeKey: [], intakeTimestamp: [], intakeSignature: [] }] }
          : e.access === 'wallboard-token'
            ? { security: [{ wallboardToken: [] }] }
            : e.method !== 'GET' ? { security: [{ session: [], csrf: [] }] } : {}),
    };
    if (e.body || e.bodyContentType) {
      operation.requestBody = {
        required: true,
        content: e.bodyContentType
          ? Object.fromEntries([e.bodyContentType].flat().map((type) => [type, { schema: { type: 'string', format: 'binary' } }]))
          : { 'application/json': { schema: jsonSchema(e.body!, 'input') } },
      };
    }
    (paths[e.path] ??= {})[e.method.toLowerCase()] = operation;
  }
  return {
    openapi: '3.1.0',
    info: { ...info, description: 'HotlineOps API. Sign in with POST /api/auth/login; send the X-CSRF-Token header it returns with every write.' },
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    paths,
    components: {
      schemas: { Error: jsonSchema(ErrorBody, 'output') },
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: 'hotline.sid' },
        csrf: { type: 'apiKey', in: 'header', name: 'X-CSRF-Token' },
        // The platform push (README "Platform push"): the three headers together.
        intakeKey: { type: 'apiKey', in: 'header', name: 'X-Hotline-Key', description: "An intake source's key id (`hk_...`)." },
        intakeTimestamp: { type: 'apiKey', in: 'header', name: 'X-Hotline-Timestamp', description: 'Unix seconds when signed; at most 300 s from the server clock.' },
        // The hall wallboard (issue 15): only GET /api/wallboard/snapshot takes it.
        wallboardToken: { type: 'apiKey', in: 'header', name: 'X-Wallboard-Token', description: 'A wallboard token (`wb_...`), shown once when a manager or administrator creates it.' },
        intakeSignature: {
          type: 'apiKey', in: 'header', name: 'X-Hotline-Signature',
          description: '`sha256=` + lower-case hex HMAC-SHA-256, keyed with the key\'s secret, over `${X-Hotline-Timestamp}.${raw body}`; compared in constant time.',
        },
      },
    },
    security: [{ session: [] }],
    'x-socket-events': [...Object.values(SOCKET_EVENTS), ...Object.values(WALLBOARD_SOCKET_EVENTS)].map((s) => ({ name: s.name, permission: s.access, summary: s.summary, payload: jsonSchema(s.payload, 'output') })),
  };
}
