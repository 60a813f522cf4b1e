import type { Job, JobView, Match, Profile } from '../../domain';
import { NotFoundError } from '../../lib';
import type { Repositories } from '../../store';
import type { BackgroundJobs } from '../shared';
import { autosomalGenotypes } from '../profiles';
import { loadMatchEvidence } from './match-evidence';
import { rescoredMatch } from './match-record';
import type { MatchingPorts } from './matching-ports';
import { familyInput } from './index-build';
import { openMatchesOf } from './settle-statuses';

const PAGE = 200;
/** Progress is written after this many matches (and at the end). */
const PROGRESS_EVERY = 100;

/**
 * Starts a background job that re-scores every stored match under the current policy and models
 * (after a policy change, or when the search model gained an allele), and returns it at once.
 * Each match keeps its id and review status; its scores, breakdown, policy version and whether it
 * still meets the policy are replaced. Progress: GET /v1/jobs/:id.
 */
export async function startRescore(ports: MatchingPorts, reason: string): Promise<Job> {
  const now = ports.now().toISOString();
  const job: Job = {
    id: ports.newId('job'), kind: 'rescore', status: 'queued', reason, total: await ports.store.matches.count(), done: 0, error: null,
    createdAt: now, startedAt: null, finishedAt: null,
  };
  await ports.store.jobs.insert(job);
  ports.jobs.start(job.id, () => runRescore(ports, job));
  return job;
}

/**
 * Re-score jobs run one at a time across replicas (each replica that met a new allele asks for one),
 * under this store lease held by the job and renewed with its progress.
 */
const RESCORE_LEASE = 'rescore';
const RESCORE_LEASE_TTL_MS = 120_000;
const LEASE_RETRY_MS = 1_000;

async function runRescore(ports: MatchingPorts, queued: Job): Promise<void> {
  try {
    await waitForRescoreLease(ports, queued.id);
  } catch (e) {
    await ports.store.jobs.update({ ...queued, status: 'failed', error: (e as Error).message, finishedAt: ports.now().toISOString() });
    return;
  }
  try {
    await rescoreAll(ports, queued);
  } finally {
    await ports.store.leases.release(RESCORE_LEASE, queued.id);
  }
}

/** Waits until this job holds the re-score lease (another replica's job may be running). */
async function waitForRescoreLease(ports: MatchingPorts, jobId: string): Promise<void> {
  while (!(await ports.store.leases.acquire(RESCORE_LEASE, jobId, RESCORE_LEASE_TTL_MS, ports.now()))) {
    if (!ports.search?.isOpen) throw new Error('the service stopped while another replica\'s re-score job ran');
    await new Promise((resolve) => setTimeout(resolve, LEASE_RETRY_MS));
  }
}

async function rescoreAll(ports: MatchingPorts, queued: Job): Promise<void> {
  let job: Job = { ...queued, status: 'running', startedAt: ports.now().toISOString() };
  await ports.store.jobs.update(job);
  try {
    let after = '';
    let done = 0;
    for (;;) {
      const page = await ports.store.matches.listAfter(after, PAGE);
      if (page.length === 0) break;
      for (const match of page) {
        await rescoreOne(ports, match);
        done++;
        if (done % PROGRESS_EVERY === 0) {
          job = { ...job, done, total: Math.max(job.total, done) };
          await ports.store.jobs.update(job);
          if (!(await ports.store.leases.acquire(RESCORE_LEASE, job.id, RESCORE_LEASE_TTL_MS, ports.now()))) throw new Error('the re-score lease expired (the job stalled)');
        }
      }
      after = page[page.length - 1]!.id;
    }
    job = { ...job, status: 'succeeded', done, total: Math.max(job.total, done), finishedAt: ports.now().toISOString() };
  } catch (e) {
    job = { ...job, status: 'failed', error: (e as Error).message, finishedAt: ports.now().toISOString() };
  }
  await ports.store.jobs.update(job);
  if (pendingRescore.has(ports.jobs)) {
    pendingRescore.delete(ports.jobs);
    await startRescore(ports, 'the search model gained an allele during the previous re-score');
  }
}

/**
 * Re-scores the open matches (candidate, retest) of one case or one found person, except `skip`:
 * after a re-sampled profile replaced one of theirs, their stored scores describe the old profile.
 * Same rules as the policy re-score job: status kept, scores and `meetsPolicy` replaced.
 */
export async function rescoreOpenMatchesOf(ports: MatchingPorts, of: { caseId: string } | { foundPersonId: string }, skip: string): Promise<number> {
  const matches = (await openMatchesOf(ports.store, of)).filter((m) => m.id !== skip);
  for (const match of matches) await rescoreOne(ports, match);
  return matches.length;
}

async function rescoreOne(ports: MatchingPorts, match: Match): Promise<void> {
  const search = ports.search;
  if (!search) return;
  const record = await ports.store.cases.findFamily(match.caseId);
  const profile = await foundPersonProfile(ports.store, match.foundPersonId);
  if (!record || !profile) return;
  const score = await search.engine.score(familyInput(record), autosomalGenotypes(profile.genotypes));
  if (!score) return;
  const evidence = await loadMatchEvidence(ports.store, search, match.caseId, match.foundPersonId, score, { family: record, foundProfile: profile });
  await ports.store.matches.upsert(rescoredMatch(ports, match, score, evidence, search.policy));
}

async function foundPersonProfile(repos: Repositories, foundPersonId: string): Promise<Profile | null> {
  const person = await repos.foundPersons.findById(foundPersonId);
  return person ? repos.profiles.findById(person.profileId) : null;
}

/** Job runners for which a model change arrived while a re-score ran (one more job follows it). */
const pendingRescore = new WeakSet<BackgroundJobs>();

/**
 * Re-scores the stored matches when the search model changed since the last look (a profile
 * brought a new allele). One job at a time: a change during a job starts another one after it.
 */
export async function rescoreIfModelChanged(ports: MatchingPorts): Promise<void> {
  const search = ports.search;
  if (!search || !search.takeModelChange()) return;
  if (ports.jobs.busy) {
    pendingRescore.add(ports.jobs);
    return;
  }
  if ((await ports.store.matches.count()) === 0) return;
  await startRescore(ports, 'the search model gained an allele (minimum frequency, locus renormalised)');
}

export async function getJob(access: Pick<MatchingPorts, 'store'>, id: string): Promise<JobView> {
  const job = await access.store.jobs.findById(id);
  if (!job) throw new NotFoundError(`no job ${id}`);
  return { ...job, progress: job.total === 0 ? (job.status === 'succeeded' ? 1 : 0) : Math.min(1, job.done / job.total) };
}
