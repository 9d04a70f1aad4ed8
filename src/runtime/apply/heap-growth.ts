/**
 * How far V8 lets its old generation grow past what the last full
 * collection kept, while calls are delivered.
 *
 * V8 grows the old generation up to about four times what survived the last
 * full collection before it collects again, when memory is plentiful.
 * Delivery allocates fast and keeps a little of every page alive across a
 * young-generation collection (1–3 MB promoted per collection, a fourth of
 * what each one found alive), so that headroom fills with dead calls: the
 * heap rose from ~28 to ~130 MB and back, a sawtooth that made the delivery
 * phase's own memory +113 MB at 1 M calls against +44 MB at 100,000
 * (BENCHMARKS.md, 2026-12-05 afternoon). With the growth factor at 1.2 the
 * old generation stays near what is live (+45 MB at 1 M calls), for a few
 * dozen more full collections of a ~28 MB heap per million calls.
 *
 * V8 reads `--heap-growing-percent` each time it sets the next limit, so
 * setting it while the process runs takes effect at the next full
 * collection; 0 gives V8 its own heuristic back. Node warns that flags set
 * after start-up may do nothing: then the heap only grows as before.
 * https://nodejs.org/api/v8.html#v8setflagsfromstringflags
 */
import v8 from 'node:v8';

/** Old-generation growth while delivering: 1.2 × what the last full collection kept. */
const DELIVERY_HEAP_GROWING_PERCENT = 20;

/** Deliveries running in this process (tests run several): V8's heuristic returns after the last. */
let bounded = 0;

/** Bounds the old generation's growth until the returned function is called (once). */
export function boundHeapGrowth(): () => void {
  if (bounded++ === 0)
    v8.setFlagsFromString(`--heap-growing-percent=${DELIVERY_HEAP_GROWING_PERCENT}`);
  let restored = false;
  return () => {
    if (restored) return;
    restored = true;
    if (--bounded === 0) v8.setFlagsFromString('--heap-growing-percent=0');
  };
}
