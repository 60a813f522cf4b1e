import { Router } from 'express';
import { z } from 'zod';
import { ImportQuery, ImportSummary, KITS, KIT_IDS, ProfileBatchInput, ProfileBatchResult, ProfileInput, ProfileListQuery, ProfileSummary, ProfileView, pageOf } from '../../domain';
import { ValidationError } from '../../lib';
import { getProfile, importProfileFile, listOwnProfiles, registerProfile, registerProfilesBatch, type ServiceDeps } from '../../services';
import { actorOf, requireRole } from '../auth';
import { IdParam, json, jsonBody, problems, SECURITY, type Documenter } from '../openapi-helpers';

const BatchEnvelope = z.object({ items: z.array(z.unknown()) }).strict();

const KitView = z.object({
  id: z.string(), manufacturer: z.string(), autosomal: z.array(z.string()), other: z.array(z.string()), source: z.string(),
}).meta({ id: 'Kit' });

/** Full path of the lab-export upload; create-app lets its text body past the JSON-only rule. */
export const PROFILE_IMPORT_PATH = '/v1/profiles/import';

export function profilesRouter(services: ServiceDeps): Router {
  const router = Router();

  router.post('/profiles/import', requireRole('lab'), async (req, res) => {
    const query = ImportQuery.parse(req.query);
    if (typeof req.body !== 'string' || req.body.trim() === '') {
      throw new ValidationError('VALIDATION_FAILED', 'the body must be a lab export file', { errors: [{ path: 'body', message: 'empty upload' }] });
    }
    const contentType = req.headers['content-type'];
    res.status(200).json(await importProfileFile(services, actorOf(req), req.body, { ...query, ...(contentType ? { contentType } : {}) }));
  });

  router.post('/profiles', requireRole('lab'), async (req, res) => {
    const { profile, created } = await registerProfile(services, actorOf(req), ProfileInput.parse(req.body));
    res.status(created ? 201 : 200).location(`/v1/profiles/${profile.id}`).json(profile);
  });

  router.post('/profiles/batch', requireRole('lab'), async (req, res) => {
    const envelope = BatchEnvelope.safeParse(req.body);
    if (!envelope.success) {
      throw new ValidationError('VALIDATION_FAILED', 'the body must be {"items": [profile, ...]}', {
        errors: [{ path: 'items', message: 'an array of profiles is required' }],
      });
    }
    if (envelope.data.items.length === 0) {
      throw new ValidationError('VALIDATION_FAILED', 'the batch is empty', { errors: [{ path: 'items', message: 'at least one item' }] });
    }
    res.status(200).json(await registerProfilesBatch(services, actorOf(req), envelope.data.items));
  });

  router.get('/profiles', requireRole('lab'), async (req, res) => {
    res.json(await listOwnProfiles(services, actorOf(req), ProfileListQuery.parse(req.query)));
  });

  router.get('/profiles/:id', requireRole('lab', 'investigator'), async (req, res) => {
    res.json(await getProfile(services, actorOf(req), IdParam.parse(req.params).id));
  });

  router.get('/kits', async (_req, res) => {
    res.json([...KITS.values()].map((k) => ({ ...k, autosomal: [...k.autosomal], other: [...k.other] })));
  });

  return router;
}

export const documentProfiles: Documenter = (registry) => {
  registry.registerPath({
    method: 'post', path: '/v1/profiles', tags: ['profiles'], security: SECURITY,
    summary: 'Upload one STR profile (lab)',
    description: 'Idempotent by (lab, sampleId): the same body again returns the stored profile (200); a different body under the same sampleId is a 409. The lab is the organisation of the API key. An identical autosomal genotype under another profile is listed in possibleDuplicateOf.',
    request: { body: jsonBody(ProfileInput) },
    responses: {
      201: json(ProfileView, 'stored'), 200: json(ProfileView, 'identical upload seen before; nothing changed'),
      ...problems(400, 401, 403, 409, 413, 415),
    },
  });
  registry.registerPath({
    method: 'post', path: '/v1/profiles/batch', tags: ['profiles'], security: SECURITY,
    summary: 'Upload many profiles, one result per item (lab)',
    description: 'Each item is validated and stored on its own terms; invalid items and conflicts store nothing. More than MAX_BATCH_ITEMS items is a 413 and nothing is stored.',
    request: { body: jsonBody(ProfileBatchInput) },
    responses: { 200: json(ProfileBatchResult, 'per-item results'), ...problems(400, 401, 403, 413, 415) },
  });
  registry.registerPath({
    method: 'post', path: '/v1/profiles/import', tags: ['profiles'], security: SECURITY,
    summary: 'Upload a lab export file: GeneMapper table, CSV or CODIS CMF 3.2 XML (lab)',
    description: 'The format is detected from the content (or given as ?format=). Every readable sample becomes a profile under the batch rules (per-item results, idempotent by sampleId, at most MAX_BATCH_ITEMS samples); mixtures, unknown loci and invalid alleles are listed in issues with their line or element. A file that cannot be read at all is a 400 naming the line or element.',
    request: {
      query: ImportQuery,
      body: { required: true, content: Object.fromEntries(['text/csv', 'text/tab-separated-values', 'text/plain', 'application/xml'].map((t) => [t, { schema: z.string() }])) },
    },
    responses: { 200: json(ImportSummary, 'per-sample results and the file\'s issues'), ...problems(400, 401, 403, 413, 415) },
  });
  registry.registerPath({
    method: 'get', path: '/v1/profiles', tags: ['profiles'], security: SECURITY,
    summary: "List the caller's lab's profiles (without genotypes)",
    request: { query: ProfileListQuery },
    responses: { 200: json(pageOf(ProfileSummary, 'ProfilePage'), 'a page, oldest first'), ...problems(400, 401, 403) },
  });
  registry.registerPath({
    method: 'get', path: '/v1/profiles/{id}', tags: ['profiles'], security: SECURITY,
    summary: 'One profile with genotypes (audited)',
    description: "Labs see their own profiles; investigators see profiles that type a case's family or a found person.",
    request: { params: IdParam },
    responses: { 200: json(ProfileView, 'the profile'), ...problems(401, 403, 404) },
  });
  registry.registerPath({
    method: 'get', path: '/v1/kits', tags: ['profiles'], security: SECURITY,
    summary: `Registered STR kits and their loci (also accepted: ${KIT_IDS.at(-1)})`,
    responses: { 200: json(z.array(KitView), 'the kit registry'), ...problems(401) },
  });
};
