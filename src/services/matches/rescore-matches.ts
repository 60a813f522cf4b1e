import type { Job, JobView, Match } from '../../domain';
import { NotFoundError } from '../../lib';
import type { ServiceDeps } from '../service-deps';
import { familyInput } from './search-index';
import { familyRecordOf, matchOf } from './search-matches';
import { autosomalGenotypes } from '../profiles';
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
export async function startRescore(deps: ServiceDeps, reason: string): Promise<Job> {
  const now = deps.now().toISOString();
  const job: Job = {
    id: deps.newId('job'), kind: 'rescore', status: 'queued', reason, total: await deps.store.matches.count(), done: 0, error: null,
    createdAt: now, startedAt: null, finishedAt: null,
  };
  await deps.store.jobs.insert(job);
  deps.jobs.start(job.id, () => runRescore(deps, job));
  return job;
}

async function runRescore(deps: ServiceDeps, queued: Job): Promise<void> {
  let job: Job = { ...queued, status: 'running', startedAt: deps.now().toISOString() };
  await deps.store.jobs.update(job);
  try {
    let after = '';
    let done = 0;
    for (;;) {
      const page = await deps.store.matches.listAfter(after, PAGE);
      if (page.length === 0) break;
      for (const match of page) {
        await rescoreOne(deps, match);
        done++;
        if (done % PROGRESS_EVERY === 0) {
          job = { ...job, done, total: Math.max(job.total, done) };
          await deps.store.jobs.update(job);
        }
      }
      after = page[page.length - 1]!.id;
    }
    job = { ...job, status: 'succeeded', done, total: Math.max(job.total, done), finishedAt: deps.now().toISOString() };
  } catch (e) {
    job = { ...job, status: 'failed', error: (e as Error).message, finishedAt: deps.now().toISOString() };
  }
  await deps.store.jobs.update(job);
  if (pendingRescore.has(deps.jobs)) {
    pendingRescore.delete(deps.jobs);
    await startRescore(deps, 'the search model gained an allele during the previous re-score');
  }
}

/**
 * Re-scores the open matches (candidate, retest) of one case or one found person, except `skip`:
 * after a re-sampled profile replaced one of theirs, their stored scores describe the old profile.
 * Same rules as the policy re-score job: status kept, scores and `meetsPolicy` replaced.
 */
export async function rescoreOpenMatchesOf(deps: ServiceDeps, of: { caseId: string } | { foundPersonId: string }, skip: string): Promise<number> {
  const matches = (await openMatchesOf(deps.store, of)).filter((m) => m.id !== skip);
  for (const match of matches) await rescoreOne(deps, match);
  return matches.length;
}

async function rescoreOne(deps: ServiceDeps, match: Match): Promise<void> {
  const search = deps.search;
  if (!search) return;
  const record = await familyRecordOf(deps, match.caseId);
  const person = await deps.store.foundPersons.findById(match.foundPersonId);
  const profile = person ? await deps.store.profiles.findById(person.profileId) : null;
  if (!record || !profile) return;
  const policy = search.policy;
  const score = await search.engine.score(familyInput(record), autosomalGenotypes(profile.genotypes));
  if (!score) return;
  const meets = score.LR >= policy.thresholdLr && score.inconsistentLoci <= policy.maxInconsistentLoci && score.lociCompared >= policy.minLociCompared;
  const databaseSize = match.databaseSize;
  await deps.store.matches.upsert(matchOf(
    deps, match.caseId, match.foundPersonId, { ...score, expectedAdventitious: databaseSize / score.LR }, match.familyShape, databaseSize,
    policy.version, meets, deps.now().toISOString(), match,
  ));
}

/** Job runners for which a model change arrived while a re-score ran (one more job follows it). */
const pendingRescore = new WeakSet<ServiceDeps['jobs']>();

/**
 * Re-scores the stored matches when the search model changed since the last look (a profile
 * brought a new allele). One job at a time: a change during a job starts another one after it.
 */
export async function rescoreIfModelChanged(deps: ServiceDeps): Promise<void> {
  const search = deps.search;
  if (!search || !search.takeModelChange()) return;
  if (deps.jobs.busy) {
    pendingRescore.add(deps.jobs);
    return;
  }
  if ((await deps.store.matches.count()) === 0) return;
  await startRescore(deps, 'the search model gained an allele (minimum frequency, locus renormalised)');
}

export async function getJob(deps: ServiceDeps, id: string): Promise<JobView> {
  const job = await deps.store.jobs.findById(id);
  if (!job) throw new NotFoundError(`no job ${id}`);
  return { ...job, progress: job.total === 0 ? (job.status === 'succeeded' ? 1 : 0) : Math.min(1, job.done / job.total) };
}
