/**
 * Imported first by main.tsx, before any module that builds a schema: the page's Content-Security-Policy
 * forbids eval, so zod must not probe for (or use) its compiled fast path. Zod decides when a schema is built.
 */
import { z } from 'zod';

z.config({ jitless: true });
