/** Every source layout, by its roster.yaml name: adding one is a file plus a line here. */
import type { SourcesConfig } from '../../project/types.js';
import { jsonLayout } from './json.js';
import type { Layout } from './layout.js';
import { segmentArchiveLayout } from './segment-archive.js';
import { segmentLayout } from './segment.js';

export const LAYOUTS: Record<SourcesConfig['layout'], Layout> = {
  json: jsonLayout,
  segment: segmentLayout,
  segment_archive: segmentArchiveLayout,
};

export type { Layout } from './layout.js';
