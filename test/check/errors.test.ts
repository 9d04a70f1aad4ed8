/**
 * The checker's diagnostics, one wrong program at a time: code, position (the
 * exact text the range covers), message and hints, written from LANGUAGE.md.
 */
import { describe, expect, it } from 'vitest';
import type { CheckConfig } from '../../src/check/check.js';
import { CHECK_HELP, type CheckCode } from '../../src/check/messages.js';
import { check } from './fixtures.js';
import { sequenceCases, splitCases, userCountCases } from './v2-errors.js';

interface Case {
  name: string;
  src: string;
  code: string;
  /** The text the diagnostic's range covers: its first occurrence in `src` (after `after`, when given), or the `nth`. */
  at: string;
  after?: string;
  nth?: number;
  message: string;
  hints?: string[];
  disabled?: CheckConfig['sources']['disabled'];
  warnUnused?: boolean;
}

const S =
  'a string supports `=` `!=` `in [..]` `not in [..]` `contains` `starts with` `ends with` `is set`';
const N = 'a number supports `=` `!=` `<` `<=` `>` `>=` `between A and B` `in [..]` `is set`';
const B = 'a boolean supports `is true` `is false` `= true` `= false` `is set`';
const L = 'a list supports `contains "x"` `contains any [..]` `contains all [..]` `is set`';
const TS_HINT =
  'write a date like "2026-01-31" (midnight UTC) or an instant like "2026-01-31T12:00:00Z"';
const PLACEHOLDERS =
  'the placeholders are `{{ tracks }}`, `{{ pages }}`, `{{ screens }}`, `{{ users }}`, `{{ accounts }}`, `{{ memberships }}`, `{{ now }}`';
const U = 'audience u = user where beta is true\n';
const ACC = 'audience acc = account where plan = "pro"\n';

const cases: Case[] = [
  // ------------------------------------------------------------ names
  {
    name: 'duplicate audience',
    src: 'audience a = user where beta is true\naudience a = user where beta is false',
    code: 'name-duplicate',
    at: 'a',
    after: 'beta is true\naudience ',
    message: '`a` is defined more than once',
    hints: ['rename one of them: names are unique across all files of a project'],
  },
  {
    name: 'computed trait named like a schema trait',
    src: 'trait seats = account count "Logged In"',
    code: 'name-duplicate',
    at: 'seats',
    message: '`seats` is already an account trait in schema.yml',
    hints: ['rename the computed trait: a trait name means one value'],
  },
  {
    name: 'the same sync twice',
    src: `${U}sync u to zendesk with identify\nsync u to zendesk with track`,
    code: 'name-duplicate',
    at: 'u to zendesk',
    nth: 2,
    message: '`u to zendesk` is defined more than once',
  },
  {
    name: 'unknown account trait with suggestion',
    src: 'audience a = account where seets > 5',
    code: 'name-unknown-trait',
    at: 'seets',
    message: 'unknown trait `seets`: no account trait has this name',
    hints: ['did you mean `seats`?'],
  },
  {
    name: 'unknown user trait with suggestion',
    src: 'audience a = user where rol = "Admin"',
    code: 'name-unknown-trait',
    at: 'rol',
    message: 'unknown trait `rol`: no user trait has this name',
    hints: ['did you mean `role`?'],
  },
  {
    name: 'unknown account trait after account.',
    src: 'audience a = user where account.plam = "pro"',
    code: 'name-unknown-trait',
    at: 'plam',
    message: 'unknown trait `plam`: no account trait has this name',
    hints: ['did you mean `plan`?'],
  },
  {
    name: 'unknown trait, nothing close',
    src: 'audience a = user where zzz is set',
    code: 'name-unknown-trait',
    at: 'zzz',
    message: 'unknown trait `zzz`: no user trait has this name',
  },
  {
    name: 'unknown trait suggests a defined trait of the project',
    src: 'trait logins_30d = user count "Logged In" within 30 days\naudience a = user where logins_3d > 1',
    code: 'name-unknown-trait',
    at: 'logins_3d',
    message: 'unknown trait `logins_3d`: no user trait has this name',
    hints: ['did you mean `logins_30d`?'],
  },
  {
    name: 'unknown audience',
    src: 'audience a = user where in heavy\naudience heavy_users = user where beta is true',
    code: 'name-unknown-audience',
    at: 'heavy',
    message: 'unknown audience `heavy`',
    hints: ['did you mean `heavy_users`?'],
  },
  {
    name: 'sync of an unknown definition',
    src: 'sync nope to zendesk with identify',
    code: 'name-unknown-definition',
    at: 'nope',
    message: 'unknown audience or trait `nope`',
  },
  {
    name: 'sync of a custom trait',
    src: 'sync plan to zendesk with group',
    code: 'name-unknown-definition',
    at: 'plan',
    message: 'unknown audience or trait `plan`',
    hints: [
      'custom traits from schema.yml already live in Segment: sync a computed trait or an audience',
    ],
  },
  {
    name: 'unknown event',
    src: 'audience a = user where did "Loged In"',
    code: 'name-unknown-event',
    at: '"Loged In"',
    message: 'unknown event "Loged In": schema.yml declares no event with this name',
    hints: ['did you mean "Logged In"?'],
  },
  {
    name: 'unknown event, case differs',
    src: 'trait t = user count "logged in"',
    code: 'name-unknown-event',
    at: '"logged in"',
    message: 'unknown event "logged in": schema.yml declares no event with this name',
    hints: ['did you mean "Logged In"?'],
  },
  {
    name: 'unknown property in a did filter',
    src: 'audience a = user where did "Feature Used" where feture = "x"',
    code: 'name-unknown-property',
    at: 'feture',
    message: '"Feature Used" has no property `feture`',
    hints: ['did you mean `feature`?'],
  },
  {
    name: 'unknown property of an aggregation',
    src: 'trait t = user sum "Order Completed".revnue',
    code: 'name-unknown-property',
    at: 'revnue',
    message: '"Order Completed" has no property `revnue`',
    hints: ['did you mean `revenue`?'],
  },
  {
    name: 'unknown page field',
    src: 'audience a = user where did page where pathh = "/x"',
    code: 'name-unknown-property',
    at: 'pathh',
    message: 'page has no property `pathh`',
    hints: ['did you mean `path`?'],
  },
  {
    name: 'screens have only name',
    src: 'audience a = user where did screen where url = "x"',
    code: 'name-unknown-property',
    at: 'url',
    message: 'screen has no property `url`',
  },
  {
    name: 'unknown destination',
    src: `${U}sync u to zendsk with identify`,
    code: 'name-unknown-destination',
    at: 'zendsk',
    message: 'unknown destination `zendsk`: roster.yaml declares no destination with this name',
    hints: ['did you mean `zendesk`?'],
  },
  {
    name: 'an audience compared like a trait',
    src: `${U}audience a = user where u = true`,
    code: 'name-audience-as-trait',
    at: 'u',
    after: 'audience a = user where ',
    message: '`u` is an audience, not a trait',
    hints: ['to test membership, write `in u`'],
  },
  {
    name: 'a trait after in',
    src: 'trait t = user count "Logged In"\naudience a = user where in t',
    code: 'name-trait-as-audience',
    at: 't',
    after: 'where in ',
    message: '`t` is a trait, not an audience',
    hints: ['`in` takes an audience; test the trait with an operator instead, like `t is set`'],
  },
  {
    name: 'a user trait inside a did filter (§4.2)',
    src: 'audience a = user where did "Order Completed" where currency = "USD" and role = "Admin"',
    code: 'name-trait-in-filter',
    at: 'role',
    message: '`role` is not a property of "Order Completed"; it is a user trait',
    hints: [
      'a `where` filter extends to the end of the condition; to test the trait, wrap the `did` in parentheses: `(did "Order Completed" where currency = "USD") and role = "Admin"`',
    ],
  },
  {
    name: 'a trait as the whole filter',
    src: 'audience a = user where did "Logged In" where beta is true within 7 days',
    code: 'name-trait-in-filter',
    at: 'beta',
    message: '`beta` is not a property of "Logged In"; it is a user trait',
    hints: [
      'a `where` filter extends to the end of the condition; to test the trait, wrap the `did` in parentheses: `(did "Logged In" within 7 days) and beta is true`',
    ],
  },
  {
    name: 'an account trait inside an aggregation filter',
    src: 'trait t = account count "Order Completed" where plan = "pro"',
    code: 'name-trait-in-filter',
    at: 'plan',
    message: '`plan` is not a property of "Order Completed"; it is an account trait',
  },
  {
    name: 'a cycle of two audiences',
    src: 'audience a = user where in b\naudience b = user where in a',
    code: 'name-cycle',
    at: 'a',
    nth: 2,
    message: 'definitions refer to each other in a cycle: a → b → a',
    hints: ['a definition cannot depend on itself: remove one of these references'],
  },
  {
    name: 'an audience referring to itself',
    src: 'audience a = user where in a or beta is true',
    code: 'name-cycle',
    at: 'a',
    nth: 2,
    message: 'definitions refer to each other in a cycle: a → a',
    hints: ['a definition cannot depend on itself: remove one of these references'],
  },
  {
    name: 'a cycle of three, reported from the first definition',
    src: 'audience x = user where in y\naudience y = user where in z and beta is true\naudience z = user where not in x',
    code: 'name-cycle',
    at: 'x',
    message: 'definitions refer to each other in a cycle: x → y → z → x',
    hints: ['a definition cannot depend on itself: remove one of these references'],
  },
  // ------------------------------------------------------------ entities
  {
    name: 'did in account context (§4.4)',
    src: 'audience a = account where did "Logged In" within 7 days',
    code: 'entity-user-atom-in-account-context',
    at: 'did "Logged In" within 7 days',
    message: "`did` tests a user's events, but this condition is about an account",
    hints: [
      'to ask whether some user of the account did it, write `any user did "Logged In" within 7 days`',
      'for every user write `all users did "Logged In" within 7 days`, for none `no user did "Logged In" within 7 days`',
    ],
  },
  {
    name: 'a user trait in account context',
    src: 'audience a = account where role = "Admin"',
    code: 'entity-user-atom-in-account-context',
    at: 'role',
    message: '`role` is a user trait, but this condition is about an account',
    hints: [
      'to ask whether some user of the account matches, write `any user role = "Admin"`',
      'for every user write `all users role = "Admin"`, for none `no user role = "Admin"`',
    ],
  },
  {
    name: 'a defined user trait in account context',
    src: 'trait t = user count "Logged In"\naudience a = account where t > 3',
    code: 'entity-user-atom-in-account-context',
    at: 't',
    after: 'account where ',
    message: '`t` is a user trait, but this condition is about an account',
    hints: [
      'to ask whether some user of the account matches, write `any user t > 3`',
      'for every user write `all users t > 3`, for none `no user t > 3`',
      'or define `t` on `account`: `trait t = account …`',
    ],
  },
  {
    name: 'an account trait in user context (§8)',
    src: 'audience a = user where plan = "pro"',
    code: 'entity-account-trait-in-user-context',
    at: 'plan',
    message: '`plan` is an account trait, but this condition is about a user',
    hints: ['to test the user\'s accounts, write `account.plan = "pro"`'],
  },
  {
    name: 'an account audience in user context',
    src: `${ACC}audience a = user where in acc`,
    code: 'entity-audience-mismatch',
    at: 'in acc',
    message: '`acc` is an account audience, but this condition is about a user',
    hints: ["to test the user's accounts, write `account in acc`"],
  },
  {
    name: 'a user audience in account context',
    src: `${U}audience a = account where in u`,
    code: 'entity-audience-mismatch',
    at: 'in u',
    message: '`u` is a user audience, but this condition is about an account',
    hints: ['to ask whether some user of the account is in it, write `any user in u`'],
  },
  {
    name: 'account in a user audience',
    src: `${U}audience a = user where account in u`,
    code: 'entity-audience-mismatch',
    at: 'account in u',
    message: '`account in` needs an account audience, but `u` is a user audience',
    hints: ['write `in u`'],
  },
  {
    name: 'account.NAME in account context',
    src: 'audience a = account where account.plan = "x"',
    code: 'entity-account-ref-outside-user',
    at: 'account.plan',
    message:
      '`account.plan` can only be used in a user condition; this condition is already about an account',
    hints: ['write `plan = "x"`: the condition is already about the account'],
  },
  {
    name: 'account in X in account context',
    src: `${ACC}audience a = account where account in acc`,
    code: 'entity-account-ref-outside-user',
    at: 'account in acc',
    message:
      '`account in acc` can only be used in a user condition; this condition is already about an account',
    hints: ['write `in acc`: the condition is already about the account'],
  },
  {
    name: 'account.NAME naming a user trait',
    src: 'audience a = user where account.role = "x"',
    code: 'entity-account-ref-user-trait',
    at: 'account.role',
    message: '`account.role`: `role` is a user trait, not an account trait',
    hints: ['write `role = "x"` to test the user\'s own trait'],
  },
  {
    name: 'a quantifier in user context',
    src: 'audience a = user where any user beta is true',
    code: 'entity-quantifier-outside-account',
    at: 'any user beta is true',
    message: '`any user` counts the users of an account, but this condition is about a user',
    hints: ['remove `any user`: the condition is already about a user'],
  },
  {
    name: 'a counting quantifier in user context',
    src: 'audience a = user where at least 2 users (beta is true)',
    code: 'entity-quantifier-outside-account',
    at: 'at least 2 users (beta is true)',
    message:
      '`at least 2 users` counts the users of an account, but this condition is about a user',
    hints: ['remove `at least 2 users`: the condition is already about a user'],
  },
  {
    name: 'account.NAME inside a filter',
    src: 'audience a = user where did "Feature Used" where account.plan = "pro"',
    code: 'entity-not-in-filter',
    at: 'account.plan',
    message:
      "`account.plan` cannot be used inside an event filter: `where` tests the event's properties",
  },
  {
    name: 'an audience test inside a filter',
    src: `${U}audience a = user where did "Feature Used" where feature = "x" and in u`,
    code: 'entity-not-in-filter',
    at: 'in u',
    message:
      "`in AUDIENCE` cannot be used inside an event filter: `where` tests the event's properties",
    hints: [
      'to combine it with the `did`, wrap the `did` in parentheses so its filter ends before this',
    ],
  },
  // ------------------------------------------------------------ types (§4.1)
  {
    name: '< on a string',
    src: 'audience a = account where plan < "x"',
    code: 'type-operator-mismatch',
    at: '< "x"',
    message: '`<` does not apply to `plan`, which is a string',
    hints: [S],
  },
  {
    name: 'contains any on a string',
    src: 'audience a = account where plan contains any ["a"]',
    code: 'type-operator-mismatch',
    at: 'contains any ["a"]',
    message: '`contains any` does not apply to `plan`, which is a string',
    hints: ['for a string, write `plan in ["a"]`', S],
  },
  {
    name: 'is true on a number',
    src: 'audience a = account where seats is true',
    code: 'type-operator-mismatch',
    at: 'is true',
    message: '`is true` does not apply to `seats`, which is a number',
    hints: [N],
  },
  {
    name: 'a window word on a number',
    src: 'audience a = account where seats within 30 days',
    code: 'type-operator-mismatch',
    at: 'within 30 days',
    message: '`within` does not apply to `seats`, which is a number',
    hints: [N],
  },
  {
    name: 'before on a string',
    src: 'audience a = account where plan before "2026-01-01"',
    code: 'type-operator-mismatch',
    at: 'before "2026-01-01"',
    message: '`before` does not apply to `plan`, which is a string',
    hints: [S],
  },
  {
    name: '= on a list',
    src: 'audience a = account where tags = "beta"',
    code: 'type-operator-mismatch',
    at: '= "beta"',
    message: '`=` does not apply to `tags`, which is a list',
    hints: ['to test for an element, write `tags contains "beta"`', L],
  },
  {
    name: 'starts with on a number',
    src: 'audience a = account where seats starts with "1"',
    code: 'type-operator-mismatch',
    at: 'starts with "1"',
    message: '`starts with` does not apply to `seats`, which is a number',
    hints: [N],
  },
  {
    name: '> on a boolean',
    src: 'audience a = account where is_trial > 1',
    code: 'type-operator-mismatch',
    at: '> 1',
    message: '`>` does not apply to `is_trial`, which is a boolean',
    hints: [B],
  },
  {
    name: 'a string for a number (§2: a type error, not a false condition)',
    src: 'audience a = account where seats = "ten"',
    code: 'type-literal-mismatch',
    at: '"ten"',
    message: '`seats` is a number, but `"ten"` is a string',
  },
  {
    name: 'a quoted number for a number',
    src: 'audience a = account where seats >= "10"',
    code: 'type-literal-mismatch',
    at: '"10"',
    message: '`seats` is a number, but `"10"` is a string',
    hints: ['numbers are written without quotes: `10`'],
  },
  {
    name: 'a number for a string',
    src: 'audience a = account where plan = 5',
    code: 'type-literal-mismatch',
    at: '5',
    message: '`plan` is a string, but `5` is a number',
    hints: ['strings are written in double quotes: `"5"`'],
  },
  {
    name: 'a string for a boolean',
    src: 'audience a = account where is_trial = "yes"',
    code: 'type-literal-mismatch',
    at: '"yes"',
    message: '`is_trial` is a boolean, but `"yes"` is a string',
  },
  {
    name: 'a number as an event window bound',
    src: 'audience a = user where did "Logged In" before 5',
    code: 'type-literal-mismatch',
    at: '5',
    message: '`timestamp` is a timestamp, but `5` is a number',
  },
  {
    name: 'a mixed list',
    src: 'audience a = account where seats in [1, "2"]',
    code: 'type-literal-mismatch',
    at: '"2"',
    message: '`seats` is a number, but `"2"` is a string',
    hints: ['numbers are written without quotes: `2`'],
  },
  {
    name: 'a property literal of the wrong type',
    src: 'audience a = user where did "Feature Used" where duration > "long"',
    code: 'type-literal-mismatch',
    at: '"long"',
    message: '`duration` is a number, but `"long"` is a string',
  },
  {
    name: 'an enum value with a typo',
    src: 'audience a = account where industry = "Sofware"',
    code: 'type-enum-value',
    at: '"Sofware"',
    message:
      '"Sofware" is not a value of `industry` (schema.yml allows "Software", "Retail", "Finance", "Healthcare")',
    hints: ['did you mean "Software"?'],
  },
  {
    name: 'an enum value in a list, case differs',
    src: 'audience a = account where industry in ["Retail", "retail"]',
    code: 'type-enum-value',
    at: '"retail"',
    message:
      '"retail" is not a value of `industry` (schema.yml allows "Software", "Retail", "Finance", "Healthcare")',
    hints: ['did you mean "Retail"?'],
  },
  {
    name: 'an enum value nothing like the allowed ones',
    src: 'audience a = account where industry != "Tech"',
    code: 'type-enum-value',
    at: '"Tech"',
    message:
      '"Tech" is not a value of `industry` (schema.yml allows "Software", "Retail", "Finance", "Healthcare")',
  },
  {
    name: 'a timestamp that is not one',
    src: 'audience a = user where signed_up_at before "yesterday"',
    code: 'type-invalid-timestamp',
    at: '"yesterday"',
    message: '"yesterday" is not a valid timestamp',
    hints: [TS_HINT],
  },
  {
    name: 'month 13 in an event window',
    src: 'audience a = user where did "Logged In" after "2026-13-01"',
    code: 'type-invalid-timestamp',
    at: '"2026-13-01"',
    message: '"2026-13-01" is not a valid timestamp',
    hints: [TS_HINT],
  },
  {
    name: 'February 30th',
    src: 'trait t = user count "Logged In" between "2026-02-01" and "2026-02-30"',
    code: 'type-invalid-timestamp',
    at: '"2026-02-30"',
    message: '"2026-02-30" is not a valid timestamp',
    hints: [TS_HINT],
  },
  {
    name: 'min N on count',
    src: 'trait t = user count "Logged In" min 3',
    code: 'type-min-count',
    at: '3',
    message: '`min N` applies only to `most_frequent`, not to `count`',
    hints: ['remove `min N`, or use `most_frequent`'],
  },
  {
    name: 'min N on unique',
    src: 'trait t = user unique "Feature Used".feature min 2',
    code: 'type-min-count',
    at: '2',
    message: '`min N` applies only to `most_frequent`, not to `unique`',
    hints: ['remove `min N`, or use `most_frequent`'],
  },
  {
    name: 'min 0',
    src: 'trait t = user most_frequent "Feature Used".feature min 0',
    code: 'type-negative-count',
    at: '0',
    message: '`min` must be at least 1, not 0',
    hints: ['write `1` or more in place of `0`'],
  },
  {
    name: 'a window of zero days',
    src: 'audience a = user where did "Logged In" within 0 days',
    code: 'type-negative-count',
    at: '0',
    message: '`within` amount must be at least 1, not 0',
    hints: ['write `1` or more in place of `0`'],
  },
  {
    name: 'a negative window on a timestamp trait',
    src: 'audience a = user where signed_up_at within -3 days',
    code: 'type-negative-count',
    at: '-3',
    message: '`within` amount must be at least 1, not -3',
    hints: ['write `1` or more in place of `-3`'],
  },
  {
    name: 'a negative number of users',
    src: 'audience a = account where at least -1 users (beta is true)',
    code: 'type-negative-count',
    at: '-1',
    message: 'the number of users must be at least 0, not -1',
    hints: ['write `0` or more in place of `-1`'],
  },
  {
    name: 'a fractional count',
    src: 'audience a = user where did "Logged In" at least 2.5 times',
    code: 'type-non-integer-count',
    at: '2.5',
    message: 'the count must be a whole number, not 2.5',
    hints: ['write a whole number, like `3`'],
  },
  {
    name: 'a fractional window',
    src: 'trait t = user count "Logged In" within 1.5 days',
    code: 'type-non-integer-count',
    at: '1.5',
    message: '`within` amount must be a whole number, not 1.5',
    hints: ['write a whole number, like `2`'],
  },
  {
    name: 'a fractional number of users',
    src: 'audience a = account where exactly 1.5 users (beta is true)',
    code: 'type-non-integer-count',
    at: '1.5',
    message: 'the number of users must be a whole number, not 1.5',
    hints: ['write a whole number, like `2`'],
  },
  // ------------------------------------------------------------ what the compiler cannot represent (issue 10.3)
  {
    name: 'a number too large for a double',
    src: `audience a = account where mrr > ${'9'.repeat(320)}`,
    code: 'type-number-out-of-range',
    at: '9'.repeat(320),
    message: `\`${'9'.repeat(320)}\` is too large: numbers are 64-bit floating point and this one overflows`,
    hints: [
      'numbers lie between -1.8e308 and 1.8e308 (309 digits); write a smaller one, like `999999999999999`',
    ],
  },
  {
    name: 'an integer past 2^53 in a list',
    src: 'audience a = account where seats in [1, 9007199254740993]',
    code: 'type-number-inexact',
    at: '9007199254740993',
    message:
      '`9007199254740993` cannot be represented exactly: numbers are 64-bit floating point, and it would be read as `9007199254740992`',
    hints: [
      'write `9007199254740992`, the number roster would use, or at most 15 significant digits',
    ],
  },
  {
    name: 'more decimals than a double keeps',
    src: 'audience a = user where did "Order Completed" where revenue > 19.990000000000000000001',
    code: 'type-number-inexact',
    at: '19.990000000000000000001',
    message:
      '`19.990000000000000000001` cannot be represented exactly: numbers are 64-bit floating point, and it would be read as `19.99`',
    hints: ['write `19.99`, the number roster would use, or at most 15 significant digits'],
  },
  {
    name: 'a number so small it reads as zero',
    src: `audience a = account where mrr between 0.${'0'.repeat(330)}1 and 5`,
    code: 'type-number-inexact',
    at: `0.${'0'.repeat(330)}1`,
    message: `\`0.${'0'.repeat(330)}1\` cannot be represented exactly: numbers are 64-bit floating point, and it would be read as \`0\``,
    hints: ['write `0`, the number roster would use, or at most 15 significant digits'],
  },
  {
    name: 'a count past the largest exact integer',
    src: 'audience a = user where did "Logged In" at least 18014398509481984 times',
    code: 'type-count-too-large',
    at: '18014398509481984',
    message: 'the count must be at most 9007199254740991, not 18014398509481984',
    hints: ['write at most `9007199254740991`'],
  },
  {
    name: 'a window of a billion weeks',
    src: 'audience a = user where did "Logged In" within 1000000000 weeks',
    code: 'type-window-too-long',
    at: 'within 1000000000 weeks',
    message:
      '`within 1000000000 weeks` reaches back more than 1000 years, before any instant a warehouse stores (at most `within 52178 weeks`)',
    hints: [
      'remove `within 1000000000 weeks` to count every event up to now, or write at most `within 52178 weeks`',
    ],
  },
  {
    name: 'a window on a timestamp trait longer than 1000 years',
    src: 'audience a = account where created_at within 400000 days',
    code: 'type-window-too-long',
    at: 'within 400000 days',
    message:
      '`within 400000 days` reaches back more than 1000 years, before any instant a warehouse stores (at most `within 365250 days`)',
    hints: ['write at most `within 365250 days`'],
  },
  {
    name: 'year zero',
    src: 'audience a = account where created_at after "0000-06-01"',
    code: 'type-timestamp-out-of-range',
    at: '"0000-06-01"',
    message:
      '"0000-06-01" is outside the timestamps warehouses store (from 0001-01-01 to the end of 9999)',
    hints: ['write an instant from "0001-01-01" to "9999-12-31T23:59:59Z"'],
  },
  {
    name: 'an offset that pushes an instant past 9999',
    src: 'audience a = user where did "Logged In" before "9999-12-31T23:00:00-02:00"',
    code: 'type-timestamp-out-of-range',
    at: '"9999-12-31T23:00:00-02:00"',
    message:
      '"9999-12-31T23:00:00-02:00" is outside the timestamps warehouses store (from 0001-01-01 to the end of 9999)',
    hints: ['write an instant from "0001-01-01" to "9999-12-31T23:59:59Z"'],
  },
  {
    name: 'between on numbers, reversed',
    src: 'audience a = account where seats between 50 and 10',
    code: 'type-between-reversed',
    at: 'between 50 and 10',
    message: '`between 50 and 10` is empty: the first bound must come before the second',
    hints: ['write `between 10 and 50`'],
  },
  {
    name: 'between on a timestamp trait, reversed',
    src: 'audience a = user where signed_up_at between "2026-05-01" and "2026-01-01"',
    code: 'type-between-reversed',
    at: 'between "2026-05-01" and "2026-01-01"',
    message:
      '`between "2026-05-01" and "2026-01-01"` is empty: the first bound must come before the second',
    hints: ['write `between "2026-01-01" and "2026-05-01"`'],
  },
  {
    name: 'between on events, same instant written two ways (half-open: empty)',
    src: 'audience a = user where did "Logged In" between "2026-01-01" and "2026-01-01T02:00:00+02:00"',
    code: 'type-between-reversed',
    at: 'between "2026-01-01" and "2026-01-01T02:00:00+02:00"',
    message:
      '`between "2026-01-01" and "2026-01-01T02:00:00+02:00"` is empty: the first bound must come before the second',
    hints: ['write `between "2026-01-01T02:00:00+02:00" and "2026-01-01"`'],
  },
  {
    name: 'an empty in-list',
    src: 'audience a = account where plan in []',
    code: 'type-empty-list',
    at: '[]',
    message: '`in` needs at least one value',
  },
  {
    name: 'an empty not-in list',
    src: 'audience a = account where plan not in []',
    code: 'type-empty-list',
    at: '[]',
    message: '`not in` needs at least one value',
  },
  {
    name: 'an empty contains all',
    src: 'audience a = account where tags contains all []',
    code: 'type-empty-list',
    at: '[]',
    message: '`contains all` needs at least one value',
  },
  {
    name: 'count with a property',
    src: 'trait t = user count "Feature Used".feature',
    code: 'type-aggregation-property',
    at: 'feature',
    message: '`count` counts events and takes no property',
    hints: ['write `count "Feature Used"`; to count distinct values use `count_unique`'],
  },
  {
    name: 'sum without a property',
    src: 'trait t = user sum "Order Completed"',
    code: 'type-aggregation-needs-property',
    at: 'sum "Order Completed"',
    message: '`sum` needs a property of the event, like `sum "Order Completed".revenue`',
  },
  {
    name: 'sum of a string',
    src: 'trait t = user sum "Feature Used".feature',
    code: 'type-aggregation-mismatch',
    at: 'feature',
    message: '`sum` needs a number property, but `feature` is a string',
  },
  {
    name: 'unique of a number',
    src: 'trait t = account unique "Order Completed".revenue',
    code: 'type-aggregation-mismatch',
    at: 'revenue',
    message: '`unique` needs a string property, but `revenue` is a number',
  },
  {
    name: 'an inline avg of a string',
    src: 'audience a = user where avg "NPS Submitted".comment > 3',
    code: 'type-aggregation-mismatch',
    at: 'comment',
    message: '`avg` needs a number property, but `comment` is a string',
  },
  // ------------------------------------------------------------ sql traits (§6)
  {
    name: 'a misspelt placeholder, at its place in the SQL',
    src: 'trait t = account sql number """\n  select id, 1 as value\n  from {{ acounts }}\n"""',
    code: 'sql-unknown-placeholder',
    at: '{{ acounts }}',
    message: 'unknown placeholder `{{ acounts }}`',
    hints: ['did you mean `accounts`?', PLACEHOLDERS],
  },
  {
    name: 'a placeholder that is not one',
    src: 'trait t = user sql timestamp """select user_id as id, {{now()}} as value from {{tracks}}"""',
    code: 'sql-unknown-placeholder',
    at: '{{now()}}',
    message: 'unknown placeholder `{{ now() }}`',
    hints: ['did you mean `now`?', PLACEHOLDERS],
  },
  {
    name: 'an unclosed placeholder',
    src: 'trait t = user sql number """select user_id as id, 1 as value from {{ tracks"""',
    code: 'sql-unclosed-placeholder',
    at: '{{',
    message: '`{{` is not closed by `}}`',
    hints: ['close it with `}}`'],
  },
  {
    name: 'an SQL trait that closes the parentheses roster wraps it in',
    src: 'trait t = account sql number """select id, 1 as value from {{ accounts }}) as q; update meta set value = 1; select * from (select 1"""',
    code: 'sql-not-one-select',
    at: ')',
    message: 'SQL trait `t` closes a parenthesis it did not open',
    hints: [
      'remove this `)` or add the `(` it closes',
      'roster runs the query inside parentheses of its own, as one read-only statement',
    ],
  },
  {
    name: 'an SQL trait with a second statement',
    src: 'trait t = account sql number """select id, 1 as value from {{ accounts }}; delete from x"""',
    code: 'sql-not-one-select',
    at: ';',
    message: 'SQL trait `t` has more than one statement: `;` ends its query before the end',
    hints: [
      'remove the `;` and everything after it',
      'roster runs the query inside parentheses of its own, as one read-only statement',
    ],
  },
  {
    name: 'an SQL trait with a data-modifying WITH',
    src: 'trait t = account sql number """with gone as (delete from x returning id) select id, 1 as value from gone"""',
    code: 'sql-not-one-select',
    at: 'delete',
    message: 'SQL trait `t` uses `delete`, which changes data: an SQL trait may only read',
    hints: ['if `delete` is the name of a column or table, quote it: `"delete"`'],
  },
  {
    name: 'an SQL trait that is not a query',
    src: 'trait t = account sql number """  -- refresh first\n  vacuum; select 1 as id, 1 as value"""',
    code: 'sql-not-one-select',
    at: 'vacuum',
    message:
      'SQL trait `t` must be one `select` (or `with … select`) query, but it starts with `vacuum`',
    hints: ['write the trait as one `select … as id, … as value` query; it may only read'],
  },
  {
    name: 'an SQL trait that leaves a parenthesis open',
    src: 'trait t = account sql number """select id, (1 as value from {{ accounts }}"""',
    code: 'sql-not-one-select',
    at: '(',
    after: 'id, ',
    message: 'SQL trait `t` leaves a parenthesis open',
    hints: [
      'close this `(` with a `)`',
      'roster runs the query inside parentheses of its own, as one read-only statement',
    ],
  },
  {
    name: 'an SQL trait whose quote is escaped only on some warehouses',
    src: 'trait t = account sql number """select id, \'a\\\' as value from {{ accounts }}) as q; drop table x; select * from (select \'b\' as id, 1 as value"""',
    code: 'sql-not-one-select',
    at: ')',
    message: 'SQL trait `t` closes a parenthesis it did not open',
    hints: [
      'remove this `)` or add the `(` it closes',
      'roster runs the query inside parentheses of its own, as one read-only statement',
    ],
  },
  {
    name: 'screens the project does not configure',
    src: 'audience a = user where did screen',
    code: 'check-missing-source',
    at: 'screen',
    message: '`screen` needs the `screens` source, which roster.yaml does not configure',
    hints: ['configure `sources.screens` in roster.yaml, or remove what needs it'],
    disabled: ['screens'],
  },
  {
    name: 'an SQL trait reading an unconfigured source',
    src: 'trait t = user sql number """select user_id as id, count(*) as value from {{ pages }} group by 1"""',
    code: 'check-missing-source',
    at: '{{ pages }}',
    message: '`{{ pages }}` needs the `pages` source, which roster.yaml does not configure',
    hints: ['configure `sources.pages` in roster.yaml, or remove what needs it'],
    disabled: ['pages'],
  },
  // ------------------------------------------------------------ syncs (§7)
  {
    name: 'group on a user audience',
    src: `${U}sync u to zendesk with group, identify`,
    code: 'sync-group-on-user',
    at: 'group',
    message: '`group` calls describe accounts, but `u` is a user audience',
    hints: ['sync a user audience or trait with `identify` or `track`'],
  },
  {
    name: 'group on a user trait',
    src: 'trait t = user count "Logged In"\nsync t to audit with group',
    code: 'sync-group-on-user',
    at: 'group',
    message: '`group` calls describe accounts, but `t` is a user trait',
    hints: ['sync a user audience or trait with `identify` or `track`'],
  },
  {
    name: 'an option on identify',
    src: `${ACC}sync acc to zendesk with identify (name = "x")`,
    code: 'sync-unknown-option',
    at: 'name',
    message: '`identify` takes no options, but `name` is given',
  },
  {
    name: 'an audience option on a trait sync',
    src: 'trait t = account count "Logged In"\nsync t to zendesk with track (entered = "x")',
    code: 'sync-unknown-option',
    at: 'entered',
    message: '`track` has no option `entered` here (it takes `name`)',
  },
  {
    name: 'a call listed twice',
    src: `${ACC}sync acc to zendesk with identify, group, identify`,
    code: 'sync-duplicate-call',
    at: 'identify',
    nth: 2,
    message: '`identify` is listed more than once',
    hints: ['list each call once'],
  },
  // ------------------------------------------------------------ warnings
  {
    name: 'a trait nothing uses',
    src: 'trait lonely = user count "Logged In"\naudience a = user where beta is true',
    code: 'check-unused-definition',
    at: 'lonely',
    message: 'trait `lonely` is not used by any audience, sync or trait',
    hints: ['use it in an audience or sync, or remove it'],
    warnUnused: true,
  },
  {
    name: 'contradictory bounds',
    src: 'audience a = account where seats < 5 and seats > 10',
    code: 'check-never-matches',
    at: 'seats < 5 and seats > 10',
    message: 'this condition can never be true: `seats` cannot be both > 10 and < 5',
  },
  {
    name: 'two different values',
    src: 'audience a = account where plan = "a" and seats > 1 and plan = "b"',
    code: 'check-never-matches',
    at: 'plan = "a" and seats > 1 and plan = "b"',
    message: 'this condition can never be true: `plan` cannot be both "a" and "b"',
  },
  {
    name: 'between and a bound outside it',
    src: 'audience a = account where seats between 10 and 20 and seats >= 21',
    code: 'check-never-matches',
    at: 'seats between 10 and 20 and seats >= 21',
    message: 'this condition can never be true: `seats` cannot be both >= 21 and <= 20',
  },
  // ------------------------------------------------------------ lifecycle conditions (§12.3)
  {
    name: 'regularly with more buckets asked than there are',
    src: 'audience a = user where did "Logged In" in at least 5 of the last 4 weeks',
    code: 'type-regularly-bounds',
    at: 'in at least 5 of the last 4 weeks',
    message:
      '`in at least 5 of the last 4` can never hold: K must be at most M, the number of units',
    hints: ['write `in at least 4 of the last 4` for every one of them'],
  },
  {
    name: 'regularly with no bucket asked',
    src: 'audience a = user where did "Logged In" in at least 0 of the last 4 weeks',
    code: 'type-negative-count',
    at: '0',
    message: 'K in `in at least K of the last M` must be at least 1, not 0',
    hints: ['write `1` or more in place of `0`'],
  },
  {
    name: 'stopped doing for no time',
    src: 'audience a = user where stopped doing "Logged In" for 0 days',
    code: 'type-negative-count',
    at: '0',
    message: 'the time of `stopped doing` must be at least 1, not 0',
    hints: ['write `1` or more in place of `0`'],
  },
  {
    name: 'stopped doing in account context',
    src: 'audience a = account where stopped doing "Logged In" for 30 days',
    code: 'entity-user-atom-in-account-context',
    at: 'stopped doing "Logged In" for 30 days',
    message: "`stopped doing` tests a user's events, but this condition is about an account",
    hints: [
      'to ask whether some user of the account stopped, write `any user stopped doing "Logged In" for 30 days`',
    ],
  },
  // ------------------------------------------------------------ rolling windows (§12.1)
  {
    name: 'rolling window with its bounds reversed',
    src: 'audience a = user where did "Logged In" between 14 and 7 days ago',
    code: 'type-ago-bounds',
    at: 'between 14 and 7 days ago',
    message:
      '`between 14 and 7 days ago` is empty: the first number (nearer to now) must be smaller than the second',
    hints: ['write `between 7 and 14 days ago`'],
  },
  {
    name: 'rolling window with equal bounds',
    src: 'audience a = user where signed_up_at between 3 and 3 weeks ago',
    code: 'type-ago-bounds',
    at: 'between 3 and 3 weeks ago',
    message:
      '`between 3 and 3 weeks ago` is empty: the first number (nearer to now) must be smaller than the second',
    hints: ['write `between 3 and 4 weeks ago`'],
  },
  {
    name: 'rolling window mixing units',
    src: 'trait t = user count "Logged In" between 1 day and 2 weeks ago',
    code: 'type-ago-mixed-units',
    at: 'between 1 day and 2 weeks ago',
    message:
      '`between 1 day and 2 weeks ago` mixes two units: a rolling window has one unit, written once',
    hints: ['write `between 1 and 14 days ago`'],
  },
  {
    name: 'rolling window starting before now',
    src: 'audience a = user where did "Logged In" between -1 and 2 days ago',
    code: 'type-negative-count',
    at: '-1',
    message: 'the first number of a rolling window must be at least 0, not -1',
    hints: ['write `0` or more in place of `-1`'],
  },
  {
    name: 'rolling window reaching back more than 1000 years',
    src: 'audience a = user where did "Logged In" before 60000 weeks ago',
    code: 'type-window-too-long',
    at: 'before 60000 weeks ago',
    message:
      '`before 60000 weeks ago` reaches back more than 1000 years, before any instant a warehouse stores (at most `within 52178 weeks`)',
    hints: ['write at most `before 52178 weeks ago`'],
  },
];

function position(
  src: string,
  at: string,
  nth = 1,
  after?: string,
): { line: number; column: number } {
  let offset = after === undefined ? -1 : src.indexOf(after) + after.length - 1;
  for (let i = 0; i < nth; i++) {
    offset = src.indexOf(at, offset + 1);
    if (offset < 0) throw new Error(`"${at}" occurs fewer than ${nth} times`);
  }
  const before = src.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - (before.lastIndexOf('\n') + 1) + 1 };
}

cases.push(...splitCases, ...sequenceCases, ...userCountCases);

describe('checker diagnostics', () => {
  it('has a corpus of at least 60 wrong programs covering every code', () => {
    expect(cases.length).toBeGreaterThanOrEqual(60);
  });

  it.each(cases)('$code: $name', (c) => {
    const result = check(c.src, { disabled: c.disabled ?? [], warnUnused: c.warnUnused ?? false });
    const found = result.diagnostics.filter((d) => d.code === c.code);
    expect(
      result.diagnostics.map((d) => d.code),
      'exactly one diagnostic',
    ).toEqual([c.code]);
    const d = found[0]!;
    const start = position(c.src, c.at, c.nth, c.after);
    expect({ line: d.range?.start.line, column: d.range?.start.column }).toEqual(start);
    expect({ line: d.range?.end.line, column: d.range?.end.column }).toEqual({
      line: start.line,
      column: start.column + c.at.length,
    });
    expect(d.message).toBe(c.message);
    // Without a specific rewrite, a diagnostic carries its code's help (CHECK_HELP).
    expect(d.hints).toEqual(c.hints ?? [CHECK_HELP[c.code as CheckCode]]);
    expect(result.ir, 'no IR with an error').toEqual(
      d.severity === 'error' ? undefined : result.ir,
    );
  });
});

describe('the code table', () => {
  it('every checker code has a wrong program in the corpus and a row in docs/diagnostics.md', async () => {
    const { CHECK_MESSAGES } = await import('../../src/check/messages.js');
    const { readFileSync } = await import('node:fs');
    const docs = readFileSync(new URL('../../docs/diagnostics.md', import.meta.url), 'utf8');
    const covered = new Set(cases.map((c) => c.code));
    const codes = Object.keys(CHECK_MESSAGES);
    expect(codes.filter((c) => !covered.has(c))).toEqual([]);
    expect(codes.filter((c) => !docs.includes(`| \`${c}\` |`))).toEqual([]);
  });
});
