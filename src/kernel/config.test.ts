import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';
import { InputError } from './errors.js';

describe('configuration', () => {
  it('uses defaults, then environment variables, then flags', () => {
    expect(loadConfig({})).toMatchObject({ port: 7007, host: '127.0.0.1', logLevel: 'info', demo: true });
    expect(loadConfig({ PAVED_PORT: '8080', PAVED_DEMO: '0' })).toMatchObject({ port: 8080, demo: false });
    expect(loadConfig({ PAVED_PORT: '8080' }, { port: '9090' }).port).toBe(9090);
    expect(loadConfig({ PAVED_HOME: 'rel/dir' }).home).toMatch(/^\/.*rel\/dir$/);
  });

  it('names every bad setting and where it came from', () => {
    try {
      loadConfig({ PAVED_PORT: 'seventy', PAVED_DATABASE_URL: 'mysql://x' }, { logLevel: 'loud' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(InputError);
      const details = (error as InputError).details.map((d) => d.path);
      expect(details).toEqual(expect.arrayContaining(['PAVED_PORT', 'PAVED_DATABASE_URL', '--log-level']));
    }
  });
});
