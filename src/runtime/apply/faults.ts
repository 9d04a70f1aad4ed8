/**
 * Test-only fault injection, read from the environment, so the crash test can
 * kill a real `roster apply` at chosen points of delivery:
 *   ROSTER_FAULT_KILL_AFTER_CALLS=N   SIGKILL once N calls were acknowledged
 *   ROSTER_FAULT_KILL_POINT=before-commit (default) | after-commit | mid-batch | finalize
 * `mid-batch` kills between the two halves of a file destination's write.
 * Unset in normal use: then every hook is a no-op.
 */
export type FaultPoint = 'before-commit' | 'after-commit' | 'mid-batch' | 'finalize';

export interface Faults {
  /** Called with the running total of acknowledged calls at `point`. */
  at(point: FaultPoint, acknowledged: number): void;
  /** Whether `mid-batch` is armed (file destinations then write in two halves). */
  midBatch: boolean;
}

export const NO_FAULTS: Faults = { at: () => undefined, midBatch: false };

export function faultsFromEnv(env: NodeJS.ProcessEnv): Faults {
  const after = env.ROSTER_FAULT_KILL_AFTER_CALLS;
  if (after === undefined || after === '') return NO_FAULTS;
  const limit = Number(after);
  const point = (env.ROSTER_FAULT_KILL_POINT ?? 'before-commit') as FaultPoint;
  const kill = (): void => {
    process.kill(process.pid, 'SIGKILL');
  };
  return {
    midBatch: point === 'mid-batch',
    at(where, acknowledged) {
      if (where === point && (point === 'finalize' || acknowledged >= limit)) kill();
    },
  };
}
