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
  const problems = error.issues.flatMap((issue): FieldProblem[] => {
    const field = issue.path.length > 0 ? issue.path.map(String).join('.') : wholeValueField;
    if (issue.code === 'unrecognized_keys') {
      const prefix = issue.path.length > 0 ? `${field}.` : '';
      return issue.keys.map((key) => ({ field: prefix + key, message: 'is not supported' }));
    }
    if (issue.code === 'invalid_type' && issue.input === undefined) return [{ field, message: 'is required' }];
    return [{ field, message: issue.message }];
  });
  const message = problems.map((p) => `${p.field}: ${p.message}`).join('; ');
  return new ValidationError(message, { field: problems[0]?.field ?? wholeValueField, problems }, { cause: error });
}
