/**
 * Writes the docs site: the page and its script and styles (site/ in the
 * package), the project's data as `data.js` (a script, because a page opened
 * from disk may not fetch files), and copies of the graph and chart
 * libraries' browser builds, so nothing is fetched at view time.
 */
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { packageFile } from '../project/package-root.js';
import type { DocsSite } from './site-data.js';

const require = createRequire(import.meta.url);

/**
 * The browser builds, found next to each package's main entry (their
 * `exports` maps do not expose the files themselves).
 */
export const VENDOR_FILES: ReadonlyArray<{ pkg: string; file: string }> = [
  { pkg: 'cytoscape', file: 'cytoscape.min.js' },
  { pkg: 'cytoscape-dagre', file: 'cytoscape-dagre.min.js' },
  { pkg: 'chart.js', file: 'chart.umd.min.js' },
];

function vendorPath(pkg: string, file: string): string {
  return join(dirname(require.resolve(pkg)), file);
}

/** JSON as a script: `<` escaped so no text in it can end a script element either. */
export function dataScript(site: DocsSite): string {
  const json = JSON.stringify(site)
    .replace(/</g, '\\u003c')
    .replace(/\u2028|\u2029/g, (c) => (c === '\u2028' ? '\\u2028' : '\\u2029'));
  return `// Written by roster docs: the project as the page shows it.\nwindow.ROSTER_DOCS = ${json};\n`;
}

/** Writes the site into `outDir` (created if needed; files roster writes are replaced). */
export function writeSite(outDir: string, site: DocsSite): string[] {
  const assets = join(outDir, 'assets');
  mkdirSync(join(assets, 'vendor'), { recursive: true });
  const written: string[] = [];
  const copy = (from: string, to: string) => {
    copyFileSync(from, join(outDir, to));
    written.push(to);
  };
  copy(packageFile('site/index.html'), 'index.html');
  copy(packageFile('site/roster-docs.js'), 'assets/roster-docs.js');
  copy(packageFile('site/roster-docs.css'), 'assets/roster-docs.css');
  for (const v of VENDOR_FILES) copy(vendorPath(v.pkg, v.file), `assets/vendor/${v.file}`);
  writeFileSync(join(outDir, 'data.js'), dataScript(site));
  written.push('data.js');
  return written;
}
