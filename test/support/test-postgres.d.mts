// Types of test-postgres.mjs, for the suites.
export declare const testRole: { name: string; password: string };
export declare function postgresUrlCandidates(env?: NodeJS.ProcessEnv): string[];
export declare function postgresAnswers(url: string): Promise<boolean>;
export declare function findTestPostgres(env?: NodeJS.ProcessEnv): Promise<string | null>;
