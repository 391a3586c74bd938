import type { Lang } from '../../core/i18n.js';

/** Who is acting: the signed-in user of a request or a socket. */
export interface Actor {
  userId: number;
  username: string;
  staffId: number;
  staffName: string;
  departmentId: number;
  roles: string[];
  permissions: Set<string>;
  sessionId: string;
  mustChangePassword: boolean;
  ip: string | null;
  workstationId: number | null;
  lang: Lang;
}

/** The request facts a service needs for auditing, without touching Koa's ctx. */
export interface RequestMeta {
  ip: string | null;
  workstationId: number | null;
  userAgent: string | null;
  lang: Lang;
}
