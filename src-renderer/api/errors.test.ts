import { describe, expect, it } from 'vitest';
import { StudioError } from '../../src-main/contract';
import { errorText, readableError } from './errors';

describe('readable errors', () => {
  it('keeps the code of studio errors', () => {
    const error = new StudioError('VERSION_TOO_NEW', 'the project was made by a newer Pose Studio');
    expect(readableError(error)).toEqual({
      code: 'VERSION_TOO_NEW',
      message: 'the project was made by a newer Pose Studio',
    });
    expect(errorText(error)).toBe('VERSION_TOO_NEW: the project was made by a newer Pose Studio');
  });

  it('shows plain errors and thrown values as messages', () => {
    expect(errorText(new Error('boom'))).toBe('boom');
    expect(errorText('text')).toBe('text');
  });
});
