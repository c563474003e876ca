// Types of bundle-options.mjs, for the tests that bundle a piece of src/ the way bin/testata.mjs does.
import type { BuildOptions } from 'esbuild';

export declare const bundleOptions: BuildOptions;
