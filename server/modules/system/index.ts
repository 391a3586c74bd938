// The system module's public entry. It has no module.ts: the composition root (server/server.ts)
// builds its routes, since they report on the running server itself (health, version, routes).
export { systemRoutes } from './routes.js';
