/**
 * A minimal alert-hub webhook receiver for trying the service: listens on 127.0.0.1, checks each
 * delivery with the documented recipe (verifyReunionSignature) and prints one line per request.
 *
 *   WEBHOOK_SECRET=… npx tsx scripts/hub-receiver.ts --port 4000
 */
import http from 'node:http';
import { Command } from 'commander';
import { verifyReunionSignature } from '../src/hub';

const options = new Command()
  .option('--port <n>', 'port on 127.0.0.1', '4000')
  .option('--secret <s>', 'subscription secret (default: $WEBHOOK_SECRET)')
  .parse()
  .opts<{ port: string; secret?: string }>();
// CLI tool: the secret comes from its own environment, not the service's configuration.
const secret = options.secret ?? process.env.WEBHOOK_SECRET;
if (!secret) {
  process.stderr.write('a secret is needed: --secret or WEBHOOK_SECRET\n');
  process.exit(1);
}

const seen = new Set<string>();
http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const result = verifyReunionSignature({
      secret, rawBody: Buffer.concat(chunks),
      timestamp: req.headers['x-reunion-timestamp'] as string | undefined,
      signature: req.headers['x-reunion-signature'] as string | undefined,
      seenEventIds: seen,
    });
    if (!result.ok) {
      process.stdout.write(`rejected: ${result.reason}${result.eventId ? ` ${result.eventId}` : ''}\n`);
      res.writeHead(result.reason === 'REPLAYED' ? 200 : 401).end();
      return;
    }
    seen.add(result.event.id);
    process.stdout.write(`verified ${result.event.type} ${result.event.id} ${JSON.stringify(result.event.data)}\n`);
    res.writeHead(204).end();
  });
}).listen(Number(options.port), '127.0.0.1', () => process.stdout.write(`receiver listening on http://127.0.0.1:${options.port}/events\n`));
