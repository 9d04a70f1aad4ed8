/**
 * `layout: json` (the default): one table per source, under the logical
 * column names unless the mapping renames them; event properties in one JSON
 * `properties` column, page/screen fields there too unless mapped to columns.
 */
import type { Layout } from './layout.js';

export const jsonLayout: Layout = {
  problems: () => [],
  defaultColumn: (logical) => logical,
  relation: (reader, source) => reader.tableRelation(source),
  eventRelation: (reader, source) => reader.tableRelation(source),
  property: (reader, source, name, type, alias) => reader.jsonProperty(source, name, type, alias),
  propertyInTwoSteps: (reader, source, name, type, alias) =>
    reader.jsonPropertyInTwoSteps(source, name, type, alias),
  logicalProperties: (reader, source) => reader.properties(source),
};
