/**
 * Strings that lost a quote (issue 16, item 3). A lost `"` pairs with the
 * next quote on the line, so the string the lexer sees swallows keywords and
 * spaces and a bare word follows it; the last quote of the line is the only
 * one that looks unterminated. Each case blames the string left open (or the
 * value whose opening quote is missing) and shows the line fixed.
 */
import type { Mistake } from './corpus-harness.js';

const RUNS_ON = (word: string) =>
  `this string is not closed: its closing \`"\` is missing, so it runs on to the \`"\` before \`${word}\``;
const NOT_OPENED = (words: string, until = 'the next `"`') =>
  `\`${words}\` is missing its opening \`"\`: the \`"\` after it opens a string instead, which runs on to ${until}`;
const TO_LINE_END =
  'this string is not closed: its closing `"` is missing, so it runs on to the end of the line';

export const strings: Mistake[] = [
  {
    who: 'Segment',
    meant: 'an event name that lost its closing quote, another event later on the line',
    roster: 'audience active = user where did "Logged In within 7 days and did "Feature Used"\n',
    code: 'syntax-unterminated-string',
    at: '"Logged In',
    message: RUNS_ON('Feature'),
    help: [
      'close it: `audience active = user where did "Logged In" within 7 days and did "Feature Used"`',
    ],
  },
  {
    who: 'SQL',
    meant: 'a list value that lost its closing quote',
    roster: 'audience paid = account where plan in ["pro, "enterprise"]\n',
    code: 'syntax-unterminated-string',
    at: '"pro',
    message: RUNS_ON('enterprise'),
    help: ['close it: `audience paid = account where plan in ["pro", "enterprise"]`'],
  },
  {
    who: 'typo',
    meant: 'the first of three strings lost its closing quote',
    roster: 'audience named = account where plan = "pro and industry = "saas" and name = "Acme"\n',
    code: 'syntax-unterminated-string',
    at: '"pro',
    message: RUNS_ON('saas'),
    help: [
      'close it: `audience named = account where plan = "pro" and industry = "saas" and name = "Acme"`',
    ],
  },
  {
    who: 'typo',
    meant: 'a company name that lost its opening quote',
    roster: 'audience acme = account where name = Acme Corp" and plan = "pro"\n',
    code: 'syntax-unterminated-string',
    at: 'Acme Corp"',
    message: NOT_OPENED('Acme Corp'),
    help: ['open it: `audience acme = account where name = "Acme Corp" and plan = "pro"`'],
  },
  {
    who: 'Segment',
    meant: 'an event name that lost its opening quote',
    roster: 'audience active = user where did Logged In" within 7 days and did "Feature Used"\n',
    code: 'syntax-unterminated-string',
    at: 'Logged In"',
    message: NOT_OPENED('Logged In'),
    help: [
      'open it: `audience active = user where did "Logged In" within 7 days and did "Feature Used"`',
    ],
  },
  {
    who: 'Segment',
    meant: 'an event name that lost its closing quote before its filter',
    roster:
      'audience eu = user where did "Order Completed where revenue > 100 and currency = "EUR"\n',
    code: 'syntax-unterminated-string',
    at: '"Order Completed',
    message: RUNS_ON('EUR'),
    help: [
      'close it: `audience eu = user where did "Order Completed" where revenue > 100 and currency = "EUR"`',
    ],
  },
  {
    who: 'typo',
    meant: 'a string left open at the end of the first line of a two-line definition',
    roster: 'audience pro_saas = account where plan = "pro\n  and industry = "saas"\n',
    code: 'syntax-unterminated-string',
    at: '"pro',
    message: 'unterminated string: the closing `"` is missing on this line',
    help: [
      'add the closing `"`: `audience pro_saas = account where plan = "pro"`',
      'a `"` inside a string is written `\\"`',
    ],
  },
  // A string left open at the end of its line that swallowed the rest of the condition:
  // it is closed where the value ended, not at the end of the line.
  {
    who: 'typo',
    meant: 'a filter value left open, the rest of the condition after it on the line',
    roster:
      'audience eu = user where did "Order Completed" where currency = "EUR and revenue > 100 within 30 days\n',
    code: 'syntax-unterminated-string',
    at: '"EUR',
    message: TO_LINE_END,
    help: [
      'close it: `…"Order Completed" where currency = "EUR" and revenue > 100 within 30 days`',
    ],
  },
  {
    who: 'Segment',
    meant: 'the last event name of a line left open before its window',
    roster:
      'audience both = user where did "Feature Used" where feature = "export" and did "Logged In within 7 days\n',
    code: 'syntax-unterminated-string',
    at: '"Logged In',
    message: TO_LINE_END,
    help: ['close it: `…re feature = "export" and did "Logged In" within 7 days`'],
  },
  {
    who: 'typo',
    meant: 'the last value of a list left open before its `]`',
    roster: 'audience paid = account where plan in ["pro", "enterprise]\n',
    code: 'syntax-unterminated-string',
    at: '"enterprise',
    message: TO_LINE_END,
    help: ['close it: `audience paid = account where plan in ["pro", "enterprise"]`'],
  },
  {
    who: 'typo',
    meant: 'a list value left open on the first line of two',
    roster: 'audience picked = account where industry in ["saas", "fintech]\n  and seats > 10\n',
    code: 'syntax-unterminated-string',
    at: '"fintech',
    message: TO_LINE_END,
    help: ['close it: `audience picked = account where industry in ["saas", "fintech"]`'],
  },
  {
    who: 'typo',
    meant: 'a date left open before `and`',
    roster: 'audience recent = user where signed_up_at after "2026-01-01 and beta is true\n',
    code: 'syntax-unterminated-string',
    at: '"2026-01-01',
    message: TO_LINE_END,
    help: [
      'close it: `audience recent = user where signed_up_at after "2026-01-01" and beta is true`',
    ],
  },
  {
    who: 'typo',
    meant: 'the last track option of a sync left open before its `)`',
    roster:
      'audience pro = account where plan = "pro"\nsync pro to zendesk with track (entered = "Pro Entered", exited = "Pro Exited)\n',
    code: 'syntax-unterminated-string',
    at: '"Pro Exited',
    message: TO_LINE_END,
    help: [
      'close it: `sync pro to zendesk with track (entered = "Pro Entered", exited = "Pro Exited")`',
    ],
  },
  {
    who: 'typo',
    meant: 'the first track option of a sync lost its closing quote',
    roster:
      'audience pro = account where plan = "pro"\nsync pro to zendesk with track (entered = "Pro Entered, exited = "Pro Exited")\n',
    code: 'syntax-unterminated-string',
    at: '"Pro Entered',
    message: RUNS_ON('Pro'),
    help: [
      'close it: `sync pro to zendesk with track (entered = "Pro Entered", exited = "Pro Exited")`',
    ],
  },
  {
    who: 'typo',
    meant: 'the last value of a list lost its opening quote',
    roster: 'audience paid = account where plan in ["pro", enterprise"]\n',
    code: 'syntax-unterminated-string',
    at: 'enterprise"',
    message: NOT_OPENED('enterprise', 'the end of the line'),
    help: ['open it: `audience paid = account where plan in ["pro", "enterprise"]`'],
  },
  {
    who: 'typo',
    meant: 'a value with "and" in it left open: closed at the end of the line',
    roster: 'audience ice = account where name = "Ben and Jerry\n',
    code: 'syntax-unterminated-string',
    at: '"Ben and Jerry',
    message: 'unterminated string: the closing `"` is missing on this line',
    help: [
      'add the closing `"`: `audience ice = account where name = "Ben and Jerry"`',
      'a `"` inside a string is written `\\"`',
    ],
  },
];
