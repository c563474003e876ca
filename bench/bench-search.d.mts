// Types of what the tests read from bench-search.mjs: the benchmark's queries, which the generator's test counts.
export declare const searchQueries: { single: string[]; three: string[]; phrase: string[]; filtered: string[] };
