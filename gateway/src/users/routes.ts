/**
 * The institution's user management over HTTP, for its admin users:
 * list, register (and enrol), enrol again (renewal) and revoke. Bodies are validated against the
 * schemas published in the OpenAPI document.
 */
import Ajv from 'ajv';
import type { Express, Response } from 'express';
import { ApiError, validationError } from '../http/errors';
import { handled, type RequireAdmin } from '../http/middleware';
import type { JsonSchema } from '../http/operations';
import type { NewUser, UserAdmin } from './admin';

const NEW_USER: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['user', 'role', 'apiKeySha256'],
  properties: {
    user: { type: 'string', pattern: '^[a-z][a-z0-9._-]{2,63}$', description: 'login name; also the enrolment ID at the CA' },
    role: { type: 'string', enum: ['admin', 'operator', 'viewer'], description: 'admin and operator become the certificate attribute bond.role; viewer reads only' },
    apiKeySha256: {
      type: 'string',
      pattern: '^[0-9a-f]{64}$',
      description: 'SHA-256 (hex) of the API key the user will send: `bk_` followed by at least 32 random URL-safe characters, made and kept by the caller',
    },
  },
};

const REVOCATION: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  properties: { reason: { type: 'string', minLength: 1, maxLength: 200, description: 'recorded at the CA' } },
};

const ajv = new Ajv({ allErrors: true, strict: false });
const validNewUser = ajv.compile<NewUser>(NEW_USER);
const validRevocation = ajv.compile<{ reason?: string }>(REVOCATION);

/** Mounts the routes; `admin` returns the caller's admin status check and `userAdmin` is absent when the gateway has no CA configured. */
export function mountUserRoutes(app: Express, requireAdmin: RequireAdmin, userAdmin: UserAdmin | undefined): void {
  const service = (res: Response): UserAdmin => {
    requireAdmin(res);
    if (!userAdmin) throw new ApiError(404, 'NOT_FOUND', 'user management is not configured on this gateway');
    return userAdmin;
  };
  app.get(
    '/admin/users',
    handled((_req, res) => {
      res.json(service(res).list());
    }),
  );
  app.post(
    '/admin/users',
    handled(async (req, res) => {
      const admin = service(res);
      if (!validNewUser(req.body)) throw validationError(validNewUser.errors, 'body');
      res.status(201).json(await admin.register(req.body));
    }),
  );
  app.post(
    '/admin/users/:user/enrolment',
    handled(async (req, res) => {
      res.json(await service(res).renew(String(req.params.user)));
    }),
  );
  app.post(
    '/admin/users/:user/revocation',
    handled(async (req, res) => {
      const admin = service(res);
      const body = (req.body ?? {}) as unknown;
      if (!validRevocation(body)) throw validationError(validRevocation.errors, 'body');
      res.json(await admin.revoke(String(req.params.user), body.reason ?? 'revoked by the institution'));
    }),
  );
}

/** The routes' part of the OpenAPI document. */
export function userPaths(
  errorResponse: (description: string) => unknown,
  jsonResponse: (description: string, schema: JsonSchema) => unknown,
  ref: (name: string) => JsonSchema,
): Record<string, unknown> {
  const errors = { '400': errorResponse('invalid input'), '403': errorResponse('not an admin'), '409': errorResponse('conflict'), '502': errorResponse('the CA refused'), '503': errorResponse('CA or ordering service unavailable') };
  return {
    '/admin/users': {
      get: { operationId: 'listUsers', tags: ['Admin'], summary: "The institution's API users: configured and registered, with status (admin users)", responses: { '200': jsonResponse('users', { type: 'array', items: ref('User') }), ...errors } },
      post: {
        operationId: 'registerUser',
        tags: ['Admin'],
        summary: 'Register a user at the institution’s CA with its role attribute, enrol it, and accept its API key (admin users)',
        requestBody: { required: true, content: { 'application/json': { schema: NEW_USER } } },
        responses: { '201': jsonResponse('the user (never a key)', ref('User')), ...errors },
      },
    },
    '/admin/users/{user}/enrolment': {
      post: {
        operationId: 'renewUser',
        tags: ['Admin'],
        summary: 'Enrol the user again: a new key and certificate with the same role (admin users); the old certificate stays valid until it expires',
        parameters: [{ name: 'user', in: 'path', required: true, schema: { type: 'string' } }],
        responses: { '200': jsonResponse('the user with its new certificate serial', ref('User')), '404': errorResponse('no such user'), ...errors },
      },
    },
    '/admin/users/{user}/revocation': {
      post: {
        operationId: 'revokeUser',
        tags: ['Admin'],
        summary: 'Withdraw the user’s API key, revoke its certificate and publish the CA’s revocation list in the channel (admin users; retry finishes a partial revocation)',
        parameters: [{ name: 'user', in: 'path', required: true, schema: { type: 'string' } }],
        requestBody: { required: false, content: { 'application/json': { schema: REVOCATION } } },
        responses: {
          '200': jsonResponse('the revoked user', ref('RevokedUser')),
          '404': errorResponse('no such user'),
          '504': errorResponse('CRL_NOT_YET_VISIBLE: the peer does not show the revocation list yet; retry to check'),
          ...errors,
        },
      },
    },
  };
}
