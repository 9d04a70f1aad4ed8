/**
 * A deterministic corpus of realistic roster definitions for the front-end
 * benchmark: the mix a large B2B workspace has (computed traits, SQL traits,
 * account and user audiences with quantifiers, filters and windows, syncs,
 * doc comments), not the adversarial shapes of the property tests.
 */

/** mulberry32: a tiny seeded PRNG, so every run measures the same text. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const EVENTS = [
  'Logged In',
  'Feature Used',
  'Order Completed',
  'Invite Sent',
  'Report Exported',
  'Seat Added',
];
const UNITS = ['days', 'hours', 'weeks'];
const INDUSTRIES = ['Software', 'Retail', 'Finance', 'Health'];

export function frontEndCorpus(definitions: number, seed = 1): string {
  const random = prng(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const n = (max: number): number => 1 + Math.floor(random() * max);
  const window = (): string => `within ${n(90)} ${pick(UNITS)}`;
  const out: string[] = [];
  for (let i = 0; i < definitions; i++) {
    const event = pick(EVENTS);
    switch (i % 8) {
      case 0:
        out.push(
          `## ${event} by anyone in the account, recent.\ntrait t${i} = account count "${event}" ${window()}`,
        );
        break;
      case 1:
        out.push(
          `trait t${i} = user sum "Order Completed".revenue where currency = "USD" and revenue >= ${n(500)} ${window()}`,
        );
        break;
      case 2:
        out.push(
          `trait t${i} = account sql number """\n  select m.account_id as id, count(distinct e.user_id) as value\n` +
            `  from {{ memberships }} m join {{ tracks }} e on e.user_id = m.user_id\n` +
            `  where e.event = '${event}' and e.timestamp > {{ now }} - interval '${n(60)} days'\n  group by 1\n"""`,
        );
        break;
      case 3:
        out.push(
          `# Accounts to look at this week.\naudience a${i} = account where any user did "${event}" ${window()}\n` +
            `  and t${i - 3} < ${n(20)} and industry in ["${pick(INDUSTRIES)}", "${pick(INDUSTRIES)}"]`,
        );
        break;
      case 4:
        out.push(
          `audience a${i} = user where did "${event}" where feature = "export" at least ${n(5)} times ${window()}` +
            ` and not account.plan = "free" # paying accounts only`,
        );
        break;
      case 5:
        out.push(
          `audience a${i} = account where at least ${n(4)} users (role = "Admin" and did "Logged In" ${window()})` +
            ` or seats > ${n(100)} and plan != "pro" or (last "${event}") before "2026-01-01"`,
        );
        break;
      case 6:
        out.push(
          `audience a${i} = user where account in a${i - 3} and signed_up_at ${window()} and email ends with "@acme.io"`,
        );
        break;
      case 7:
        out.push(
          `sync a${i - 2} to zendesk with group, identify, track (entered = "Segment ${i} Entered", exited = "Segment ${i} Exited")`,
        );
        break;
    }
  }
  return `${out.join('\n\n')}\n`;
}
