/** @file The studio's version, reported by app.info and the CLI. Kept in step with package.json. */
export const STUDIO_VERSION = '0.1.0';
