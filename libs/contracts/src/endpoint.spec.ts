import { shadows } from './endpoint';

describe('shadows (a route registered earlier takes every request of a later one)', () => {
  it('a parameter takes a literal of the same place', () => {
    expect(shadows('/api/requests/{id}', '/api/requests/mine')).toBe(true);
    expect(shadows('/api/requests/{id}', '/api/requests/{other}')).toBe(true);
  });
  it('a literal leaves a later parameter reachable, and other shapes never clash', () => {
    expect(shadows('/api/requests/mine', '/api/requests/{id}')).toBe(false);
    expect(shadows('/api/requests/{id}', '/api/requests/{id}/caller')).toBe(false);
    expect(shadows('/api/requests/{id}', '/api/calls/mine')).toBe(false);
    expect(shadows('/api/requests', '/api/requests/mine')).toBe(false);
  });
});
