import { z } from 'zod';
import { Id, Role, Timestamp } from './common';

export const AUDIT_ACTIONS = [
  'profile.create', 'profile.read', 'case.create', 'case.relative.add', 'case.pedigree.set', 'case.pedigree.read',
  'case.familias.export',
  'foundPerson.create', 'frequencyTable.create', 'apiKey.create', 'apiKey.revoke',
  'case.close', 'hubAlert.register', 'hubAlert.update', 'hubSubscription.create', 'hubSubscription.disable', 'hubEvent.redeliver',
  'match.create', 'match.read', 'match.alleles.read', 'match.review', 'match.reviews.read', 'search.adhoc', 'searchPolicy.update', 'kinship.evaluate',
] as const;
export const AuditAction = z.enum(AUDIT_ACTIONS).meta({ id: 'AuditAction' });
export type AuditAction = z.infer<typeof AuditAction>;

export const AuditTargetType = z.enum(['profile', 'case', 'foundPerson', 'frequencyTable', 'apiKey', 'hubSubscription', 'hubEvent', 'match', 'kinshipCase', 'searchPolicy', 'search']);
export type AuditTargetType = z.infer<typeof AuditTargetType>;

/** Who did what to which record, when, under which request. Never holds genetic data. */
export interface AuditEntry {
  readonly id: string;
  readonly at: string;
  /** API key id, or "system" for the start-up seeding */
  readonly actor: string;
  readonly role: Role | 'system';
  readonly org: string;
  readonly action: AuditAction;
  readonly targetType: AuditTargetType;
  readonly targetId: string;
  readonly requestId: string | null;
}

export const AuditEntryView = z
  .object({
    id: Id,
    at: Timestamp,
    actor: z.string(),
    role: z.union([Role, z.literal('system')]),
    org: z.string(),
    action: AuditAction,
    targetType: AuditTargetType,
    targetId: z.string(),
    requestId: z.string().nullable(),
  })
  .meta({ id: 'AuditEntry' });

export const AuditListQuery = z.object({
  actor: z.string().optional(),
  org: z.string().optional(),
  action: AuditAction.optional(),
  targetType: AuditTargetType.optional(),
  targetId: z.string().optional(),
  from: Timestamp.optional(),
  to: Timestamp.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
export type AuditListQuery = z.infer<typeof AuditListQuery>;
