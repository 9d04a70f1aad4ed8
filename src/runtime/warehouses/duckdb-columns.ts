/**
 * DuckDB's result chunks read column by column into the values the driver's
 * own `getColumnsObjectJS` gives (its JS converter: DOUBLE as a number, BIGINT
 * as a bigint, VARCHAR as a string, TIMESTAMP[TZ] as a Date, a LIST as an
 * array of its converted elements, NULL as null), but straight from the
 * vectors' memory: the driver's per-value path tests validity with BigInt
 * arithmetic, wraps every list in a sliced vector and a value object and
 * keeps a cache of each value it read, which made reading evaluation's
 * results (hundreds of thousands of rows) cost seconds at scale (BENCHMARKS.md).
 * Types without a fast path here are converted by the driver, column by
 * column, so every type reads as it did.
 */
import type { DuckDBDataChunk, DuckDBType, DuckDBValueConverter, JS } from '@duckdb/node-api';
import type * as Bindings from '@duckdb/node-bindings';

/** What this reader needs of the driver, loaded with it (openDuckDb imports no driver before connecting). */
export interface ColumnDriver {
  bindings: typeof Bindings;
  /** The driver's JS converter, for the columns of other types. */
  converter: DuckDBValueConverter<JS>;
  /** DuckDBTypeId's numbers for the types read here. */
  ids: {
    INTEGER: number;
    SMALLINT: number;
    TINYINT: number;
    UINTEGER: number;
    USMALLINT: number;
    UTINYINT: number;
    BIGINT: number;
    DOUBLE: number;
    FLOAT: number;
    VARCHAR: number;
    TIMESTAMP: number;
    TIMESTAMP_TZ: number;
    LIST: number;
  };
}

type Vector = Bindings.Vector;

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const decoder = new TextDecoder();
// The driver's bounds for a JS Date (DuckDBValueConverters: ±8.64e15 ms).
const MAX_DATE_MILLIS = 8640000000000000;
const TWO_32 = 4294967296;

/** A column's reader, or undefined when only the driver's converter reads it. */
type Reader = (driver: ColumnDriver, vector: Vector, rows: number, out: unknown[]) => void;

/** The validity bytes of `vector` (null: every row valid); bit i of byte i >> 3 is row i. */
function validity(driver: ColumnDriver, vector: Vector, rows: number): Uint8Array | null {
  return driver.bindings.vector_get_validity(vector, Math.ceil(rows / 64) * 8) ?? null;
}

function valid(bits: Uint8Array | null, row: number): boolean {
  return bits === null || (bits[row >> 3]! & (1 << (row & 7))) !== 0;
}

/**
 * A duckdb_string_t at `at` of `bytes`: length (4 bytes), then up to 12 bytes
 * inline, else a prefix and a pointer to the bytes. Decoded as the driver
 * decodes (TextDecoder, UTF-8), except short ASCII: its bytes read as Latin-1
 * are the same text, and Buffer's latin1 read skips TextDecoder's call (ids
 * are mostly short ASCII: half the time of reading one).
 */
function stringAt(driver: ColumnDriver, bytes: Buffer, at: number): string {
  const length = bytes.readUInt32LE(at);
  if (length <= 12) {
    const start = at + 4;
    const end = start + length;
    for (let i = start; i < end; i++) {
      if (bytes[i]! >= 0x80) return decoder.decode(bytes.subarray(start, end));
    }
    return bytes.toString('latin1', start, end);
  }
  return decoder.decode(
    driver.bindings.get_data_from_pointer(
      bytes.buffer as ArrayBuffer,
      bytes.byteOffset + at + 8,
      length,
    ),
  );
}

/** How many short strings one column keeps to share (a column of distinct ones stops adding). */
const SHORT_STRINGS = 10000;

/**
 * A VARCHAR column's reader. Strings of up to 6 bytes (report names, plans,
 * countries: a few values repeated over many rows and list elements) are
 * kept by their exact bytes (length and bytes as one integer below 2^51), so
 * each is decoded once per column and its rows share it: at SF 1 a list trait
 * holds a million such elements.
 */
function readStrings(): Reader {
  const short = new Map<number, string>();
  return (driver, vector, rows, out) => {
    const data = driver.bindings.vector_get_data(vector, rows * 16);
    const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    const bits = validity(driver, vector, rows);
    for (let row = 0; row < rows; row++) {
      if (!valid(bits, row)) {
        out.push(null);
        continue;
      }
      const at = row * 16;
      const length = bytes.readUInt32LE(at);
      if (length > 6) {
        out.push(stringAt(driver, bytes, at));
        continue;
      }
      let key = length * 2 ** 48;
      for (let i = 0, unit = 1; i < length; i++, unit *= 256) key += bytes[at + 4 + i]! * unit;
      let text = short.get(key);
      if (text === undefined) {
        text = stringAt(driver, bytes, at);
        if (short.size < SHORT_STRINGS) short.set(key, text);
      }
      out.push(text);
    }
  };
}

/** A typed array over a vector's data: the numeric types are read as the driver reads them. */
interface NumberArray {
  new (buffer: ArrayBufferLike, offset: number, length: number): ArrayLike<number | bigint>;
  readonly BYTES_PER_ELEMENT: number;
}

/** Each numeric type and the typed array its values are (BIGINT as a bigint, like the driver). */
const NUMBER_ARRAYS: ReadonlyArray<[keyof ColumnDriver['ids'], NumberArray]> = [
  ['DOUBLE', Float64Array],
  ['FLOAT', Float32Array],
  ['INTEGER', Int32Array],
  ['UINTEGER', Uint32Array],
  ['SMALLINT', Int16Array],
  ['USMALLINT', Uint16Array],
  ['TINYINT', Int8Array],
  ['UTINYINT', Uint8Array],
  ['BIGINT', BigInt64Array],
];

function readNumbers(Items: NumberArray): Reader {
  return (driver, vector, rows, out) => {
    const bytes = driver.bindings.vector_get_data(vector, rows * Items.BYTES_PER_ELEMENT);
    const items = new Items(bytes.buffer, bytes.byteOffset, rows);
    const bits = validity(driver, vector, rows);
    for (let row = 0; row < rows; row++) out.push(valid(bits, row) ? items[row]! : null);
  };
}

/**
 * Microseconds since the epoch as the driver's Date: `micros / 1000n` (towards
 * zero) milliseconds, refused beyond a Date's range. Exact in doubles while
 * the microseconds are a safe integer (years -285,000 to 287,000); beyond,
 * BigInt as the driver does.
 */
function readTimestamps(what: string): Reader {
  return (driver, vector, rows, out) => {
    const bytes = driver.bindings.vector_get_data(vector, rows * 8);
    const words = new Int32Array(bytes.buffer, bytes.byteOffset, rows * 2);
    const bits = validity(driver, vector, rows);
    for (let row = 0; row < rows; row++) {
      if (!valid(bits, row)) {
        out.push(null);
        continue;
      }
      const high = words[row * 2 + 1]!;
      const micros = high * TWO_32 + (words[row * 2]! >>> 0);
      let millis: number;
      if (Number.isSafeInteger(micros)) {
        millis = (micros - (micros % 1000)) / 1000;
      } else {
        const big = new BigInt64Array(bytes.buffer, bytes.byteOffset + row * 8, 1)[0]!;
        const whole = big / 1000n;
        if (whole < -MAX_DATE_MILLIS || whole > MAX_DATE_MILLIS) {
          throw new Error(`${what} value out of range for JS Date: ${big} micros`);
        }
        millis = Number(whole);
      }
      out.push(new Date(millis));
    }
  };
}

function readerFor(driver: ColumnDriver, type: DuckDBType): Reader | undefined {
  const ids = driver.ids;
  const numbers = NUMBER_ARRAYS.find(([name]) => ids[name] === type.typeId);
  if (numbers) return readNumbers(numbers[1]);
  switch (type.typeId) {
    case ids.VARCHAR:
      return readStrings();
    case ids.TIMESTAMP_TZ:
      return readTimestamps('TIMESTAMPTZ');
    case ids.TIMESTAMP:
      return readTimestamps('TIMESTAMP');
    case ids.LIST: {
      const element = readerFor(driver, (type as DuckDBType & { valueType: DuckDBType }).valueType);
      return element ? readList(element) : undefined;
    }
    default:
      return undefined;
  }
}

/** A LIST: each valid row's entry (offset, length: two uint64) slices the child vector's values. */
function readList(element: Reader): Reader {
  return (driver, vector, rows, out) => {
    const bindings = driver.bindings;
    const child = bindings.list_vector_get_child(vector);
    const size = bindings.list_vector_get_size(vector);
    const values: unknown[] = [];
    if (size > 0) element(driver, child, size, values);
    const bytes = bindings.vector_get_data(vector, rows * 16);
    const words = new Uint32Array(bytes.buffer, bytes.byteOffset, rows * 4);
    const bits = validity(driver, vector, rows);
    for (let row = 0; row < rows; row++) {
      if (!valid(bits, row)) {
        out.push(null);
        continue;
      }
      const offset = words[row * 4]! + words[row * 4 + 1]! * TWO_32;
      const length = words[row * 4 + 2]! + words[row * 4 + 3]! * TWO_32;
      out.push(values.slice(offset, offset + length));
    }
  };
}

/**
 * The chunks of one result as columns named `names` (the driver's
 * de-duplicated names), values as `getColumnsObjectJS` gives them.
 */
export function readColumns(
  driver: ColumnDriver,
  chunks: readonly DuckDBDataChunk[],
  names: readonly string[],
  types: readonly DuckDBType[],
): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = {};
  const readers = types.map((type) => (LITTLE_ENDIAN ? readerFor(driver, type) : undefined));
  names.forEach((name, column) => {
    const values: unknown[] = [];
    const reader = readers[column];
    for (const chunk of chunks) {
      const rows = chunk.rowCount;
      if (rows === 0) continue;
      if (reader) {
        reader(driver, driver.bindings.data_chunk_get_vector(chunk.chunk, column), rows, values);
      } else {
        for (const value of chunk.convertColumnValues(column, driver.converter)) values.push(value);
      }
    }
    out[name] = values;
  });
  return out;
}
