// Test helper: OSV records in the shape the OSV schema requires.
import type { OsvRange } from '../osv/model.js';

export function osvRecord(
  id: string,
  ecosystem: string,
  name: string,
  ranges: OsvRange[],
  extra: Record<string, unknown> & { versions?: string[] } = {},
): Record<string, any> {
  const { versions, ...rest } = extra;
  return {
    schema_version: '1.6.0',
    id,
    modified: '2024-01-01T00:00:00Z',
    published: '2023-12-01T00:00:00Z',
    summary: `${id} in ${name}`,
    affected: [{ package: { ecosystem, name }, ranges, ...(versions ? { versions } : {}) }],
    ...rest,
  };
}

export const eco = (events: OsvRange['events']): OsvRange => ({ type: 'ECOSYSTEM', events });
export const sem = (events: OsvRange['events']): OsvRange => ({ type: 'SEMVER', events });
