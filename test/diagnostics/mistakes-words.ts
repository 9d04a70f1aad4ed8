/**
 * Words left out or put where another kind of word goes (issue 16): a sync
 * without `to` or `with`, a word written for a keyword, and names written
 * where an event goes — a trait or an audience meant as a condition, or an
 * event name without its quotes, matched against schema.yml's events.
 */
import type { Mistake } from './corpus-harness.js';

const EVENT = (after: string) =>
  `\`${after}\` needs an event name in quotes, \`page\` or \`screen\``;
const NOT_EVENT = (name: string, is: string, after: string) =>
  `\`${name}\` is ${is}, not an event: \`${after}\` needs an event name in quotes, \`page\` or \`screen\``;
const PRO = 'audience pro = account where plan = "pro"\n';

export const words: Mistake[] = [
  // ------------------------------------------------------------ left-out keywords
  {
    who: 'English',
    meant: 'a sync without `to`, as in "sync pro zendesk"',
    roster: `${PRO}sync pro zendesk\n`,
    code: 'syntax-missing-keyword',
    at: 'zendesk',
    message: 'sync needs `to` before the destination: `sync pro to zendesk`',
    help: ['write `sync pro to zendesk`'],
  },
  {
    who: 'English',
    meant: 'a sync without `to`, its calls written',
    roster: `${PRO}sync pro zendesk with group, identify\n`,
    code: 'syntax-missing-keyword',
    at: 'zendesk',
    message: 'sync needs `to` before the destination: `sync pro to zendesk`',
    help: ['write `sync pro to zendesk with group, identify`'],
  },
  {
    who: 'English',
    meant: 'a sync without `with` before its calls',
    roster: `${PRO}sync pro to zendesk group, identify\n`,
    code: 'syntax-missing-keyword',
    at: 'group',
    message: 'sync needs `with` before the calls: `sync pro to zendesk with group`',
    help: ['write `sync pro to zendesk with group, identify`'],
  },
  {
    who: 'English',
    meant: 'a sync `into` a destination',
    roster: `${PRO}sync pro into zendesk with group\n`,
    code: 'syntax-expected-keyword',
    at: 'into',
    message: 'expected `to` after `pro`, but found `into`',
    help: ['write `sync pro to zendesk with group`'],
  },
  {
    who: 'English',
    meant: '`more than` without `than`',
    roster: 'audience regulars = user where did "Logged In" more 3 times within 7 days\n',
    code: 'syntax-missing-keyword',
    at: '3',
    message: '`more` needs `than` before the number `3`: `more than 3`',
    help: [
      'write `audience regulars = user where did "Logged In" more than 3 times within 7 days`',
    ],
  },
  {
    who: 'typo',
    meant: '`more than` written `more then`',
    roster: 'audience regulars = user where did "Logged In" more then 3 times\n',
    code: 'syntax-expected-keyword',
    at: 'then',
    message: 'expected `than` after `more`, but found `then`',
    help: ['write `audience regulars = user where did "Logged In" more than 3 times`'],
  },
  {
    who: 'English',
    meant: '`starts with` without `with`',
    roster: 'audience acme = account where name starts "Acme"\n',
    code: 'syntax-missing-keyword',
    at: '"Acme"',
    message: '`starts` needs `with` before the string `"Acme"`: `starts with "Acme"`',
    help: ['write `audience acme = account where name starts with "Acme"`'],
  },
  {
    who: 'Segment',
    meant: 'a trait and its value with no operator between',
    roster: 'audience pro_big = account where seats > 10 and plan "pro"\n',
    code: 'syntax-unexpected-token',
    at: '"pro"',
    message:
      'unexpected string `"pro"` after `plan`: expected a comparison (like `= "pro"`, `> 10`, `in ["a", "b"]` or `is set`)',
    help: ['write `audience pro_big = account where seats > 10 and plan = "pro"`'],
  },
  {
    who: 'Segment',
    meant: 'a trait and a list with no `in` between',
    roster: 'audience paid = account where plan ["pro", "enterprise"]\n',
    code: 'syntax-unexpected-token',
    at: '[',
    message:
      'unexpected `[` after `plan`: expected a comparison (like `= "pro"`, `> 10`, `in ["a", "b"]` or `is set`)',
    help: ['write `audience paid = account where plan in ["pro", "enterprise"]`'],
  },
  {
    who: 'English',
    meant: '`within 30 days ago` for a window that ends in the past',
    roster: 'trait recent_logins = user count "Logged In" within 30 days ago\n',
    code: 'syntax-unexpected-token',
    at: 'ago',
    message:
      'unexpected `ago` after `within 30 days`: expected the end of the window (`within` counts back from now; a window that ends in the past is `between N and M UNITS ago` or `before N UNITS ago`)',
    help: [
      'for the last 30 days, drop `ago`: `trait recent_logins = user count "Logged In" within 30 days`',
      'for a window that ends 30 days ago: `trait recent_logins = user count "Logged In" between 30 and 60 days ago`',
    ],
  },
  {
    who: 'typo',
    meant: 'the `=` after a trait name forgotten',
    roster: 'trait logins user count "Logged In" within 30 days\n',
    code: 'syntax-expected-equals',
    at: 'user',
    message: 'expected `=` after the name `logins`, but found `user`',
    help: ['write `trait logins = user count "Logged In" within 30 days`'],
  },
  {
    who: 'English',
    meant: 'a count before `for the first time`',
    roster:
      'audience firsts = user where did "Logged In" at least 2 times for the first time within 7 days\n',
    code: 'syntax-lifecycle-form',
    at: 'at least 2 times',
    message: '`for the first time` takes no count',
    help: [
      'remove the count: `audience firsts = user where did "Logged In" for the first time within 7 days`',
    ],
  },
  // ------------------------------------------------------------ names where an event goes
  {
    who: 'Segment',
    meant: 'an event name with spaces, unquoted, in a sum',
    roster:
      'trait revenue = user sum Order Completed.revenue\naudience big = user where revenue > 100\n',
    code: 'syntax-expected-event',
    at: 'Order Completed',
    message: EVENT('sum'),
    help: [
      'write the event name in double quotes: `trait revenue = user sum "Order Completed".revenue`',
    ],
  },
  {
    who: 'Segment',
    meant: 'an unquoted event name, a letter short, in a sum with a window',
    roster:
      'trait revenue = account sum Order Complete.revenue within 30 days\naudience big = account where revenue > 100\n',
    code: 'syntax-expected-event',
    at: 'Order Complete',
    message: EVENT('sum'),
    help: [
      'write the event name in double quotes: `trait revenue = account sum "Order Completed".revenue within 30 days`',
    ],
  },
  {
    who: 'dbt',
    meant: 'an event as a snake_case model name after `did`',
    roster: 'audience active = user where did logged_in within 7 days\n',
    code: 'syntax-expected-event',
    at: 'logged_in',
    message: EVENT('did'),
    help: [
      'write the event name in double quotes: `audience active = user where did "Logged In" within 7 days`',
    ],
  },
  {
    who: 'Segment',
    meant: 'an event name run together, unquoted',
    roster: 'audience inviters = user where did InviteSent\n',
    code: 'syntax-expected-event',
    at: 'InviteSent',
    message: EVENT('did'),
    help: [
      'write the event name in double quotes: `audience inviters = user where did "Invite Sent"`',
    ],
  },
  {
    who: 'English',
    meant: 'a computed trait tested with `did`',
    roster:
      'trait logins = user count "Logged In" within 30 days\naudience active = user where did logins\n',
    code: 'syntax-expected-event',
    at: 'logins',
    nth: 2,
    message: NOT_EVENT('logins', 'a trait', 'did'),
    help: ['to test the trait `logins`, write `audience active = user where logins > 0`'],
  },
  {
    who: 'English',
    meant: 'a trait defined in another file, tested with `did`, with a window after it',
    roster: 'audience active = user where did logins within 7 days\n',
    files: { 'audiences/traits.roster': 'trait logins = user count "Logged In" within 30 days\n' },
    code: 'syntax-expected-event',
    at: 'logins',
    message: NOT_EVENT('logins', 'a trait', 'did'),
    help: [
      'write an event of schema.yml in double quotes: `"Logged In"`, `"Feature Used"`, `"Order Completed"` or `"Invite Sent"`',
    ],
  },
  {
    who: 'English',
    meant: 'a boolean trait of schema.yml tested with `did`',
    roster: 'audience testers = user where did beta and role = "Admin"\n',
    code: 'syntax-expected-event',
    at: 'beta',
    message: NOT_EVENT('beta', 'a trait', 'did'),
    help: [
      'to test the trait `beta`, write `audience testers = user where beta is true and role = "Admin"`',
    ],
  },
  {
    who: 'English',
    meant: 'a trait named like the event, tested with `did`',
    roster: 'trait logged_in = user count "Logged In"\naudience seen = user where did logged_in\n',
    code: 'syntax-expected-event',
    at: 'logged_in',
    nth: 2,
    message: NOT_EVENT('logged_in', 'a trait', 'did'),
    help: [
      'to test the trait `logged_in`, write `audience seen = user where logged_in > 0`',
      'or, for the event, write the event name in double quotes: `audience seen = user where did "Logged In"`',
    ],
  },
  {
    who: 'English',
    meant: 'an audience tested with `did`',
    roster:
      'audience testers = user where beta is true\naudience active_testers = user where did testers and did "Logged In"\n',
    code: 'syntax-expected-event',
    at: 'testers',
    nth: 3,
    message: NOT_EVENT('testers', 'an audience', 'did'),
    help: [
      'to test the audience `testers`, write `audience active_testers = user where in testers and did "Logged In"`',
    ],
  },
];
