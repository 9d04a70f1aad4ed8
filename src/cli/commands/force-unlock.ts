/**
 * `roster force-unlock RUN_ID`: removes the apply lock left by a run that
 * died elsewhere (a killed CI job). The run id must match the lock, so a
 * typo cannot unlock somebody else's live apply.
 */
import { error } from '../../diagnostics/index.js';
import { describeHolder, readLock, releaseLock } from '../../runtime/index.js';
import type { CliIo } from '../io.js';
import { prepareForCommand, reportDiagnostics } from './plan.js';

export interface ForceUnlockOptions {
  project: string;
  target?: string;
}

export async function runForceUnlock(
  runId: string,
  options: ForceUnlockOptions,
  io: CliIo,
): Promise<number> {
  const context = await prepareForCommand(options, io);
  if (!context) return 1;
  const { warehouse, location, project } = context;
  try {
    const holder = await readLock(warehouse, location);
    if (!holder) {
      io.stdout('The state is not locked.');
      return 0;
    }
    if (holder.runId !== runId) {
      reportDiagnostics(
        io,
        [
          error(
            'apply-unlock-mismatch',
            `the lock is held by ${describeHolder(holder)}, not by run ${runId}`,
            undefined,
            [`to remove it anyway: roster force-unlock ${holder.runId}`],
          ),
        ],
        project,
      );
      return 1;
    }
    await releaseLock(warehouse, location, runId);
    io.stdout(`Removed the lock of ${describeHolder(holder)}.`);
    return 0;
  } finally {
    await warehouse.close().catch(() => undefined);
  }
}
