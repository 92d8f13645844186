/**
 * @file Zod's JIT compiles validators with `new Function`, which the shells' CSP forbids; its
 * probe is caught but still logs a CSP violation. The renderer validates little (event payloads,
 * envelopes), so it runs zod without the JIT. Imported first by main.tsx, before any parse.
 */
import { z } from 'zod';

z.config({ jitless: true });
