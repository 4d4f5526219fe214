import { InvalidArgumentError } from 'commander';

/** Commander parser for a whole number ≥ `min`: `--sample abc` is a usage error (exit 2), never NaN in a query. */
export function wholeNumber(min = 0): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < min) throw new InvalidArgumentError(`expected a whole number ≥ ${min}, got '${value}'`);
    return n;
  };
}
