import { Router } from 'express';
import {
  AlertIdParam, CaseView, DeliveryListQuery, DeliveryView, HubAlertInput, HubEventView, PageQuery, RedeliverInput, RedeliverResult,
  SubscriptionInput, SubscriptionView, pageOf,
} from '../../domain';
import {
  createSubscription, disableSubscription, getHubAlert, getHubEvent, listDeliveries, listSubscriptions, redeliverEvent,
  registerHubAlert, type ServiceDeps,
} from '../../services';
import { actorOf, requireRole } from '../auth';
import { IdParam, json, jsonBody, problems, SECURITY, type Documenter } from '../openapi-helpers';

/** The alert hub's inbound alerts, webhook subscriptions, and the outbox's events and deliveries. */
export function hubRouter(services: ServiceDeps): Router {
  const router = Router();

  router.post('/hub/alerts', requireRole('hub'), async (req, res) => {
    const { created, case: c } = await registerHubAlert(services, actorOf(req), HubAlertInput.parse(req.body));
    res.status(created ? 201 : 200).location(`/v1/hub/alerts/${encodeURIComponent(c.alertId ?? '')}`).json(c);
  });
  router.get('/hub/alerts/:alertId', requireRole('hub', 'investigator'), async (req, res) => {
    res.json(await getHubAlert(services, AlertIdParam.parse(req.params).alertId));
  });

  router.post('/hub/subscriptions', requireRole('admin'), async (req, res) => {
    const created = await createSubscription(services, actorOf(req), SubscriptionInput.parse(req.body));
    res.status(201).json(created);
  });
  router.get('/hub/subscriptions', requireRole('admin'), async (req, res) => {
    res.json(await listSubscriptions(services, PageQuery.parse(req.query)));
  });
  router.delete('/hub/subscriptions/:id', requireRole('admin'), async (req, res) => {
    res.json(await disableSubscription(services, actorOf(req), IdParam.parse(req.params).id));
  });

  router.get('/hub/deliveries', requireRole('admin', 'hub'), async (req, res) => {
    res.json(await listDeliveries(services, DeliveryListQuery.parse(req.query)));
  });
  router.get('/hub/events/:id', requireRole('admin', 'hub'), async (req, res) => {
    res.json(await getHubEvent(services, IdParam.parse(req.params).id));
  });
  router.post('/hub/events/:id/redeliver', requireRole('admin', 'hub'), async (req, res) => {
    res.json(await redeliverEvent(services, actorOf(req), IdParam.parse(req.params).id, RedeliverInput.parse(req.body ?? {})));
  });

  return router;
}

export const documentHub: Documenter = (registry) => {
  registry.registerPath({
    method: 'post', path: '/v1/hub/alerts', tags: ['alert hub'], security: SECURITY,
    summary: 'Create or update the case of a hub alert (hub), idempotent by alertId',
    description: '201 with the new case, or 200 with the existing case (updated when the child or trafficking case number differ). The case `id` is the Reunion case id.',
    request: { body: jsonBody(HubAlertInput) },
    responses: { 201: json(CaseView, 'case opened'), 200: json(CaseView, 'alert known: the (updated) case'), ...problems(400, 401, 403, 409, 415) },
  });
  registry.registerPath({
    method: 'get', path: '/v1/hub/alerts/{alertId}', tags: ['alert hub'], security: SECURITY, summary: 'The case linked to an alert, with its status',
    request: { params: AlertIdParam },
    responses: { 200: json(CaseView, 'the case'), ...problems(400, 401, 403, 404) },
  });
  registry.registerPath({
    method: 'post', path: '/v1/hub/subscriptions', tags: ['alert hub'], security: SECURITY,
    summary: 'Subscribe a URL to signed webhook events (admin); the secret is never returned',
    request: { body: jsonBody(SubscriptionInput) },
    responses: { 201: json(SubscriptionView, 'subscribed'), ...problems(400, 401, 403, 415) },
  });
  registry.registerPath({
    method: 'get', path: '/v1/hub/subscriptions', tags: ['alert hub'], security: SECURITY, summary: 'List subscriptions (admin)',
    request: { query: PageQuery },
    responses: { 200: json(pageOf(SubscriptionView, 'SubscriptionPage'), 'a page, oldest first'), ...problems(400, 401, 403) },
  });
  registry.registerPath({
    method: 'delete', path: '/v1/hub/subscriptions/{id}', tags: ['alert hub'], security: SECURITY,
    summary: 'Disable a subscription (admin); its pending deliveries are cancelled',
    request: { params: IdParam },
    responses: { 200: json(SubscriptionView, 'disabled'), ...problems(401, 403, 404) },
  });
  registry.registerPath({
    method: 'get', path: '/v1/hub/deliveries', tags: ['alert hub'], security: SECURITY,
    summary: 'Webhook deliveries, newest first; status=dead is the dead letter list (admin, hub)',
    request: { query: DeliveryListQuery },
    responses: { 200: json(pageOf(DeliveryView, 'DeliveryPage'), 'a page'), ...problems(400, 401, 403) },
  });
  registry.registerPath({
    method: 'get', path: '/v1/hub/events/{id}', tags: ['alert hub'], security: SECURITY, summary: 'One event and its deliveries (admin, hub)',
    request: { params: IdParam },
    responses: { 200: json(HubEventView, 'the event'), ...problems(401, 403, 404) },
  });
  registry.registerPath({
    method: 'post', path: '/v1/hub/events/{id}/redeliver', tags: ['alert hub'], security: SECURITY,
    summary: 'Send an event again: dead-lettered or delivered deliveries go back to pending (admin, hub)',
    request: { params: IdParam, body: { required: false, content: { 'application/json': { schema: RedeliverInput } } } },
    responses: { 200: json(RedeliverResult, 'deliveries requeued'), ...problems(400, 401, 403, 404, 415) },
  });
};
