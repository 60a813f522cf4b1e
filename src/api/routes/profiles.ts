import { Router } from 'express';
import { z } from 'zod';
import { KITS, KIT_IDS, ProfileBatchInput, ProfileBatchResult, ProfileInput, ProfileListQuery, ProfileSummary, ProfileView, pageOf } from '../../domain';
import { ValidationError } from '../../lib';
import { getProfile, listOwnProfiles, registerProfile, registerProfilesBatch, type ServiceDeps } from '../../services';
import { actorOf, requireRole } from '../auth';
import { IdParam, json, jsonBody, problems, SECURITY, type Documenter } from '../openapi-helpers';

const BatchEnvelope = z.object({ items: z.array(z.unknown()) }).strict();

const KitView = z.object({
  id: z.string(), manufacturer: z.string(), autosomal: z.array(z.string()), other: z.array(z.string()), source: z.string(),
}).meta({ id: 'Kit' });

export function profilesRouter(services: ServiceDeps): Router {
  const router = Router();

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
