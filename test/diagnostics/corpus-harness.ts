/**
 * The mistakes corpus (issue 16): what people coming from SQL, dbt, Segment's
 * UI, JavaScript, English and YAML actually type, each run through `roster
 * check` in a real project folder and asserted in text and JSON: the code,
 * the primary range (the exact text it covers), the message, every `help:`
 * line and every related location. Expected values are written by hand from
 * the mistake, not copied from roster's output.
 */
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export type Who = 'SQL' | 'dbt' | 'Segment' | 'JavaScript' | 'English' | 'YAML' | 'typo';

export interface Related {
  message: string;
  file: string;
  at: string;
  nth?: number;
}

export interface Mistake {
  who: Who;
  /** What the person meant to write. */
  meant: string;
  /** The content of `audiences/a.roster`. */
  roster?: string;
  /** Other files of the project (replacing the defaults). */
  files?: Record<string, string>;
  code: string;
  /** The file of the primary range; `audiences/a.roster` unless given. */
  file?: string;
  /** The text the primary range covers: its `nth` occurrence (1-based) in the file. */
  at: string;
  nth?: number;
  message: string;
  help: string[];
  related?: Related[];
  severity?: 'error' | 'warning';
}

export const ROSTER_YAML = `name: acme
paths: [audiences]
target: dev
targets:
  dev: { dialect: duckdb }
destinations:
  zendesk: { type: file, path: out/calls.ndjson }
`;

export const SCHEMA_YML = `account:
  traits:
    name: string
    plan: { type: string, enum: [free, starter, pro, enterprise] }
    seats: number
    mrr: number
    industry: string
    created_at: timestamp
    tags: list
    is_trial: boolean
user:
  traits:
    email: string
    role: string
    signed_up_at: timestamp
    beta: boolean
events:
  Logged In: {}
  Feature Used:
    properties: { feature: string, duration: number }
  Order Completed:
    properties: { revenue: number, currency: string }
  Invite Sent:
    properties: { role: string }
`;

export function projectFiles(m: Mistake): Record<string, string> {
  return {
    'roster.yaml': ROSTER_YAML,
    'schema.yml': SCHEMA_YML,
    ...(m.roster !== undefined ? { 'audiences/a.roster': m.roster } : {}),
    ...m.files,
  };
}

export function writeProject(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'roster-mistakes-'));
  for (const [name, text] of Object.entries(files)) {
    const path = join(root, name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  }
  return root;
}

export interface Place {
  start: { line: number; column: number; offset: number };
  end: { line: number; column: number; offset: number };
}

/** The range of the `nth` occurrence of `at` in `text`, counted by hand the same way an editor does. */
export function place(text: string, at: string, nth = 1): Place {
  let offset = -1;
  for (let i = 0; i < nth; i++) {
    offset = text.indexOf(at, offset + 1);
    if (offset < 0) throw new Error(`\`${at}\` occurs fewer than ${nth} times in:\n${text}`);
  }
  const pos = (o: number) => {
    const before = text.slice(0, o);
    const line = before.split('\n').length;
    return { line, column: o - before.lastIndexOf('\n'), offset: o };
  };
  return { start: pos(offset), end: pos(offset + at.length) };
}
