/**
 * Something required missing where a line ends (issue 16, item 2): a value,
 * a number, a closing `)`, `]` or `"""`. The parser notices only on the next
 * line (or at the end of the definition); each diagnostic points at the
 * construct the line ended in and names what is missing there.
 */
import type { Mistake } from './corpus-harness.js';

const VALUE = 'a value (a string, a number, `true`, `false` or a list)';
const INCOMPLETE = (construct: string, missing: string) =>
  `\`${construct}\` is incomplete: ${missing} is missing at the end of its line`;
const UNCLOSED_PAREN = 'this `(` is never closed: a `)` is missing';
const UNCLOSED_LIST = 'this `[` is never closed: a `]` is missing';
const ARR_SQL = 'select account_id, sum(amount) from billing.invoices group by 1';

export const incomplete: Mistake[] = [
  {
    who: 'SQL',
    meant: 'a comparison wrapped onto two lines, its value forgotten',
    roster: 'audience big_pro = account where seats >\n  and plan = "pro"\n',
    code: 'syntax-incomplete',
    at: 'seats >',
    message: INCOMPLETE('seats >', VALUE),
    help: ['add a value after `>`: `audience big_pro = account where seats > 10`'],
  },
  {
    who: 'SQL',
    meant: 'an equality whose value was forgotten where the line ends',
    roster: 'audience pro = account where plan =\n  and seats > 10\n',
    code: 'syntax-incomplete',
    at: 'plan =',
    message: INCOMPLETE('plan =', VALUE),
    help: ['add a value after `=`: `audience pro = account where plan = "value"`'],
  },
  {
    who: 'Segment',
    meant: 'a `contains` whose text was left for later',
    roster:
      'audience acme_staff = user where email contains\naudience admins = user where role = "admin"\n',
    code: 'syntax-incomplete',
    at: 'email contains',
    message: INCOMPLETE('email contains', `${VALUE}, \`any\` or \`all\``),
    help: [
      'add a value, `any` or `all` after `contains`: `audience acme_staff = user where email contains "text"`',
    ],
  },
  {
    who: 'Segment',
    meant: 'a window whose number was left for later',
    roster: 'audience active = user where did "Logged In" within\n  and beta is true\n',
    code: 'syntax-incomplete',
    at: 'within',
    message: INCOMPLETE('within', 'a number'),
    help: [
      'add a number after `within`: `audience active = user where did "Logged In" within 30 days`',
    ],
  },
  {
    who: 'Segment',
    meant: 'a count whose number was left for later, the window on the next line',
    roster: 'audience buyers = user where did "Order Completed" at least\n  within 30 days\n',
    code: 'syntax-incomplete',
    at: 'at least',
    message: INCOMPLETE('at least', 'a number'),
    help: [
      'add a number after `at least`: `audience buyers = user where did "Order Completed" at least 3 times`',
    ],
  },
  {
    who: 'SQL',
    meant: 'a `not in` whose list was forgotten',
    roster: 'audience unpaid = account where plan not in\n  and seats > 10\n',
    code: 'syntax-incomplete',
    at: 'plan not in',
    message: INCOMPLETE('plan not in', 'a list in brackets'),
    help: [
      'add a list in brackets after `not in`: `audience unpaid = account where plan not in ["a", "b"]`',
    ],
  },
  {
    who: 'SQL',
    meant: 'a group left open, the next line outside it',
    roster:
      'audience target = account where (plan = "pro" or plan = "enterprise"\n  and seats > 50\n',
    code: 'syntax-unclosed-paren',
    at: '(',
    message: UNCLOSED_PAREN,
    help: [
      'add the missing `)` after `"enterprise"`: `audience target = account where (plan = "pro" or plan = "enterprise")`',
    ],
  },
  {
    who: 'JavaScript',
    meant: 'a group of alternatives over two lines, its `)` forgotten',
    roster:
      'audience engaged = user where (did "Logged In" within 7 days\n  or did "Feature Used" within 7 days\n',
    code: 'syntax-unclosed-paren',
    at: '(',
    message: UNCLOSED_PAREN,
    help: ['add the missing `)` after `days` on line 2: `or did "Feature Used" within 7 days)`'],
  },
  {
    who: 'SQL',
    meant: 'an IN list left open, the next condition on the next line',
    roster: 'audience paid = account where plan in ["pro", "enterprise"\n  and seats > 10\n',
    code: 'syntax-unclosed-list',
    at: '[',
    message: UNCLOSED_LIST,
    help: [
      'add the missing `]` after `"enterprise"`: `audience paid = account where plan in ["pro", "enterprise"]`',
    ],
  },
  {
    who: 'dbt',
    meant: 'an SQL block whose closing quotes were forgotten, another SQL trait below',
    roster: `trait arr = account sql number """\n  ${ARR_SQL}\ntrait seats_used = account sql number """select account_id, count(*) from app.seats group by 1"""\naudience big = account where arr > 10000\n`,
    code: 'syntax-unterminated-sql',
    at: '"""',
    message:
      'this SQL block is not closed: its closing `"""` is missing, so it runs on to the `"""` on line 3',
    help: [`close it where its SQL ends, on line 2: \`${ARR_SQL} """\``],
  },
  {
    who: 'dbt',
    meant: 'an SQL block whose closing quotes were forgotten, an audience below',
    roster: `trait arr = account sql number """\n  ${ARR_SQL}\naudience big = account where arr > 10000\n`,
    code: 'syntax-unterminated-sql',
    at: '"""',
    message: 'unterminated SQL block: the `"""` opened here is never closed',
    help: [`close it where its SQL ends, on line 2: \`${ARR_SQL} """\``],
  },
  {
    who: 'typo',
    meant: 'an audience whose condition was left for later',
    roster: 'audience enterprise = account where\naudience pro = account where plan = "pro"\n',
    code: 'syntax-incomplete',
    at: 'account where',
    message: INCOMPLETE('account where', 'a condition'),
    help: ['add a condition after `where`: `audience enterprise = account where CONDITION`'],
  },
  {
    who: 'Segment',
    meant: 'a computed trait whose window number was forgotten',
    roster:
      'trait logins_30d = user count "Logged In" within\naudience engaged = user where logins_30d > 3\n',
    code: 'syntax-incomplete',
    at: 'within',
    message: INCOMPLETE('within', 'a number'),
    help: [
      'add a number after `within`: `trait logins_30d = user count "Logged In" within 30 days`',
    ],
  },
  {
    who: 'SQL',
    meant: 'a BETWEEN whose upper bound was forgotten',
    roster:
      'audience mid = account where mrr between 1000 and\naudience small = account where seats < 5\n',
    code: 'syntax-incomplete',
    at: 'mrr between 1000 and',
    message: INCOMPLETE('mrr between 1000 and', VALUE),
    help: ['add a value after `and`: `audience mid = account where mrr between 1000 and 2000`'],
  },
  {
    who: 'English',
    meant: 'a condition left dangling after `and` before the next audience',
    roster:
      'audience pro_big = account where plan = "pro" and\naudience small = account where seats < 5\n',
    code: 'syntax-dangling-operator',
    at: 'and',
    message: '`and` must be followed by a condition, but found the end of the definition',
    help: ['add the condition it combines, or remove the operator'],
  },
  {
    who: 'dbt',
    meant: 'an SQL trait whose type was forgotten, the SQL on the next line',
    roster: 'trait arr = account sql\n  """select account_id, 1 as value from t"""\n',
    code: 'syntax-incomplete',
    at: 'sql',
    message: INCOMPLETE('sql', 'a type (`string`, `number`, `boolean`, `timestamp` or `list`)'),
    help: ['add a type after `sql`: `trait arr = account sql number`'],
  },
];
