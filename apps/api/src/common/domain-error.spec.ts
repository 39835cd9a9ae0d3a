import { API_ERROR_CODES } from '@hotline/contracts';
import { ErlangInputError, ErlangStaffingError } from '@hotline/erlang';
import { InputError } from '@hotline/events';
import { ForecastInputError } from '@hotline/forecast';
import { ScoringError } from '@hotline/scoring';
import { DomainError, ERROR_STATUS, domain } from './domain-error.js';

function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('nothing was thrown');
}

describe('the one code -> status table', () => {
  it('gives every code of the contract a status, and a DomainError takes its status from its code', () => {
    expect(Object.keys(ERROR_STATUS).sort()).toEqual([...API_ERROR_CODES].sort());
    expect(new DomainError('stale_revision', 'changed meanwhile', 'revision')).toMatchObject({ status: 409, code: 'stale_revision', field: 'revision' });
    expect(new DomainError('not_found', 'no such call').status).toBe(404);
    expect(new DomainError('too_large', 'the body is too large').status).toBe(413);
  });

  it('keeps the two historical second statuses, and a new field keeps the status', () => {
    expect(DomainError.withStatus('bad_rows', 409, '2 bad rows', 'confirm').status).toBe(409);
    expect(DomainError.withStatus('bad_rows', 409, '2 bad rows').withField('rows')).toMatchObject({ status: 409, field: 'rows', code: 'bad_rows' });
  });
});

describe('domain(): library input errors as DomainErrors', () => {
  it('the libraries share one InputError; ScoringError keeps its `field: detail` message', () => {
    expect(new ErlangInputError('not-an-integer', 'agents', 'must be a whole number')).toBeInstanceOf(InputError);
    expect(new ScoringError('negative', 'requests', 'must be >= 0')).toMatchObject({ message: 'requests: must be >= 0', detail: 'must be >= 0' });
    expect(new ForecastInputError('invalid', 'day', 'is not a date').message).toBe('day is not a date');
  });

  it('maps codes and statuses as the staffing and roster services always did', () => {
    const rename = (f: string) => (f === 'weeks' ? 'historyWeeks' : f);
    expect(thrown(() => domain(() => { throw new ForecastInputError('out-of-range', 'weeks', 'must be >= 1'); }, rename))).toMatchObject({
      code: 'invalid_request', status: 400, field: 'historyWeeks', message: 'historyWeeks: weeks must be >= 1',
    });
    expect(thrown(() => domain(() => { throw new ForecastInputError('insufficient-history', 'from', 'has no day before it'); }))).toMatchObject({ code: 'insufficient_history', status: 422 });
    expect(thrown(() => domain(() => { throw new ForecastInputError('too-large', 'intervals', 'is too much work'); }))).toMatchObject({ code: 'too_large', status: 400 });
    expect(thrown(() => domain(() => { throw new ErlangInputError('negative', 'agents', 'must be >= 0'); }, rename))).toMatchObject({ code: 'invalid_request', status: 400, message: 'agents must be >= 0' });
    expect(thrown(() => domain(() => { throw new ErlangStaffingError(14, 'no number of agents up to 14'); }))).toMatchObject({ code: 'target_unreachable', status: 422 });
    const other = new Error('not an input error');
    expect(thrown(() => domain(() => { throw other; }))).toBe(other);
  });
});
