import type { Model } from 'mongoose';

/** A change stream that broke is opened again after this long (a primary election, a lost connection). */
const REOPEN_MS = 2_000;
/** Server errors after which a resume token cannot be used (ChangeStreamHistoryLost, ChangeStreamFatalError). */
const LOST_RESUME_CODES = new Set([286, 280]);

/** Stops a follower. */
export interface ChangeStreamFollower {
  close(): Promise<void>;
}

/**
 * Wakes `wake` whenever any connection (this replica or another) records a change: a MongoDB change
 * stream on the `changes` collection, inserts only
 * (https://www.mongodb.com/docs/manual/changeStreams/). When the stream breaks it is opened again
 * with `resumeAfter` the last event's resume token, so no wake-up recorded while it was down is
 * missed as long as the oplog still holds it
 * (https://www.mongodb.com/docs/manual/changeStreams/#resume-a-change-stream). The feed's sequence
 * number stays the position (the listener reads `changesSince` its own last one), so the stream is a
 * wake-up only: a token the server no longer holds is dropped and the stream starts afresh, and a
 * server without change streams (a standalone) leaves the replicas following by their poll.
 */
export function followChangeStream<T>(changes: Model<T>, wake: () => Promise<void>): ChangeStreamFollower {
  let token: unknown;
  let closed = false;
  let stream: ReturnType<Model<T>['watch']> | null = null;
  let reopen: NodeJS.Timeout | null = null;

  const schedule = (): void => {
    if (closed || reopen) return;
    reopen = setTimeout(() => {
      reopen = null;
      open();
    }, REOPEN_MS);
    reopen.unref();
  };
  const open = (): void => {
    if (closed) return;
    const current = changes.watch([{ $match: { operationType: 'insert' } }], token === undefined ? {} : { resumeAfter: token });
    stream = current;
    current.on('change', (event: { _id: unknown }) => {
      token = event._id;
      void wake().catch(() => undefined);
    });
    current.on('error', (e: unknown) => {
      if (LOST_RESUME_CODES.has((e as { code?: number }).code ?? -1)) token = undefined;
      if (stream === current) stream = null;
      void current.close().catch(() => undefined);
      schedule();
    });
  };

  open();
  return {
    async close() {
      closed = true;
      if (reopen) clearTimeout(reopen);
      await stream?.close().catch(() => undefined);
    },
  };
}
