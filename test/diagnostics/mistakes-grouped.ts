/**
 * One diagnostic per mistake (issue 16, item 4): a mistake that trips several
 * characters (both curly quotes of a pasted string) or repeats over one line
 * (every value of a list in single quotes, `&&` between each condition, every
 * misspelt option of one call) is one diagnostic, the later places as
 * secondary labels, and the help rewrites them all at once.
 */
import type { Mistake } from './corpus-harness.js';

const FILE = 'audiences/a.roster';
const CURLY = (around: string) =>
  `curly quotes around \`${around}\`: strings are written in straight double quotes \`"\``;

export const grouped: Mistake[] = [
  {
    who: 'Segment',
    meant: 'a value pasted from a document with curly quotes',
    roster: 'audience pro = account where plan = “pro”\n',
    code: 'syntax-invalid-character',
    at: '“',
    message: CURLY('pro'),
    help: ['write `audience pro = account where plan = "pro"`'],
    related: [{ message: 'and its closing `”`', file: FILE, at: '”' }],
  },
  {
    who: 'Segment',
    meant: 'a list pasted from a document with curly quotes',
    roster: 'audience paid = account where plan in [“pro”, “enterprise”]\n',
    code: 'syntax-invalid-character',
    at: '“',
    message: CURLY('pro'),
    help: ['write `audience paid = account where plan in ["pro", "enterprise"]`'],
    related: [
      { message: 'and its closing `”`', file: FILE, at: '”' },
      { message: 'another string in curly quotes', file: FILE, at: '“', nth: 2 },
      { message: 'and its closing `”`', file: FILE, at: '”', nth: 2 },
    ],
  },
  {
    who: 'JavaScript',
    meant: 'a value in Markdown backticks',
    roster: 'audience pro = account where plan = `pro`\n',
    code: 'syntax-invalid-character',
    at: '`',
    message: 'backticks around `pro`: strings are written in straight double quotes `"`',
    help: ['write `audience pro = account where plan = "pro"`'],
    related: [{ message: 'and its closing backtick', file: FILE, at: '`', nth: 2 }],
  },
  {
    who: 'SQL',
    meant: 'an IN list in single quotes',
    roster: "audience paid = account where plan in ['pro', 'enterprise']\n",
    code: 'syntax-single-quoted-string',
    at: "'pro'",
    message: "strings are written in double quotes, not single quotes: 'pro', 'enterprise'",
    help: ['write `audience paid = account where plan in ["pro", "enterprise"]`'],
    related: [{ message: 'also in single quotes', file: FILE, at: "'enterprise'" }],
  },
  {
    who: 'JavaScript',
    meant: 'three conditions joined with &&',
    roster: 'audience big = account where seats > 10 && mrr > 1000 && plan = "pro"\n',
    code: 'syntax-foreign-operator',
    at: '&&',
    message: '`&&` is not a roster operator: write `and`',
    help: ['write `audience big = account where seats > 10 and mrr > 1000 and plan = "pro"`'],
    related: [{ message: 'the same `&&`', file: FILE, at: '&&', nth: 2 }],
  },
  {
    who: 'JavaScript',
    meant: 'two comparisons with ==',
    roster: 'audience pro_saas = account where plan == "pro" and industry == "saas"\n',
    code: 'syntax-foreign-operator',
    at: '==',
    message: '`==` is not a roster operator: write `=`',
    help: ['write `audience pro_saas = account where plan = "pro" and industry = "saas"`'],
    related: [{ message: 'the same mistake: `==`', file: FILE, at: '==', nth: 2 }],
  },
  {
    who: 'typo',
    meant: 'both options of a track call misspelt',
    roster:
      'audience trial = user where beta is true\nsync trial to zendesk with track (enterd = "Trial Started", exitd = "Trial Ended")\n',
    code: 'syntax-unknown-option',
    at: 'enterd',
    message:
      'unknown options `enterd`, `exitd` for `track`: expected `entered`, `exited` or `name`',
    help: [
      'write `sync trial to zendesk with track (entered = "Trial Started", exited = "Trial Ended")`',
    ],
    related: [{ message: 'another unknown option of `track`', file: FILE, at: 'exitd' }],
  },
  // The checker: one mistake in one definition, reported once with every place.
  {
    who: 'typo',
    meant: 'a misspelt trait used twice in one audience',
    roster: 'audience odd = user where rol = "Admin" or rol = "Owner"\n',
    code: 'name-unknown-trait',
    at: 'rol',
    message: 'unknown trait `rol`: no user trait has this name',
    help: ['did you mean `role`?'],
    related: [{ message: 'the same mistake again', file: FILE, at: 'rol', nth: 2 }],
  },
  {
    who: 'typo',
    meant: 'a misspelt property in both bounds of a filter',
    roster: 'audience mid = user where did "Order Completed" where revenu > 10 and revenu < 50\n',
    code: 'name-unknown-property',
    at: 'revenu',
    message: '"Order Completed" has no property `revenu`',
    help: ['did you mean `revenue`?'],
    related: [{ message: 'the same mistake again', file: FILE, at: 'revenu', nth: 2 }],
  },
  {
    who: 'Segment',
    meant: 'two account traits in a user audience',
    roster:
      'trait logins = user count "Logged In" within 30 days\naudience busy = user where logins > 3 and plan = "pro" and seats > 10\n',
    code: 'entity-account-trait-in-user-context',
    at: 'plan',
    message: '`plan` and `seats` are account traits, but this condition is about a user',
    help: [
      'to test the user\'s accounts, write `account.plan = "pro"`',
      "to test the user's accounts, write `account.seats > 10`",
    ],
    related: [
      {
        message: 'schema.yml declares `plan` as a string account trait here',
        file: 'schema.yml',
        at: 'plan',
      },
      { message: '`seats` here too', file: FILE, at: 'seats' },
      {
        message: 'schema.yml declares `seats` as a number account trait here',
        file: 'schema.yml',
        at: 'seats',
      },
    ],
  },
];
