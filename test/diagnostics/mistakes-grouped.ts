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
];
