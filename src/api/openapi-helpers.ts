import type { OpenAPIRegistry, RouteConfig } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { Problem } from '../domain';

const PROBLEM_TEXT: Readonly<Record<number, string>> = {
  400: 'invalid request: the errors name the field, locus or allele at fault',
  401: 'missing or invalid API key',
  403: 'the role of the key may not do this',
  404: 'no such record (or not visible to the caller)',
  409: 'conflict with stored data',
  413: 'body or batch too large',
  415: 'body is not application/json',
  429: 'rate limit reached',
};

/** problem+json responses for the given statuses. */
export function problems(...statuses: number[]): RouteConfig['responses'] {
  return Object.fromEntries(statuses.map((s) => [s, {
    description: PROBLEM_TEXT[s] ?? 'problem',
    content: { 'application/problem+json': { schema: Problem } },
  }]));
}

export function json(schema: z.ZodType, description: string): RouteConfig['responses'][string] {
  return { description, content: { 'application/json': { schema } } };
}

export function jsonBody(schema: z.ZodType): NonNullable<RouteConfig['request']>['body'] {
  return { required: true, content: { 'application/json': { schema } } };
}

export const IdParam = z.object({ id: z.string().meta({ description: 'record id' }) });

/** Every /v1 route sends `Authorization: Bearer <key>`, or the workbench session cookie (with the CSRF header to change anything). */
export const SECURITY: Array<Record<string, string[]>> = [{ bearerKey: [] }, { sessionCookie: [] }];

export type Documenter = (registry: OpenAPIRegistry) => void;
