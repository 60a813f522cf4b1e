import { z } from 'zod';
import { problemOf, toAppError } from '../../src/api';
import { NomenclatureError, parseAllele } from '../../src/kinship/nomenclature';
import { ConflictError } from '../../src/lib';

function thrownBy(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  throw new Error('nothing thrown');
}

describe('toAppError', () => {
  it('when a NomenclatureError escapes, then it becomes a 400 naming the locus and the allele', () => {
    const error = toAppError(thrownBy(() => parseAllele('D18S51', 'abc')));

    expect(error.httpStatus).toBe(400);
    expect(error.code).toBe('INVALID_ALLELE');
    expect(error.errors[0]).toMatchObject({ locus: 'D18S51', allele: 'abc' });
    expect(thrownBy(() => parseAllele('D18S51', 'abc'))).toBeInstanceOf(NomenclatureError);
  });

  it('when a ZodError escapes, then it becomes a 400 listing every issue path', () => {
    const error = toAppError(thrownBy(() => z.object({ a: z.string(), b: z.number() }).parse({})));

    expect(error.httpStatus).toBe(400);
    expect(error.errors.map((e) => e.path)).toEqual(['a', 'b']);
  });

  it('when the MongoDB driver reports a duplicate key (E11000), then it becomes a 409', () => {
    const error = toAppError(Object.assign(new Error('E11000 duplicate key error collection: profiles'), { code: 11000 }));

    expect(error).toBeInstanceOf(ConflictError);
    expect(error.httpStatus).toBe(409);
    expect(error.detail).not.toContain('E11000');
  });

  it.each([
    ['entity.parse.failed', 400, 'INVALID_JSON'],
    ['entity.too.large', 413, 'PAYLOAD_TOO_LARGE'],
    ['charset.unsupported', 415, 'UNSUPPORTED_MEDIA_TYPE'],
  ])('when body-parser fails with %s, then the status is %i', (type, status, code) => {
    const error = toAppError(Object.assign(new Error('raw parser message with {"genotypes"...'), { type, limit: 100 }));

    expect([error.httpStatus, error.code]).toEqual([status, code]);
    expect(error.detail).not.toContain('genotypes');
  });

  it('when anything else is thrown, then it is a 500 whose problem hides the message', () => {
    const problem = problemOf(toAppError(new TypeError('cannot read x of undefined')), 'req-9');

    expect(problem).toEqual({
      type: 'urn:reunion:INTERNAL', title: 'Internal error', status: 500,
      detail: 'internal error; the request id identifies it in the logs', instance: 'req-9',
    });
  });
});
