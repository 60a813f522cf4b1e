import { z } from 'zod';
import {
  AppError, ConflictError, NotFoundError, ValidationError, fieldErrorsFromZod, validationErrorFromZod,
} from '../../src/lib/errors';

describe('AppError tree', () => {
  it('when a subclass is thrown, then it carries its stable code and HTTP status', () => {
    const conflict = new ConflictError('PROFILE_EXISTS', 'sample S1 exists with other content');
    const missing = new NotFoundError('no profile prf_1');

    expect(conflict).toBeInstanceOf(AppError);
    expect([conflict.code, conflict.httpStatus, conflict.name]).toEqual(['PROFILE_EXISTS', 409, 'ConflictError']);
    expect([missing.code, missing.httpStatus, missing.name]).toEqual(['NOT_FOUND', 404, 'NotFoundError']);
  });

  it('when a cause is given, then it is kept for the log and not put in the detail', () => {
    const cause = new Error('driver said no');
    const error = new ValidationError('VALIDATION_FAILED', 'bad', { cause });

    expect(error.cause).toBe(cause);
    expect(error.detail).toBe('bad');
  });
});

describe('fieldErrorsFromZod', () => {
  const Schema = z.object({
    sampleId: z.string().min(1),
    genotypes: z.record(z.string(), z.array(z.string()).max(2, 'at most two alleles')),
  });

  it('when a genotype has three alleles, then the field error names the locus', () => {
    const result = Schema.safeParse({ sampleId: 'S1', genotypes: { TH01: ['6', '7', '9.3'] } });

    expect(result.success).toBe(false);
    expect(fieldErrorsFromZod(result.error!)).toEqual([
      { path: 'genotypes.TH01', locus: 'TH01', message: 'at most two alleles' },
    ]);
  });

  it('when several fields are wrong, then every issue becomes one field error with a prefix', () => {
    const result = Schema.safeParse({ sampleId: '', genotypes: 'none' });

    const error = validationErrorFromZod(result.error!, ['items', 3]);

    expect(error.httpStatus).toBe(400);
    expect(error.errors.map((e) => e.path)).toEqual(['items.3.sampleId', 'items.3.genotypes']);
    expect(error.detail).toContain('items.3.sampleId');
  });
});
