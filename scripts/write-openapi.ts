/**
 * Writes openapi.yaml at the repository root from the zod schemas (`npm run openapi`).
 * test/api/openapi.test.ts fails when the committed file differs from what this would write.
 */
import fs from 'node:fs';
import path from 'node:path';
import { openApiYaml } from '../src/api';

const target = path.join(__dirname, '..', 'openapi.yaml');
fs.writeFileSync(target, openApiYaml());
process.stdout.write(`wrote ${path.relative(process.cwd(), target)}\n`);
