import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

// Placeholder: routes are being written.
const routes: FastifyPluginAsyncZod<{ rateLimit: number }> = async () => {};
export default routes;
