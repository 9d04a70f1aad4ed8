/**
 * The roster grammar: a pure Chevrotain CstParser (no embedded actions) for the
 * surface syntax of LANGUAGE.md §1–§7. The CST is turned into the typed AST by
 * src/syntax/cst-to-ast.ts; the railroad diagrams and CST typings in
 * grammar/generated/ are produced from this class by `npm run generate`.
 *
 * Where the grammar alone would give a poor message it is deliberately wider
 * than the language and the AST builder explains (a bare aggregation without a
 * comparison, units and sync calls as plain names, a count before or after the
 * window). Imports nothing of roster.
 */
import type { IParserErrorMessageProvider } from 'chevrotain';
import { CstParser, tokenMatcher } from './chevrotain.js';
import * as t from './tokens.js';

/**
 * An alternative of `OR`. Built by a function so the arrow is not a named
 * property: under tsx (esbuild `keepNames`) every `{ ALT: () => … }` literal
 * re-names a fresh closure on each rule call, which doubled parse time.
 */
/** Words that start a window (§3), and so may end a `where` filter. */
const windowWords = [t.Within, t.Between, t.Before, t.After];

function alt(ALT: () => unknown): { ALT: () => unknown } {
  return { ALT };
}

/** An alternative taken only when `GATE` holds (built by a function for the same reason as `alt`). */
function gatedAlt(
  GATE: () => boolean,
  ALT: () => unknown,
): { GATE: () => boolean; ALT: () => unknown } {
  return { GATE, ALT };
}

export interface RosterParserOptions {
  errorMessageProvider?: IParserErrorMessageProvider;
}

export class RosterParser extends CstParser {
  constructor(options: RosterParserOptions = {}) {
    super(t.allTokens, {
      recoveryEnabled: true,
      maxLookahead: 3,
      // Node offsets give every AST node its source range without walking tokens.
      nodeLocationTracking: 'onlyOffset',
      ...(options.errorMessageProvider
        ? { errorMessageProvider: options.errorMessageProvider }
        : {}),
    });
    this.performSelfAnalysis();
  }

  /**
   * A rule whose errors Chevrotain recovers from only by inserting or deleting a
   * single token. Re-synchronising (skipping to a follow token) is turned off:
   * `parse` recovers per definition instead, and re-sync on every nested rule
   * made a line like `a and and and …` cost milliseconds per `and`.
   */
  private rule<F extends (...args: never[]) => void>(name: string, implementation: F) {
    return this.RULE(name, implementation, { resyncEnabled: false });
  }

  // ---------------------------------------------------------------- definitions

  /** A whole file. `parse()` splits the tokens per definition and calls `definition` for each. */
  public program = this.RULE('program', () => {
    this.MANY(() => this.SUBRULE(this.definition));
  });

  public definition = this.rule('definition', () => {
    this.OR([
      alt(() => this.SUBRULE(this.traitDefinition)),
      alt(() => this.SUBRULE(this.audienceDefinition)),
      alt(() => this.SUBRULE(this.syncDefinition)),
      alt(() => this.SUBRULE(this.splitDefinition)),
    ]);
  });

  /** `split NAME = AUDIENCE into PART P%, PART P% [, …]` (LANGUAGE.md §12.5). */
  private splitDefinition = this.rule('splitDefinition', () => {
    this.CONSUME(t.Split);
    this.CONSUME(t.Name);
    this.CONSUME(t.Equals);
    this.CONSUME2(t.Name);
    this.CONSUME(t.Into);
    this.SUBRULE(this.splitPart);
    this.MANY(() => {
      this.CONSUME(t.Comma);
      this.SUBRULE2(this.splitPart);
    });
  });

  /** `PART P%`: a part of a split and its share of the members. */
  private splitPart = this.rule('splitPart', () => {
    this.CONSUME(t.Name);
    this.CONSUME(t.NumberLiteral);
    this.CONSUME(t.Percent);
  });

  /** `trait NAME = ENTITY AGGREGATION` or `trait NAME = ENTITY sql TYPE """ … """`. */
  private traitDefinition = this.rule('traitDefinition', () => {
    this.CONSUME(t.Trait);
    this.CONSUME(t.Name);
    this.CONSUME(t.Equals);
    this.SUBRULE(this.entity);
    this.OR([alt(() => this.SUBRULE(this.sqlBody)), alt(() => this.SUBRULE(this.aggregation))]);
  });

  private sqlBody = this.rule('sqlBody', () => {
    this.CONSUME(t.Sql);
    this.SUBRULE(this.valueType);
    this.CONSUME(t.SqlBlock);
  });

  /** `string`, `number`, … — a plain name here, checked by the AST builder. */
  private valueType = this.rule('valueType', () => {
    this.CONSUME(t.Identifier);
  });

  /** `audience NAME = ENTITY where CONDITION`. */
  private audienceDefinition = this.rule('audienceDefinition', () => {
    this.CONSUME(t.Audience);
    this.CONSUME(t.Name);
    this.CONSUME(t.Equals);
    this.SUBRULE(this.entity);
    this.CONSUME(t.Where);
    this.SUBRULE(this.orCondition);
  });

  /** `sync NAME to DESTINATION with CALL, CALL, …`. */
  private syncDefinition = this.rule('syncDefinition', () => {
    this.CONSUME(t.Sync);
    this.CONSUME(t.Name);
    this.CONSUME(t.To);
    this.CONSUME2(t.Name);
    this.CONSUME(t.With);
    this.SUBRULE(this.syncCall);
    this.MANY(() => {
      this.CONSUME(t.Comma);
      this.SUBRULE2(this.syncCall);
    });
  });

  /** `group`, `identify`, `track (entered = "…", exited = "…")`. */
  private syncCall = this.rule('syncCall', () => {
    this.CONSUME(t.Identifier);
    this.OPTION(() => {
      this.CONSUME(t.LParen);
      this.SUBRULE(this.syncOption);
      this.MANY(() => {
        this.CONSUME(t.Comma);
        this.SUBRULE2(this.syncOption);
      });
      this.CONSUME(t.RParen);
    });
  });

  private syncOption = this.rule('syncOption', () => {
    this.CONSUME(t.AnyWord);
    this.CONSUME(t.Equals);
    this.CONSUME(t.StringLiteral);
  });

  private entity = this.rule('entity', () => {
    this.OR([alt(() => this.CONSUME(t.Account)), alt(() => this.CONSUME(t.User))]);
  });

  // ---------------------------------------------------------------- conditions
  // Precedence (LANGUAGE.md §4): not > and > or.

  private orCondition = this.rule('orCondition', () => {
    this.SUBRULE(this.andCondition);
    this.MANY(() => {
      this.CONSUME(t.Or);
      this.SUBRULE2(this.andCondition);
    });
  });

  private andCondition = this.rule('andCondition', () => {
    this.SUBRULE(this.notCondition);
    this.MANY(() => {
      this.CONSUME(t.And);
      this.SUBRULE2(this.notCondition);
    });
  });

  /** `countBody`: the body of a `count users` (§12.4), whose parentheses take no test. */
  private notCondition = this.rule('notCondition', (countBody?: boolean) => {
    this.MANY(() => this.CONSUME(t.Not));
    this.SUBRULE(this.atom, { ARGS: [countBody] });
  });

  private atom = this.rule('atom', (countBody?: boolean) => {
    this.OR([
      alt(() => this.SUBRULE(this.didCondition)),
      alt(() => this.SUBRULE(this.stoppedCondition)),
      alt(() => this.SUBRULE(this.inAudience)),
      alt(() => this.SUBRULE(this.accountCondition)),
      alt(() => this.SUBRULE(this.quantified)),
      alt(() => this.SUBRULE(this.group, { ARGS: [countBody] })),
      alt(() => this.SUBRULE(this.aggregateTest)),
      alt(() => this.SUBRULE(this.nameTest)),
    ]);
  });

  /**
   * `did EVENT [where FILTER] [COUNT] [WINDOW]`, then a lifecycle tail (§12.3) or
   * later steps (§12.2), not both: neither form says what the other would mean.
   */
  private didCondition = this.rule('didCondition', () => {
    this.CONSUME(t.Did);
    this.SUBRULE(this.eventMatch);
    this.OPTION(() =>
      this.OR([
        alt(() => this.SUBRULE(this.lifecycleTail)),
        alt(() => this.AT_LEAST_ONE(() => this.SUBRULE(this.sequenceStep))),
      ]),
    );
  });

  /**
   * `EVENT [where FILTER] [COUNT] [WINDOW]`: the events a `did` or a step of a
   * sequence matches. The filter extends as far as it can (§4.2): it is a full
   * condition, so it stops only at a word that cannot continue a condition — the
   * count, the window, `then`, `for`, `in at least`, `)` or the end. The count may
   * also follow the window (sugar; the AST builder rejects two counts).
   */
  private eventMatch = this.rule('eventMatch', () => {
    this.SUBRULE(this.eventRef);
    this.OPTION(() => {
      this.CONSUME(t.Where);
      this.SUBRULE(this.orCondition);
    });
    this.OPTION2(() => this.SUBRULE(this.eventCount));
    this.OPTION3(() => this.SUBRULE(this.window));
    this.OPTION4(() => this.SUBRULE2(this.eventCount));
  });

  /**
   * `then EVENT [where FILTER] [WINDOW]`: a later step of a sequence (LANGUAGE.md
   * §12.2). Wider than the language: any window and a count parse here, and the
   * checker explains (a later step takes only `within N UNITS`; a sequence has no count).
   */
  private sequenceStep = this.rule('sequenceStep', () => {
    this.CONSUME(t.Then);
    this.SUBRULE(this.eventMatch);
  });

  /**
   * After a `did` (§12.3): `for the first time WINDOW`, or `in at least K of the
   * last M UNITS`. `the`, `time` and `of` are names here, checked by the AST
   * builder; a `where` filter ends before `for` and before `in at least` (a
   * list test is `in [`).
   */
  private lifecycleTail = this.rule('lifecycleTail', () => {
    this.OR([
      alt(() => {
        this.CONSUME(t.For);
        this.CONSUME(t.Identifier);
        this.CONSUME(t.First);
        this.CONSUME2(t.Identifier);
        this.SUBRULE(this.window);
      }),
      alt(() => {
        this.CONSUME(t.In);
        this.CONSUME(t.At);
        this.CONSUME(t.Least);
        this.CONSUME(t.NumberLiteral);
        this.CONSUME3(t.Identifier);
        this.CONSUME4(t.Identifier);
        this.CONSUME(t.Last);
        this.CONSUME2(t.NumberLiteral);
        this.SUBRULE(this.timeUnit);
      }),
    ]);
  });

  /** `stopped doing EVENT [where FILTER] for N UNITS` (§12.3). */
  private stoppedCondition = this.rule('stoppedCondition', () => {
    this.CONSUME(t.Stopped);
    this.CONSUME(t.Doing);
    this.SUBRULE(this.eventRef);
    this.OPTION(() => {
      this.CONSUME(t.Where);
      this.SUBRULE(this.orCondition);
    });
    this.CONSUME(t.For);
    this.CONSUME(t.NumberLiteral);
    this.SUBRULE(this.timeUnit);
  });

  /** `in AUDIENCE`. `not in X` is `not` applied to this atom. */
  private inAudience = this.rule('inAudience', () => {
    this.CONSUME(t.In);
    this.CONSUME(t.Name);
  });

  /** `account in AUDIENCE` or `account.NAME TEST` (user context, §4.3, §4.5). */
  private accountCondition = this.rule('accountCondition', () => {
    this.CONSUME(t.Account);
    this.OR([
      alt(() => {
        this.CONSUME(t.In);
        this.CONSUME(t.Name);
      }),
      alt(() => {
        this.CONSUME(t.Dot);
        this.CONSUME(t.AnyWord);
        this.SUBRULE(this.test);
      }),
    ]);
  });

  /** `any user C`, `all users C`, `no user C`, `at least N users C`, … — C is one (possibly negated) atom (§4.4). */
  private quantified = this.rule('quantified', () => {
    this.OR([
      alt(() => this.CONSUME(t.Any)),
      alt(() => this.CONSUME(t.All)),
      alt(() => this.CONSUME(t.No)),
      alt(() => {
        this.CONSUME(t.At);
        this.OR2([alt(() => this.CONSUME(t.Least)), alt(() => this.CONSUME(t.Most))]);
        this.CONSUME(t.NumberLiteral);
      }),
      alt(() => {
        this.CONSUME(t.Exactly);
        this.CONSUME2(t.NumberLiteral);
      }),
    ]);
    this.SUBRULE(this.userUnit);
    this.SUBRULE(this.notCondition);
  });

  /** `user` or `users` (a name here, so a trait may be called `users`). */
  private userUnit = this.rule('userUnit', () => {
    this.OR([alt(() => this.CONSUME(t.User)), alt(() => this.CONSUME(t.Identifier))]);
  });

  /**
   * `( CONDITION )`, optionally followed by a test: `(last "Logged In") before "2026-01-01"`
   * compares a parenthesised aggregation (§4.6); the AST builder checks the inside is one.
   */
  private group = this.rule('group', (countBody?: boolean) => {
    // A window word after `)` belongs to the group only when the group is an
    // aggregation; otherwise it is the window of the enclosing `did … where`, so
    // `did "X" where a = 1 and (b = 2 or c = 3) within 30 days` keeps its window.
    // Other tests after any group are accepted here and explained by the AST builder.
    // `(count users …)` is an aggregation too, so `(count users C) between 1 and 5`
    // compares the count (§12.4), as `roster fmt` writes it.
    const wrapsAggregation =
      tokenMatcher(this.LA(2), t.AggregationFn) &&
      ([t.StringLiteral, t.Page, t.Screen].some((type) => tokenMatcher(this.LA(3), type)) ||
        ['users', 'user'].includes(this.LA(3).image));
    this.CONSUME(t.LParen);
    this.SUBRULE(this.orCondition);
    this.CONSUME(t.RParen);
    // As the body of `count users`, a test after `)` compares the count (§12.4).
    // `in at least` after `)` is the lifecycle tail of the enclosing `did … where`
    // (§12.2: a filter ends there), never a list test, which is `in [`.
    this.OPTION({
      GATE: () =>
        countBody !== true &&
        (wrapsAggregation || !windowWords.some((type) => tokenMatcher(this.LA(1), type))) &&
        !(tokenMatcher(this.LA(1), t.In) && tokenMatcher(this.LA(2), t.At)),
      DEF: () => this.SUBRULE(this.test),
    });
  });

  /** An inline aggregate (§4.6); the test is optional only so `( … )` can wrap one. */
  private aggregateTest = this.rule('aggregateTest', () => {
    this.SUBRULE(this.aggregation);
    this.OPTION(() => this.SUBRULE(this.test));
  });

  /** `NAME TEST`: a trait, or inside `where` an event property. */
  private nameTest = this.rule('nameTest', () => {
    this.CONSUME(t.Name);
    this.SUBRULE(this.test);
  });

  // ---------------------------------------------------------------- tests

  private test = this.rule('test', () => {
    this.OR([
      alt(() => {
        this.CONSUME(t.ComparisonOp);
        this.SUBRULE(this.literal);
      }),
      alt(() => {
        this.CONSUME(t.In);
        this.SUBRULE(this.list);
      }),
      alt(() => {
        this.CONSUME(t.Not);
        this.CONSUME2(t.In);
        this.SUBRULE2(this.list);
      }),
      alt(() => {
        this.CONSUME(t.Contains);
        this.OR2([
          alt(() => {
            this.CONSUME(t.Any);
            this.SUBRULE3(this.list);
          }),
          alt(() => {
            this.CONSUME(t.All);
            this.SUBRULE4(this.list);
          }),
          alt(() => this.SUBRULE2(this.literal)),
        ]);
      }),
      alt(() => {
        this.CONSUME(t.Starts);
        this.CONSUME(t.With);
        this.SUBRULE3(this.literal);
      }),
      alt(() => {
        this.CONSUME(t.Ends);
        this.CONSUME2(t.With);
        this.SUBRULE4(this.literal);
      }),
      alt(() => {
        this.CONSUME(t.Is);
        this.OR3([
          alt(() => this.CONSUME(t.True)),
          alt(() => this.CONSUME(t.False)),
          alt(() => this.CONSUME(t.SetWord)),
          alt(() => {
            this.CONSUME2(t.Not);
            this.CONSUME2(t.SetWord);
          }),
        ]);
      }),
      alt(() => this.SUBRULE(this.window)),
    ]);
  });

  // ---------------------------------------------------------------- events and time

  /** `"Event Name"`, `page` or `screen`. */
  private eventRef = this.rule('eventRef', () => {
    this.OR([
      alt(() => this.CONSUME(t.StringLiteral)),
      alt(() => this.CONSUME(t.Page)),
      alt(() => this.CONSUME(t.Screen)),
    ]);
  });

  /** `at least N times`, `at most N times`, `exactly N times`, `more than N times`, `fewer than N times`. */
  private eventCount = this.rule('eventCount', () => {
    this.OR([
      alt(() => {
        this.CONSUME(t.At);
        this.OR2([alt(() => this.CONSUME(t.Least)), alt(() => this.CONSUME(t.Most))]);
      }),
      alt(() => this.CONSUME(t.Exactly)),
      alt(() => {
        this.CONSUME(t.More);
        this.CONSUME(t.Than);
      }),
      alt(() => {
        this.CONSUME(t.Fewer);
        this.CONSUME2(t.Than);
      }),
    ]);
    this.CONSUME(t.NumberLiteral);
    this.SUBRULE(this.countUnit);
  });

  /** `time` or `times` (a name here; checked by the AST builder). */
  private countUnit = this.rule('countUnit', () => {
    this.CONSUME(t.Identifier);
  });

  /** `within N units`, `between A and B`, `before D`, `after D` (§3); `between N and M units ago`, `before N units ago` (§12.1). */
  private window = this.rule('window', () => {
    this.OR([
      alt(() => {
        this.CONSUME(t.Within);
        this.CONSUME(t.NumberLiteral);
        this.SUBRULE(this.timeUnit);
      }),
      alt(() => {
        this.CONSUME(t.Between);
        this.SUBRULE(this.literal);
        // `between 1 day and 2 weeks ago`: a unit after the first bound is read
        // only so the checker can explain the mix of units.
        this.OPTION(() => this.SUBRULE2(this.timeUnit));
        this.CONSUME(t.And);
        this.SUBRULE2(this.literal);
        this.OPTION2(() => this.SUBRULE(this.agoSuffix));
      }),
      alt(() => {
        this.CONSUME(t.Before);
        this.SUBRULE3(this.literal);
        this.OPTION3(() => this.SUBRULE2(this.agoSuffix));
      }),
      alt(() => {
        this.CONSUME(t.After);
        this.SUBRULE4(this.literal);
      }),
    ]);
  });

  /**
   * `UNITS ago` after the bounds of a rolling window (§12.1): `between 7 and 14
   * days ago`, `before 30 days ago`. `ago` is a name here, like the unit: a
   * missing or misspelt `ago` is explained by the AST builder.
   */
  private agoSuffix = this.rule('agoSuffix', () => {
    this.SUBRULE(this.timeUnit);
    this.OPTION(() => this.CONSUME(t.Identifier));
  });

  /** `minute(s)`, `hour(s)`, `day(s)`, `week(s)` (a name here; checked by the AST builder). */
  private timeUnit = this.rule('timeUnit', () => {
    this.CONSUME(t.Identifier);
  });

  /**
   * `count EVENT [where F] [WINDOW] [min N]`, `sum EVENT.prop …` (§5), or
   * `count users [C]` (§12.4), C taken as a quantifier takes its body (§4.4).
   * Wider than the language: any function may precede `users` (the AST builder
   * says only `count` counts users).
   */
  private aggregation = this.rule('aggregation', () => {
    this.CONSUME(t.AggregationFn);
    this.OR([
      // Only the words `users`/`user`: any other bare word is an event name missing its quotes.
      gatedAlt(
        () => ['users', 'user'].includes(this.LA(1).image),
        () => {
          this.SUBRULE(this.userUnit);
          // A body in parentheses leaves a comparison after it to the count (`count users (…) >= 2`).
          this.OPTION5(() => this.SUBRULE(this.notCondition, { ARGS: [true] }));
        },
      ),
      alt(() => {
        this.SUBRULE(this.eventRef);
        this.OPTION(() => {
          this.CONSUME(t.Dot);
          this.CONSUME(t.AnyWord);
        });
        this.OPTION2(() => {
          this.CONSUME(t.Where);
          this.SUBRULE(this.orCondition);
        });
        this.OPTION3(() => this.SUBRULE(this.window));
        this.OPTION4(() => {
          this.CONSUME(t.Min);
          this.CONSUME(t.NumberLiteral);
        });
      }),
    ]);
  });

  // ---------------------------------------------------------------- literals

  private literal = this.rule('literal', () => {
    this.OR([alt(() => this.SUBRULE(this.scalar)), alt(() => this.SUBRULE(this.list))]);
  });

  private scalar = this.rule('scalar', () => {
    this.OR([
      alt(() => this.CONSUME(t.StringLiteral)),
      alt(() => this.CONSUME(t.NumberLiteral)),
      alt(() => this.CONSUME(t.True)),
      alt(() => this.CONSUME(t.False)),
    ]);
  });

  private list = this.rule('list', () => {
    this.CONSUME(t.LBracket);
    this.OPTION(() => {
      this.SUBRULE(this.scalar);
      this.MANY(() => {
        this.CONSUME(t.Comma);
        this.SUBRULE2(this.scalar);
      });
    });
    this.CONSUME(t.RBracket);
  });
}
