import { z } from 'zod';
import { Id, Role, Timestamp } from './common';

/** A stored API key. Only the SHA-256 of the secret is kept; the secret is shown once. */
export interface ApiKey {
  readonly id: string;
  readonly role: Role;
  readonly org: string;
  readonly label: string | null;
  /** hex SHA-256 of the full key text */
  readonly hash: string;
  /** Demo keys are derived from a per-installation secret and revoked when DEMO_KEYS is off. */
  readonly demo: boolean;
  readonly createdAt: string;
  readonly revokedAt: string | null;
}

export const Org = z.string().trim().min(1).max(100).regex(/^[A-Za-z0-9_.:-]+$/, 'letters, digits and _ . : - only');

export const ApiKeyInput = z
  .object({ role: Role, org: Org.meta({ example: 'LAB-01' }), label: z.string().max(200).optional() })
  .strict()
  .meta({ id: 'ApiKeyInput' });
export type ApiKeyInput = z.infer<typeof ApiKeyInput>;

export const ApiKeyView = z
  .object({
    id: Id,
    role: Role,
    org: z.string(),
    label: z.string().nullable(),
    demo: z.boolean(),
    createdAt: Timestamp,
    revokedAt: Timestamp.nullable(),
  })
  .meta({ id: 'ApiKey' });
export type ApiKeyView = z.infer<typeof ApiKeyView>;

export const CreatedApiKey = ApiKeyView.extend({
  key: z.string().meta({ description: 'the secret, shown only in this response', example: 'rk_lab_…' }),
}).meta({ id: 'CreatedApiKey' });

export const ApiKeyListQuery = z.object({
  role: Role.optional(),
  org: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
export type ApiKeyListQuery = z.infer<typeof ApiKeyListQuery>;
