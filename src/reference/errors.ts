/**
 * Thrown when the evaluator cannot give an answer it can stand behind: the IR
 * breaks its own contract (a checker bug), the data does not fit the schema,
 * or an SQL trait has no supplied values. The oracle never guesses.
 */
export class ReferenceEvaluationError extends Error {
  override name = 'ReferenceEvaluationError';
}
