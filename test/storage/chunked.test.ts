import { expect, test } from 'vitest';
import { chunked } from '../../src/storage/chunked.ts';

test('splits rows into slices of at most the given size, in order, the last one shorter', () => {
  expect(chunked([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
  expect(chunked([1, 2, 3, 4], 2)).toEqual([
    [1, 2],
    [3, 4],
  ]);
  expect(chunked([], 500)).toEqual([]);
});
