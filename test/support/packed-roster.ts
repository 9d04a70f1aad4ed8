/**
 * roster as users get it: `npm pack` (which builds dist/ through `prepack`),
 * then the tarball installed into a clean folder. The install is offline: a
 * lock file pins exactly the versions of roster's own lock file, each with
 * its registry address and integrity, and `npm ci --offline` takes every
 * tarball from the npm cache that `npm ci` of this repository filled. So no
 * test reaches the network, and a package that would need something roster's
 * lock does not pin fails here.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

interface LockEntry {
  version?: string;
  resolved?: string;
  integrity?: string;
  dev?: boolean;
  link?: boolean;
  [key: string]: unknown;
}

/** The registry npm is set to use: the cache keys tarballs by their address there. */
function registry(): string {
  const url = execFileSync('npm', ['config', 'get', 'registry'], { encoding: 'utf8' }).trim();
  return url.endsWith('/') ? url : `${url}/`;
}

/** Runs `npm pack` of the repository into `dest`; returns the tarball's path. */
export function packRoster(dest: string): string {
  mkdirSync(dest, { recursive: true });
  execFileSync('npm', ['pack', '--pack-destination', dest, '--silent'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const tarball = readdirSync(dest).find((f) => /^roster-.*\.tgz$/.test(f));
  if (!tarball) throw new Error(`npm pack wrote no roster-*.tgz into ${dest}`);
  return join(dest, tarball);
}

/** Installs the tarball into `dir` (created) with `npm ci --offline`; returns npm's output. */
export function installOffline(tarball: string, dir: string): string {
  mkdirSync(dir, { recursive: true });
  const lock = JSON.parse(readFileSync('package-lock.json', 'utf8')) as {
    packages: Record<string, LockEntry>;
  };
  const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as Record<string, unknown>;
  const spec = `file:${tarball}`;
  const packages: Record<string, LockEntry> = {
    '': { name: 'roster-user', dependencies: { roster: spec } },
    'node_modules/roster': {
      version: String(manifest.version),
      resolved: spec,
      integrity: `sha512-${createHash('sha512').update(readFileSync(tarball)).digest('base64')}`,
      dependencies: manifest.dependencies,
      bin: manifest.bin,
      engines: manifest.engines,
    },
  };
  const base = registry();
  for (const [path, entry] of Object.entries(lock.packages)) {
    if (path === '' || entry.dev || entry.link) continue;
    const name = path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length);
    const file = `${name.split('/').pop()}-${entry.version}.tgz`;
    packages[path] = { ...entry, resolved: entry.resolved ?? `${base}${name}/-/${file}` };
  }
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({ name: 'roster-user', private: true, dependencies: { roster: spec } }, null, 2),
  );
  writeFileSync(
    join(dir, 'package-lock.json'),
    JSON.stringify({ name: 'roster-user', lockfileVersion: 3, requires: true, packages }, null, 2),
  );
  try {
    return execFileSync('npm', ['ci', '--offline', '--no-audit', '--no-fund'], {
      cwd: dir,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (caught) {
    const stderr = String((caught as { stderr?: unknown }).stderr ?? caught);
    throw new Error(
      /ENOTCACHED/.test(stderr)
        ? `a dependency is not in the npm cache (run \`npm ci\` in the repository first):\n${stderr}`
        : stderr,
    );
  }
}
