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
const INCOMPLETE_TWO = (construct: string, missing: string) =>
  `\`${construct}\` is incomplete: ${missing} are missing at the end of its line`;
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
    help: [
      'add the condition it combines after `and`: `audience pro_big = account where plan = "pro" and CONDITION`',
      'or remove the `and`: `audience pro_big = account where plan = "pro"`',
    ],
  },
  {
    who: 'English',
    meant: 'the last condition forgotten after `and` at the end of the file',
    roster: 'audience testers = user where beta = true and',
    code: 'syntax-dangling-operator',
    at: 'and',
    message: '`and` must be followed by a condition, but found the end of the definition',
    help: [
      'add the condition it combines after `and`: `audience testers = user where beta = true and CONDITION`',
      'or remove the `and`: `audience testers = user where beta = true`',
    ],
  },
  {
    who: 'SQL',
    meant: 'a condition ended with `or` on a line of its own',
    roster:
      'audience paying = account where plan = "pro"\n  or\naudience small = account where seats < 5\n',
    code: 'syntax-dangling-operator',
    at: 'or',
    message: '`or` must be followed by a condition, but found the end of the definition',
    help: [
      'add the condition it combines after `or`: `or CONDITION`',
      'or remove the `or` on line 2',
    ],
  },
  {
    who: 'Segment',
    meant: 'a sync whose destination was left for later',
    roster: 'audience pro = account where plan = "pro"\nsync pro to\n',
    code: 'syntax-incomplete',
    at: 'sync pro to',
    message: INCOMPLETE('sync pro to', 'a destination'),
    help: ['add a destination and the calls to send: `sync pro to zendesk with identify`'],
  },
  {
    who: 'Segment',
    meant: 'a sync naming its destination but not the calls to send',
    roster: 'audience pro = account where plan = "pro"\nsync pro to zendesk\n',
    code: 'syntax-incomplete',
    at: 'sync pro to zendesk',
    message: INCOMPLETE_TWO('sync pro to zendesk', '`with` and the calls to send'),
    help: [
      'add `with` and the calls to send (`group`, `identify` or `track`): `sync pro to zendesk with identify`',
    ],
  },
  {
    who: 'Segment',
    meant: 'a sync of a trait stopped after its name',
    roster: 'trait seats_used = account count users\nsync seats_used\n',
    code: 'syntax-incomplete',
    at: 'sync seats_used',
    message: INCOMPLETE_TWO('sync seats_used', '`to` and a destination'),
    help: ['add a destination and the calls to send: `sync seats_used to zendesk with identify`'],
  },
  {
    who: 'Segment',
    meant: 'a sync whose calls were left for later after `with`',
    roster: 'audience pro = account where plan = "pro"\nsync pro to zendesk with\n',
    code: 'syntax-incomplete',
    at: 'sync pro to zendesk with',
    message: INCOMPLETE('sync pro to zendesk with', 'a call (`group`, `identify` or `track`)'),
    help: ['add a call after `with`: `sync pro to zendesk with identify`'],
  },
  {
    who: 'Segment',
    meant: 'a track option whose event name was left for later',
    roster:
      'audience pro = account where plan = "pro"\nsync pro to zendesk with track (entered =\n',
    code: 'syntax-incomplete',
    at: 'entered =',
    message: INCOMPLETE('entered =', 'an event name in quotes'),
    help: [
      'add an event name in quotes after `=`: `sync pro to zendesk with track (entered = "Audience Entered")`',
    ],
  },
  {
    who: 'Segment',
    meant: 'a second track option stopped after its word',
    roster:
      'audience pro = account where plan = "pro"\nsync pro to zendesk with track (entered = "Pro Started", exited\n',
    code: 'syntax-incomplete',
    at: 'exited',
    message: INCOMPLETE_TWO('exited', '`=` and an event name in quotes'),
    help: [
      'add `=` and an event name in quotes after `exited`: `sync pro to zendesk with track (entered = "Pro Started", exited = "Audience Exited")`',
    ],
  },
  {
    who: 'SQL',
    meant: 'the only use of a trait left without its value (the trait is not "unused")',
    roster:
      'trait logins_30d = user count "Logged In" within 30 days\naudience engaged = user where logins_30d >\n',
    code: 'syntax-incomplete',
    at: 'logins_30d >',
    message: INCOMPLETE('logins_30d >', VALUE),
    help: ['add a value after `>`: `audience engaged = user where logins_30d > 10`'],
  },
  {
    who: 'SQL',
    meant: 'a BETWEEN whose `and` and upper bound were forgotten',
    roster:
      'audience mid = account where seats between 10\naudience small = account where seats < 5\n',
    code: 'syntax-incomplete',
    at: 'seats between 10',
    message: INCOMPLETE_TWO('seats between 10', '`and` and an upper bound'),
    help: [
      'add `and` and an upper bound after `10`: `audience mid = account where seats between 10 and 20`',
    ],
  },
  {
    who: 'Segment',
    meant: 'a rolling window whose `and` and upper bound were forgotten',
    roster:
      'audience lapsed = user where did "Logged In" between 7\naudience small = account where seats < 5\n',
    code: 'syntax-incomplete',
    at: 'between 7',
    message: INCOMPLETE_TWO('between 7', '`and` and an upper bound'),
    help: [
      'add `and` and an upper bound after `7`: `audience lapsed = user where did "Logged In" between 7 and 14 days ago`',
    ],
  },
  {
    who: 'English',
    meant: 'an `is` test whose value was left for later',
    roster: 'audience testers = user where beta is\naudience admins = user where role = "admin"\n',
    code: 'syntax-incomplete',
    at: 'beta is',
    message: INCOMPLETE('beta is', '`true`, `false`, `set` or `not set`'),
    help: [
      'add `true`, `false`, `set` or `not set` after `is`: `audience testers = user where beta is set`',
    ],
  },
  {
    who: 'English',
    meant: 'an `is not` test whose value was left for later',
    roster: 'audience unknown_role = user where role is not\n',
    code: 'syntax-incomplete',
    at: 'role is not',
    message: INCOMPLETE('role is not', '`set`'),
    help: ['add `set` after `is not`: `audience unknown_role = user where role is not set`'],
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
