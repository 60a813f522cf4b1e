import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { signReunionPayload } from '../../src/hub';

const ROOT = path.join(__dirname, '..', '..');
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');
const SECRET = 'whsec_script_0123456789abcdef012345678';

/** A free port on 127.0.0.1 (bound, read, released). */
async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

describe('scripts/hub-receiver.ts', () => {
  let child: ChildProcess | undefined;

  afterEach(() => {
    child?.kill();
  });

  it('when a signed delivery, its replay and a forged one arrive, then it accepts, de-duplicates and rejects them', async () => {
    const port = await freePort();
    child = spawn(TSX, ['scripts/hub-receiver.ts', '--port', String(port), '--secret', SECRET], { cwd: ROOT, env: { PATH: process.env.PATH ?? '' } });
    let out = '';
    await new Promise<void>((resolve, reject) => {
      child!.stdout!.on('data', (d: Buffer) => {
        out += String(d);
        if (out.includes('listening')) resolve();
      });
      child!.on('exit', (code) => reject(new Error(`receiver exited ${code}`)));
    });
    const body = JSON.stringify({ id: 'evt_script', type: 'case.closed', occurredAt: new Date().toISOString(), data: { caseId: 'case_1' } });
    const ts = Math.floor(Date.now() / 1000);
    const post = (signature: string) => fetch(`http://127.0.0.1:${port}/events`, {
      method: 'POST', body, headers: { 'Content-Type': 'application/json', 'X-Reunion-Timestamp': String(ts), 'X-Reunion-Signature': signature },
    });

    const statuses = [
      (await post(signReunionPayload(SECRET, ts, body))).status,
      (await post(signReunionPayload(SECRET, ts, body))).status,
      (await post(signReunionPayload('another secret of thirty-two chars!', ts, body))).status,
    ];

    expect(statuses).toEqual([204, 200, 401]);
    expect(out).toContain('verified case.closed evt_script {"caseId":"case_1"}');
    expect(out).toContain('rejected: REPLAYED evt_script');
    expect(out).toContain('rejected: BAD_SIGNATURE');
  });
});
