// Input checked against a zod schema at the edge (configuration, an import line, an API query) is refused
// the same way everywhere: a ValidationError naming each field by its path, with a reason a person can act on.
import type { z } from 'zod';
import { ValidationError, type FieldProblem } from './errors.ts';

export type Validated<T> = { ok: true; value: T } | { ok: false; error: ValidationError };

/**
 * The schema's output for `value`, or a ValidationError with one problem per issue (and per key a strict
 * object does not know); `details.field` is the first field. `wholeValueField` names an issue about the
 * value as a whole (`(line)` for an import line).
 */
export function parseWith<Schema extends z.ZodType>(
  schema: Schema,
  value: unknown,
  wholeValueField = '(value)',
): Validated<z.output<Schema>> {
  // The input is reported so that a missing field (no input) reads differently from a wrong one.
  const result = schema.safeParse(value, { reportInput: true });
  return result.success
    ? { ok: true, value: result.data }
    : { ok: false, error: validationErrorOf(result.error, wholeValueField) };
}

/** Like parseWith, throwing the ValidationError. */
export function validateWith<Schema extends z.ZodType>(
  schema: Schema,
  value: unknown,
  wholeValueField?: string,
): z.output<Schema> {
  const result = parseWith(schema, value, wholeValueField);
  if (!result.ok) throw result.error;
  return result.value;
}

function validationErrorOf(error: z.ZodError, wholeValueField: string): ValidationError {
  const problems = problemsOf(error.issues, [], wholeValueField);
  const message = problems.map((p) => `${p.field}: ${p.message}`).join('; ');
  return new ValidationError(message, { field: problems[0]?.field ?? wholeValueField, problems }, { cause: error });
}

type Issue = z.core.$ZodIssue;

function problemsOf(issues: readonly Issue[], basePath: PropertyKey[], wholeValueField: string): FieldProblem[] {
  return issues.flatMap((issue): FieldProblem[] => {
    const path = [...basePath, ...issue.path];
    const field = path.length > 0 ? path.map(String).join('.') : wholeValueField;
    if (issue.code === 'unrecognized_keys') {
      const prefix = path.length > 0 ? `${field}.` : '';
      return issue.keys.map((key) => ({ field: prefix + key, message: 'is not supported' }));
    }
    if (issue.code === 'invalid_type') return [{ field, message: wrongTypeMessage(issue.expected, issue.input) }];
    if (issue.code === 'invalid_union') {
      // Each alternative failed. Where none took the value's type, say which types it may have; where one
      // did, its problems are the ones to act on.
      const typeMisses = issue.errors.map((branch) =>
        branch.find((i) => i.code === 'invalid_type' && i.path.length === 0),
      );
      if (issue.errors.length > 0 && typeMisses.every((miss) => miss !== undefined)) {
        const expected = typeMisses.map((miss) => expectedName((miss as z.core.$ZodIssueInvalidType).expected));
        return [{ field, message: `must be ${expected.join(' or ')}, got ${jsonTypeOf(issue.input)}` }];
      }
      const taken = issue.errors.filter((_, i) => typeMisses[i] === undefined);
      if (taken.length === 1) return problemsOf(taken[0] as Issue[], path, wholeValueField);
    }
    return [{ field, message: issue.message }];
  });
}

/** "must be a string, got number"; a missing field (no input at all) "is required". */
function wrongTypeMessage(expected: string, input: unknown): string {
  if (input === undefined) return 'is required';
  if (expected === 'int' && typeof input === 'number') return `must be a whole number, got ${input}`;
  return `must be ${expectedName(expected)}, got ${jsonTypeOf(input)}`;
}

const expectedNames: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  object: 'a JSON object',
  array: 'a list',
  null: 'null',
};

function expectedName(expected: string): string {
  return expectedNames[expected] ?? expected;
}

/** The JSON name of the value's type. */
function jsonTypeOf(input: unknown): string {
  if (input === null) return 'null';
  if (Array.isArray(input)) return 'a list';
  if (typeof input === 'object') return 'an object';
  return typeof input;
}
