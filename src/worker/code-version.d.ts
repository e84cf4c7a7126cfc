/** The code version, defined at build time by vite.config.ts (absent when the worker is not built by Vite). */
declare const __CODE_VERSION__: string | undefined;
