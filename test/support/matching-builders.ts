import { randomUUID } from 'node:crypto';
import type { Job, Match, SearchPolicy } from '../../src/domain';
import { defaultSearchPolicyInput } from '../../src/domain';

/** Builders of valid matching records for store tests; every call makes fresh ids. */
export function aMatch(caseId: string, foundPersonId: string, over: Partial<Match> = {}): Match {
  const now = new Date().toISOString();
  return {
    id: `match_${randomUUID()}`, caseId, foundPersonId, status: 'candidate', lr: 2.5e7, log10Lr: Math.log10(2.5e7),
    loci: [
      { locus: 'D3S1358', LR: 3.2, log10LR: Math.log10(3.2), status: 'consistent', compared: true },
      { locus: 'TH01', LR: null, log10LR: null, status: 'excluded', compared: true },
    ],
    inconsistentLoci: 1, lociCompared: 2, expectedAdventitious: 0.04, databaseSize: 1_000_000,
    meetsPolicy: true, policyVersion: 1, familyShape: 'father+mother', scoredAt: now, version: 1, createdAt: now, updatedAt: now,
    ...over,
  };
}

export function aSearchPolicy(version: number, over: Partial<SearchPolicy> = {}): SearchPolicy {
  return { ...defaultSearchPolicyInput('nist1036-all'), version, createdAt: new Date().toISOString(), createdBy: 'key_admin', ...over };
}

export function aJob(over: Partial<Job> = {}): Job {
  return {
    id: `job_${randomUUID()}`, kind: 'rescore', status: 'queued', reason: 'search policy v2', total: 0, done: 0, error: null,
    createdAt: new Date().toISOString(), startedAt: null, finishedAt: null, ...over,
  };
}
