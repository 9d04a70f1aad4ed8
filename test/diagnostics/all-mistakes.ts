/** Every mistake of the corpus, in one list: run by corpus.test.ts, shown by docs/diagnostics.md. */
import type { Mistake } from './corpus-harness.js';
import { config } from './mistakes-config.js';
import { grouped } from './mistakes-grouped.js';
import { habits } from './mistakes-habits.js';
import { incomplete } from './mistakes-incomplete.js';
import { meaning } from './mistakes-meaning.js';
import { strings } from './mistakes-strings.js';
import { words } from './mistakes-words.js';

export const allMistakes: Mistake[] = [
  ...habits,
  ...meaning,
  ...config,
  ...incomplete,
  ...strings,
  ...grouped,
  ...words,
];
