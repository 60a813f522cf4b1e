import { z } from 'zod';
import { Id, Timestamp } from './common';

/** Background jobs (re-scoring every stored match after a policy or frequency-table change). */
export const JOB_STATUSES = ['queued', 'running', 'succeeded', 'failed'] as const;
export const JobStatus = z.enum(JOB_STATUSES).meta({ id: 'JobStatus' });
export type JobStatus = z.infer<typeof JobStatus>;

export interface Job {
  readonly id: string;
  readonly kind: 'rescore';
  readonly status: JobStatus;
  /** What started it, e.g. "search policy v3" or "allele 22.2 at FGA added to the search model". */
  readonly reason: string;
  readonly total: number;
  readonly done: number;
  readonly error: string | null;
  readonly createdAt: string;
  readonly startedAt: string | null;
  readonly finishedAt: string | null;
}

export const JobView = z
  .object({
    id: Id,
    kind: z.literal('rescore'),
    status: JobStatus,
    reason: z.string(),
    total: z.number().int(),
    done: z.number().int(),
    progress: z.number().min(0).max(1).meta({ description: 'done / total (1 when there is nothing to do)' }),
    error: z.string().nullable(),
    createdAt: Timestamp,
    startedAt: Timestamp.nullable(),
    finishedAt: Timestamp.nullable(),
  })
  .meta({ id: 'Job' });
export type JobView = z.infer<typeof JobView>;
