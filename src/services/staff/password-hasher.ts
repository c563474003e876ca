// Staff passwords are stored as argon2id hashes (PHC strings carrying their own parameters). Hashing runs on
// libuv's thread pool, never on the event loop. The cost is chosen to take about 50–100 ms on a small server
// (`npm run bench` measures it): slow for a guesser with a stolen table, quick enough for a sign-in.
import { hash, verify } from '@node-rs/argon2';

/** argon2id with 64 MiB, three passes, one lane. */
export const passwordHashParameters = {
  // `Algorithm` is a const enum, a type-only export under verbatimModuleSyntax: 2 is argon2id.
  algorithm: 2,
  memoryCost: 65_536,
  timeCost: 3,
  parallelism: 1,
} as const;

export type PasswordHasher = {
  hash: (password: string) => Promise<string>;
  /** Whether `password` matches `storedHash`; false (never an exception) for a hash it cannot read. */
  verify: (storedHash: string, password: string) => Promise<boolean>;
};

export const argon2idPasswordHasher: PasswordHasher = {
  hash: (password) => hash(password, passwordHashParameters),
  verify: async (storedHash, password) => {
    try {
      return await verify(storedHash, password);
    } catch {
      return false;
    }
  },
};
