/**
 * The Git commit of the definitions an apply sends under, recorded on every
 * row of the change log so "which change moved this member" is one query.
 * `<sha>` when the project folder is clean, `<sha>-dirty` when files under
 * it differ from that commit, undefined outside a Git checkout (or without
 * `git`): recording it must never stop an apply.
 */
import { execFileSync } from 'node:child_process';

function git(root: string, args: string[]): string | undefined {
  try {
    return execFileSync('git', args, {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      timeout: 10_000,
    }).trim();
  } catch {
    return undefined;
  }
}

export function gitCommitOf(root: string): string | undefined {
  const head = git(root, ['rev-parse', '--verify', '--quiet', 'HEAD']);
  if (!head || !/^[0-9a-f]{40,64}$/.test(head)) return undefined;
  const status = git(root, ['status', '--porcelain', '--untracked-files=normal', '--', '.']);
  return status === undefined || status === '' ? head : `${head}-dirty`;
}
