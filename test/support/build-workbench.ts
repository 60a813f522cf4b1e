import { buildWorkbench } from '../../scripts/build-web';

/** jest globalSetup: the tests that open /app/ need the bundle, so a clean clone's `npm test` builds it first (under a second). */
export default async function buildWorkbenchOnce(): Promise<void> {
  await buildWorkbench();
}
