import { describe, expect, it } from 'vitest';
import { segmentSnakeCase } from '../../../src/project/snake-case.js';

describe('segmentSnakeCase (the names Segment gives per-event tables and property columns)', () => {
  // The test table of segmentio/go-snakecase, which Segment's warehouse docs name as the rule.
  it.each([
    ['sample text', 'sample_text'],
    ['sample-text', 'sample_text'],
    ['sample_text', 'sample_text'],
    ['sample___text', 'sample_text'],
    ['sampleText', 'sample_text'],
    ['inviteYourCustomersAddInvites', 'invite_your_customers_add_invites'],
    ['sample 2 Text', 'sample_2_text'],
    ['   sample   2    Text   ', 'sample_2_text'],
    ['   $#$sample   2    Text   ', 'sample_2_text'],
    ['SAMPLE 2 TEXT', 'sample_2_text'],
    ['___$$Base64Encode', 'base64_encode'],
    ['FOO:BAR$BAZ', 'foo_bar_baz'],
    ['FOO#BAR#BAZ', 'foo_bar_baz'],
    ['something.com', 'something_com'],
    ['$something%', 'something'],
    ['•¶§ƒ˚foo˙∆˚¬', 'foo'],
  ])('%j → %j', (name, expected) => {
    expect(segmentSnakeCase(name)).toBe(expected);
  });

  it('names the tables and columns of the examples in Segment’s docs and the conformance schema', () => {
    expect(segmentSnakeCase('Order Completed')).toBe('order_completed');
    expect(segmentSnakeCase('Signed Up')).toBe('signed_up');
    expect(segmentSnakeCase('accountType')).toBe('account_type');
    expect(segmentSnakeCase('NPS Submitted')).toBe('nps_submitted');
    expect(segmentSnakeCase('duration')).toBe('duration');
    expect(segmentSnakeCase('created_at')).toBe('created_at');
  });

  it('gives a trailing digit of the kept prefix to the next word', () => {
    expect(segmentSnakeCase('v2Beta')).toBe('v_2beta');
  });
});
