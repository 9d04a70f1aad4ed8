/**
 * The CPU a PostgreSQL session spends on the server (issue 14's "PostgreSQL
 * at SF 0.1"): the client's own CPU is not the work. It is the user + system
 * time of the session's backend process (`/proc/<pid>/stat`, the server runs
 * on this machine) plus that of the parallel workers it starts, which are
 * processes of their own: a second session polls pg_stat_activity for them
 * (leader_pid) and keeps the last CPU time read of each, so a worker's last
 * poll interval is missed.
 */
import { readFileSync } from 'node:fs';
import pg from 'pg';

/** USER_HZ, the unit of /proc's CPU times: 100 on every Linux architecture node runs on. */
const TICKS_PER_SECOND = 100;
const POLL_MS = 50;

/** User + system CPU of process `pid` in milliseconds, or undefined once it has exited. */
export function processCpuMs(pid: number): number | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // The command name (field 2) may hold spaces and parentheses: fields count from the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // utime and stime are fields 14 and 15 of the line, 12 and 13 after the name and state.
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks * 1000) / TICKS_PER_SECOND;
}

export interface ServerCpuWatch {
  /** Stops watching; the backend's and its workers' CPU milliseconds since the start. */
  stop(): Promise<number>;
}

export async function watchServerCpu(url: string, backendPid: number): Promise<ServerCpuWatch> {
  const start = processCpuMs(backendPid);
  if (start === undefined) {
    throw new Error(
      `no /proc/${backendPid}/stat: the PostgreSQL server must run on this machine to measure its CPU`,
    );
  }
  const monitor = new pg.Client({ connectionString: url, application_name: 'roster-bench-cpu' });
  await monitor.connect();
  // Keyed by pid and start time: a later worker may get an earlier one's pid.
  const workers = new Map<string, number>();
  const poll = async (): Promise<void> => {
    const found = await monitor.query<{ pid: number; started: string }>(
      'select pid, backend_start::text as started from pg_stat_activity where leader_pid = $1 and pid <> $1',
      [backendPid],
    );
    for (const { pid, started } of found.rows) {
      const cpu = processCpuMs(pid);
      if (cpu !== undefined) workers.set(`${pid} ${started}`, cpu);
    }
  };
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      await poll();
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  })();
  return {
    async stop() {
      stopped = true;
      await loop;
      const end = processCpuMs(backendPid) ?? start;
      await monitor.end();
      let total = end - start;
      for (const cpu of workers.values()) total += cpu;
      return total;
    },
  };
}
