import { z } from 'zod';
import { Timestamp } from './common';
import { CaseStatus } from './missing-case';
import { FoundPersonStatus } from './found-person';
import { DeliveryStatus } from './hub';

const Count = z.number().int().min(0);
const MedianMs = z.number().min(0).nullable();

/** GET /v1/stats. Medians are the middle value (mean of the two middle values for an even count); null when there is no data. */
export const StatsView = z
  .object({
    alertsRegistered: Count.meta({ description: 'hub alerts linked to a case (POST /v1/hub/alerts)' }),
    cases: z.object({
      total: Count,
      open: Count.meta({ description: 'cases still searching or under review: open, candidate, retestRequested' }),
      byStatus: z.record(CaseStatus, Count),
    }),
    foundPersons: z.object({ total: Count, byStatus: z.record(FoundPersonStatus, Count) }),
    candidates: Count.meta({ description: 'cases awaiting review of a candidate (candidate or retestRequested)' }),
    reunions: Count.meta({ description: 'cases that reached "reunited" (also when closed since)' }),
    medianUploadToCandidateMs: MedianMs.meta({
      description: 'over found persons that became candidates: first change to candidate − upload time of the found person\'s profile',
    }),
    medianCandidateToReunionMs: MedianMs.meta({
      description: 'over reunited cases: first change to reunited − first change to candidate',
    }),
    deliveries: z.record(DeliveryStatus, Count).meta({ description: 'webhook deliveries by status (dead = dead letter list)' }),
    generatedAt: Timestamp,
  })
  .meta({ id: 'Stats' });
export type StatsView = z.infer<typeof StatsView>;
