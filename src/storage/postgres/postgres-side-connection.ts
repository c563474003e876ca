// Side connections (side-connection.ts) taken from the pg pool: a bulk write of the search index keeps its own
// transaction on one, and sends its rows with binary COPY (which Kysely cannot), the cheapest way in for the
// server and for us.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { CompiledQuery } from 'kysely';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { SideConnection, SideConnections } from '../side-connection.ts';

export function sideConnectionsOf(pool: pg.Pool): SideConnections {
  return {
    connect: async (): Promise<SideConnection> => {
      const client = await pool.connect();
      return {
        query: async <R>(query: CompiledQuery) =>
          (await client.query(query.sql, query.parameters as unknown[])).rows as R[],
        copyIn: (copy, data) => pipeline(Readable.from([data]), client.query(copyFrom(copy))),
        release: (failure) => client.release(failure === undefined ? undefined : true),
      };
    },
  };
}

/** PostgreSQL's binary COPY input: a signature, flags and an empty header extension, then rows, then -1. */
const copySignature = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');

/** One field of a binary COPY row: a bigint, text, or a value already in the type's binary form. */
export type CopyField = { bigint: number } | string | Uint8Array;

/** The binary COPY input of these rows (each the same fields, in the statement's column order). */
export function binaryCopyOf(rows: CopyField[][]): Buffer {
  let size = copySignature.length + 8 + 2;
  const texts: Buffer[] = [];
  for (const row of rows) {
    size += 2;
    for (const field of row) {
      if (typeof field === 'string') {
        const bytes = Buffer.from(field, 'utf8');
        texts.push(bytes);
        size += 4 + bytes.length;
      } else size += 4 + (field instanceof Uint8Array ? field.byteLength : 8);
    }
  }
  const out = Buffer.allocUnsafe(size);
  let offset = copySignature.copy(out, 0);
  offset = out.writeInt32BE(0, offset); // flags
  offset = out.writeInt32BE(0, offset); // header extension length
  let text = 0;
  for (const row of rows) {
    offset = out.writeInt16BE(row.length, offset);
    for (const field of row) {
      if (typeof field === 'string') {
        const bytes = texts[text++] as Buffer;
        offset = out.writeInt32BE(bytes.length, offset);
        offset += bytes.copy(out, offset);
      } else if (field instanceof Uint8Array) {
        offset = out.writeInt32BE(field.byteLength, offset);
        out.set(field, offset);
        offset += field.byteLength;
      } else {
        offset = out.writeInt32BE(8, offset);
        offset = out.writeBigInt64BE(BigInt(field.bigint), offset);
      }
    }
  }
  out.writeInt16BE(-1, offset);
  return out;
}
