/**
 * Wrong language-v2 programs (LANGUAGE.md §12) for the checker's diagnostics
 * corpus (errors.test.ts): splits (shares, names, what a split may divide),
 * sequences (counts, later steps' windows, entity) and `count users` (context, body, cycles).
 */
const PRO = 'audience pro = account where plan = "pro"\n';

/** Wrong splits (LANGUAGE.md §12.5). */
export const splitCases = [
  {
    name: 'a share of 0%',
    src: `${PRO}split s = pro into a 0%, b 100%`,
    code: 'split-percent-not-positive',
    at: '0%',
    message: 'the share of `a` is 0%: every part needs more than 0%',
  },
  {
    name: 'a negative share',
    src: `${PRO}split s = pro into a -10%, b 110%`,
    code: 'split-percent-not-positive',
    at: '-10%',
    message: 'the share of `a` is -10%: every part needs more than 0%',
  },
  {
    name: 'a share with three decimals',
    src: `${PRO}split s = pro into a 12.505%, b 87.5%`,
    code: 'split-percent-precision',
    at: '12.505%',
    message: 'the share of `a` is 12.505%: a share has at most two decimals',
  },
  {
    name: 'shares short of 100%',
    src: `${PRO}split s = pro into a 10%, b 80%`,
    code: 'split-percent-sum',
    at: 'split s = pro into a 10%, b 80%',
    message: 'the parts of split `s` add up to 90%, not 100%',
  },
  {
    // 33.33 + 33.33 + 33.33 is 99.99 in basis points, whatever floating point would round to.
    name: 'thirds that miss 100% by a basis point',
    src: `${PRO}split s = pro into a 33.33%, b 33.33%, c 33.33%`,
    code: 'split-percent-sum',
    at: 'split s = pro into a 33.33%, b 33.33%, c 33.33%',
    message: 'the parts of split `s` add up to 99.99%, not 100%',
  },
  {
    name: 'a split of an unknown audience',
    src: `${PRO}split s = prp into a 50%, b 50%`,
    code: 'name-unknown-audience',
    at: 'prp',
    message: 'unknown audience `prp`',
    hints: ['did you mean `pro`?'],
  },
  {
    name: 'a split of a trait',
    src: 'trait logins = account count "Logged In"\nsplit s = logins into a 50%, b 50%',
    code: 'name-trait-as-audience',
    at: 'logins',
    after: 'split s = ',
    message: '`logins` is a trait, not an audience',
    hints: [
      'a split divides the members of an audience: name one defined with `audience NAME = …`',
    ],
  },
  {
    name: 'a part named like an existing audience',
    src: `${PRO}split s = pro into pro 50%, b 50%`,
    code: 'name-duplicate',
    at: 'pro',
    after: 'into ',
    message: '`pro` is defined more than once',
    hints: ['rename one of them: names are unique across all files of a project'],
  },
  {
    name: 'two parts with one name',
    src: `${PRO}split s = pro into a 50%, a 50%`,
    code: 'name-duplicate',
    at: 'a',
    after: '50%, ',
    message: '`a` is defined more than once',
    hints: ['rename one of them: names are unique across all files of a project'],
  },
  {
    name: 'the split name used as an audience',
    src: `${PRO}split s = pro into a 50%, b 50%\naudience x = account where in s`,
    code: 'name-split-not-audience',
    at: 's',
    after: 'where in ',
    message: '`s` is a split, not an audience',
    hints: ['its parts are the audiences: `in a`, `in b`'],
  },
  {
    name: 'the split name synced',
    src: `${PRO}split s = pro into a 50%, b 50%\nsync s to zendesk with group`,
    code: 'name-split-not-audience',
    at: 's',
    after: 'sync ',
    message: '`s` is a split, not an audience',
    hints: ['sync one of its parts: `a`, `b`'],
  },
  {
    name: 'a split of a split name',
    src: `${PRO}split s = pro into a 50%, b 50%\nsplit t = s into c 50%, d 50%`,
    code: 'name-split-not-audience',
    at: 's',
    after: 'split t = ',
    message: '`s` is a split, not an audience',
    hints: ['split one of its parts instead: `a`, `b`'],
  },
];

/** Wrong sequences (LANGUAGE.md §12.2). */
export const sequenceCases = [
  {
    name: 'a count on a sequence',
    src: 'audience a = user where did "Logged In" at least 2 times then "Invite Sent"',
    code: 'sequence-count',
    at: 'at least 2 times',
    message: 'a sequence cannot have a count: `at least 2 times`',
  },
  {
    name: 'a count on a later step',
    src: 'audience a = user where did "Logged In" then "Invite Sent" exactly 1 time',
    code: 'sequence-count',
    at: 'exactly 1 time',
    message: 'a sequence cannot have a count: `exactly 1 time`',
  },
  {
    name: 'a date window on a later step',
    src: 'audience a = user where did "Logged In" then "Invite Sent" after "2026-01-01"',
    code: 'sequence-step-window',
    at: 'after "2026-01-01"',
    message:
      '`after "2026-01-01"` cannot bound a later step of a sequence: only `within N UNITS` of the previous step can',
  },
  {
    name: 'a sequence directly in account context',
    src: 'audience a = account where did "Logged In" then "Invite Sent"',
    code: 'entity-user-atom-in-account-context',
    at: 'did "Logged In" then "Invite Sent"',
    message: "`did` tests a user's events, but this condition is about an account",
    hints: [
      'to ask whether some user of the account did it, write `any user did "Logged In" then "Invite Sent"`',
      'for every user write `all users did "Logged In" then "Invite Sent"`, for none `no user did "Logged In" then "Invite Sent"`',
    ],
  },
];

/** Wrong `count users` (LANGUAGE.md §12.4). */
export const userCountCases = [
  {
    name: 'count users in a user trait',
    src: 'trait n = user count users role = "Admin"',
    code: 'entity-user-count-outside-account',
    at: 'count users role = "Admin"',
    message:
      '`count users role = "Admin"` counts the users of an account, but a `user` trait is about a user',
    hints: ['define it on `account`: `trait n = account count users role = "Admin"`'],
  },
  {
    name: 'count users inline in a user audience',
    src: 'audience a = user where count users did "Logged In" within 30 days >= 2',
    code: 'entity-user-count-outside-account',
    at: 'count users did "Logged In" within 30 days',
    message:
      '`count users did "Logged In" within 30 days` counts the users of an account, but this condition is about a user',
    hints: [
      'define an account trait, `trait user_count = account count users did "Logged In" within 30 days`, and test it on the user\'s accounts: `account.user_count >= 2`',
    ],
  },
  {
    name: 'count users inside a quantifier body',
    src: 'audience a = account where any user count users > 1',
    code: 'entity-user-count-outside-account',
    at: 'count users',
    message: '`count users` counts the users of an account, but this condition is about a user',
    hints: [
      "define an account trait, `trait user_count = account count users`, and test it on the user's accounts: `account.user_count > 1`",
    ],
  },
  {
    name: 'count users without memberships',
    src: 'trait n = account count users',
    disabled: ['memberships' as const],
    code: 'check-missing-source',
    at: 'count users',
    message: '`count users` needs the `memberships` source, which roster.yaml does not configure',
    hints: ['configure `sources.memberships` in roster.yaml, or remove what needs it'],
  },
  {
    name: 'an account trait in the body of count users',
    src: 'trait n = account count users plan = "pro"',
    code: 'entity-account-trait-in-user-context',
    at: 'plan',
    after: 'users ',
    message: '`plan` is an account trait, but this condition is about a user',
    hints: ['to test the user\'s accounts, write `account.plan = "pro"`'],
  },
  {
    name: 'a count users trait counting through itself',
    src: 'trait n = account count users account.n > 1',
    code: 'name-cycle',
    at: 'n',
    message: 'definitions refer to each other in a cycle: n → n',
    hints: ['a definition cannot depend on itself: remove one of these references'],
  },
  {
    name: 'count users compared with a string',
    src: 'audience a = account where count users role = "Admin" = "x"',
    code: 'type-literal-mismatch',
    at: '"x"',
    message: '`count users` is a number, but `"x"` is a string',
    hints: [
      '`count users` holds numbers: compare it with a number written without quotes, like `10`',
    ],
  },
  {
    // The parenthesised form `roster fmt` prints for a numeric `between` (§4.1, §4.6).
    name: 'count users between reversed bounds',
    src: 'audience a = account where (count users role = "Admin") between 5 and 1',
    code: 'type-between-reversed',
    at: 'between 5 and 1',
    message: '`between 5 and 1` is empty: the first bound must come before the second',
    hints: ['write `between 1 and 5`'],
  },
  {
    // A window after `(count users …)` is the count's test, as after `(count "E")` (§4.6).
    name: 'count users with a time window',
    src: 'audience a = account where (count users role = "Admin") within 5 days',
    code: 'type-operator-mismatch',
    at: 'within 5 days',
    message: '`within` does not apply to `count users`, which is a number',
    hints: ['a number supports `=` `!=` `<` `<=` `>` `>=` `between A and B` `in [..]` `is set`'],
  },
];
