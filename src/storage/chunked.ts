// Long lists of rows or ids go to the database a slice at a time, so that one statement stays under both
// dialects' bound-parameter limits (SQLite's 32,766, PostgreSQL's 65,535).

export function chunked<T>(rows: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < rows.length; i += size) chunks.push(rows.slice(i, i + size));
  return chunks;
}
