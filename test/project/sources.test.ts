import { describe, expect, it } from 'vitest';
import { buildSources, defaultSourceMappings } from '../../src/project/index.js';

describe('defaultSourceMappings', () => {
  it('json layout: one table per relation with the logical column names of LANGUAGE.md §6', () => {
    const m = defaultSourceMappings('json');
    expect(m.tracks).toEqual({
      table: 'tracks',
      columns: {
        message_id: 'message_id',
        user_id: 'user_id',
        event: 'event',
        timestamp: 'timestamp',
        group_id: 'group_id',
        properties: 'properties',
      },
    });
    const pageColumns = {
      message_id: 'message_id',
      user_id: 'user_id',
      timestamp: 'timestamp',
      group_id: 'group_id',
      properties: 'properties',
    };
    expect(m.pages).toEqual({ table: 'pages', columns: pageColumns });
    expect(m.screens).toEqual({ table: 'screens', columns: pageColumns });
    expect(m.users).toEqual({ table: 'users', columns: { id: 'id' } });
    expect(m.accounts).toEqual({ table: 'accounts', columns: { id: 'id' } });
    expect(m.memberships).toEqual({
      table: 'memberships',
      columns: { user_id: 'user_id', account_id: 'account_id' },
    });
  });

  it("segment layout: Segment's warehouse tables, groups for accounts and memberships", () => {
    const m = defaultSourceMappings('segment');
    expect(m.tracks).toEqual({
      table: 'tracks',
      columns: {
        message_id: 'id',
        user_id: 'user_id',
        event: 'event_text',
        timestamp: 'timestamp',
        group_id: 'context_group_id',
      },
    });
    expect(m.pages.columns).toEqual({
      message_id: 'id',
      user_id: 'user_id',
      timestamp: 'timestamp',
      group_id: 'context_group_id',
      name: 'name',
      url: 'url',
      path: 'path',
      referrer: 'referrer',
      title: 'title',
    });
    expect(m.screens.columns).toEqual({
      message_id: 'id',
      user_id: 'user_id',
      timestamp: 'timestamp',
      group_id: 'context_group_id',
      name: 'name',
    });
    expect(m.users).toEqual({ table: 'users', columns: { id: 'id' } });
    expect(m.accounts).toEqual({
      table: 'groups',
      columns: { id: 'group_id' },
      reduce: { kind: 'latest', key: 'group_id', orderBy: 'timestamp' },
    });
    expect(m.memberships).toEqual({
      table: 'groups',
      columns: { user_id: 'user_id', account_id: 'group_id' },
      reduce: { kind: 'distinct' },
    });
  });

  it('returns fresh objects, so callers cannot change the defaults', () => {
    defaultSourceMappings('json').tracks.columns.event = 'x';
    expect(defaultSourceMappings('json').tracks.columns.event).toBe('event');
  });
});

describe('buildSources', () => {
  it('overrides per column, drops `false` sources and qualifies bare tables with the schema', () => {
    const s = buildSources(
      'json',
      {
        tracks: { columns: { event: 'event_name' } },
        screens: false,
        users: { table: 'crm.people' },
        pages: { table: 'data/pages/*.parquet' },
      },
      'raw',
    );
    expect(s.layout).toBe('json');
    expect(s.schema).toBe('raw');
    expect(s.mappings.screens).toBeUndefined();
    expect(s.disabled).toEqual(['screens']);
    expect(s.mappings.tracks!.table).toBe('raw.tracks');
    expect(s.mappings.tracks!.columns.event).toBe('event_name');
    expect(s.mappings.tracks!.columns.user_id).toBe('user_id');
    expect(s.mappings.users!.table).toBe('crm.people');
    expect(s.mappings.pages!.table).toBe('data/pages/*.parquet');
  });

  it("drops the layout's reduce when the user points a source at a table of their own", () => {
    const s = buildSources('segment', {
      accounts: { table: 'crm.accounts' },
      memberships: { columns: { account_id: 'gid' } },
    });
    expect(s.mappings.accounts!.reduce).toBeUndefined();
    expect(s.mappings.memberships).toEqual({
      table: 'groups',
      columns: { user_id: 'user_id', account_id: 'gid' },
      reduce: { kind: 'distinct' },
    });
  });
});
