import { maskLoggedRequest } from './log-request.js';

describe('maskLoggedRequest', () => {
  it('masks a caller number in the path, the query string (encoded or not) and the parsed query and params', () => {
    const logged = maskLoggedRequest({
      id: 7,
      method: 'GET',
      url: '/api/calls/13812345678?caller=%2B86%20139%201234%205678&q=138+1234+5678&limit=50',
      query: { caller: '+86 139 1234 5678', q: ['138 1234 5678'], nested: { n: '13712345678' }, limit: '50' },
      params: { id: '13812345678' },
    });
    const text = JSON.stringify(logged);
    for (const clear of ['12345678', '1234 5678', '1234%205678', '1234+5678']) expect(text).not.toContain(clear);
    expect(logged).toMatchObject({ id: 7, method: 'GET', query: { limit: '50' } });
    expect(logged.url).toContain('/api/calls/');
    expect(logged.url).toContain('limit=50');
  });

  it('keeps what holds no number, and a URL that is not valid percent-encoding as it came (masked)', () => {
    expect(maskLoggedRequest({ url: '/api/kpi?from=2026-12-01&to=2026-12-07' }).url).toBe('/api/kpi?from=2026-12-01&to=2026-12-07');
    expect(maskLoggedRequest({ url: '/api/x?bad=%E0%A4%A&c=13812345678' }).url).not.toContain('12345678');
    expect(maskLoggedRequest({ method: 'GET' })).toEqual({ method: 'GET' });
  });
});
