// One module shape. Every module folder has a `module.ts` that default-exports
// `defineModule({ name, service?, routes, jobs? })`, and server/modules/index.ts lists them.
// Wiring, in the order listed: `service(ctx)` is built once, `routes(service, ctx)` gives the
// module's HTTP routes and `jobs(service, ctx)` starts its background work (each job registers
// its stop with ctx.devices, so it stops with the server).
//
// Why module.ts and not index.ts: index.ts is the module's public entry for OTHER modules
// (commands, types). The definition imports the module's routes and so its whole graph;
// exported from index.ts it would turn every pair of modules that call each other (billing
// and printing, say) into an import cycle. Only server/modules/index.ts imports module.ts.
import type { RouteDef } from '../http/route.js';
import type { ModuleContext } from './context.js';

export interface ModuleDefinition<S = undefined> {
  /** The module's folder name under server/modules. */
  name: string;
  /** Builds the module's service once (omitted by modules that use the context's own). */
  service?: (ctx: ModuleContext) => S;
  /** The module's HTTP routes. */
  routes: (service: S, ctx: ModuleContext) => RouteDef[];
  /** Starts the module's background work (daily alerts, timed jobs), stopped with the server. */
  jobs?: (service: S, ctx: ModuleContext) => void;
}

/** A module's definition, checked for its shape (the service type flows into routes and jobs). */
export function defineModule<S = undefined>(def: ModuleDefinition<S>): ModuleDefinition<S> {
  return def;
}

/** Wires the modules in order: each one's service, then its routes, then its jobs. */
export function wireModules(ctx: ModuleContext, modules: readonly ModuleDefinition<any>[]): RouteDef[] {
  const routes: RouteDef[] = [];
  for (const m of modules) {
    const service = m.service ? m.service(ctx) : undefined;
    routes.push(...m.routes(service, ctx));
    m.jobs?.(service, ctx);
  }
  return routes;
}
