// What the box knows about its devices, for /api/health and the devices page. Each
// device service (card readers, printers) registers a source of statuses; background
// services register a stop function so the server stops them gracefully.

export interface DeviceStatus {
  kind: 'card-reader' | 'printer';
  name: string;
  /** e.g. 'ready', 'card-present', 'offline', 'error', 'printing'. */
  state: string;
  detail?: string;
}

export class DeviceRegistry {
  private sources: Array<() => DeviceStatus[]> = [];
  private stops: Array<() => Promise<void> | void> = [];

  /** Adds a source of statuses; returns a function that removes it. */
  register(source: () => DeviceStatus[]): () => void {
    this.sources.push(source);
    return () => {
      this.sources = this.sources.filter((s) => s !== source);
    };
  }

  list(): DeviceStatus[] {
    const out: DeviceStatus[] = [];
    for (const s of this.sources) {
      try {
        out.push(...s());
      } catch {
        // a failing source must not break /api/health
      }
    }
    return out;
  }

  /** A background service to stop when the server stops (in reverse order of registration). */
  onStop(fn: () => Promise<void> | void): void {
    this.stops.push(fn);
  }

  async stopAll(): Promise<void> {
    for (const fn of this.stops.reverse()) {
      try {
        await fn();
      } catch {
        // keep stopping the others
      }
    }
    this.stops = [];
  }
}
