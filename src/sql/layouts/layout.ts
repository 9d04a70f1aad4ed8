/**
 * A source layout (roster.yaml `sources.layout`): where the physical rows of
 * each logical source (LANGUAGE.md §6) are and how they read as the logical
 * columns. The SourceReader asks its layout and never branches on a layout's
 * name; one file per layout (`json.ts`, `segment.ts`, `segment-archive.ts`),
 * registered in `index.ts`. Column names come from the mapping
 * (`columns[logical]`) first; a layout only supplies what the mapping leaves out.
 */
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import type { IrAggregation, IrSchema } from '../../ir/ir.js';
import type { LogicalSource } from '../../project/types.js';
import type { Knex } from 'knex';
import type { Dialect, ScalarType, TwoStepJsonProperty } from '../dialect.js';
import type { EventSourceName, FromItem, SourceReader } from '../sources.js';

export interface Layout {
  /** Why this layout cannot be compiled for `dialect` (empty when it can). */
  problems(dialect: Dialect): Diagnostic[];
  /** The physical column of a logical column, property or trait the mapping does not name. */
  defaultColumn(logical: string): string;
  /** The rows of `source` as a FROM item (without its alias): one per call for events, one per entity otherwise. */
  relation(reader: SourceReader, source: LogicalSource): FromItem;
  /**
   * The FROM item of an event source's one staging scan. The aggregations are
   * what the project reads from it (a layout with one table per event reads
   * only those).
   */
  eventRelation(
    reader: SourceReader,
    source: EventSourceName,
    aggregations: readonly IrAggregation[],
  ): FromItem;
  /** A property of the event row `alias` (of `eventRelation`), as `type`. */
  property(
    reader: SourceReader,
    source: EventSourceName,
    name: string,
    type: ScalarType,
    alias: string,
  ): string;
  /**
   * `property` in two steps (`Dialect.jsonPropertyInTwoSteps`), where the
   * layout reads it from the JSON `properties` column and the dialect has
   * them: the staging scan then computes `text` in an inner query. Absent or
   * undefined: `property`.
   */
  propertyInTwoSteps?(
    reader: SourceReader,
    source: EventSourceName,
    name: string,
    type: ScalarType,
    alias: string,
  ): TwoStepJsonProperty | undefined;
  /**
   * The `properties` column of an event's logical relation (`{{ tracks }}`…),
   * over rows of `relation` aliased `s`; `fields` are the page/screen fields
   * that are columns of that relation too.
   */
  logicalProperties(
    reader: SourceReader,
    source: EventSourceName,
    fields: readonly string[],
  ): string;
  /** A whole logical relation the layout builds its own way; undefined for the common shape. */
  logicalRelation?(
    reader: SourceReader,
    source: LogicalSource,
    schema: IrSchema,
  ): Knex.QueryBuilder | undefined;
}
