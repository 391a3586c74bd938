// Domain errors: what went wrong, for which field, in both languages.
// The error middleware turns them into { error: { code, message, field? } }.
import { t, type Text } from './i18n.js';

export class DomainError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly text: Text,
    readonly field?: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(text.en);
    this.name = 'DomainError';
  }
}

export const badRequest = (code: string, text: Text, field?: string) => new DomainError(400, code, text, field);
export const invalid = (field: string, text: Text) => new DomainError(422, 'invalid', text, field);
export const unauthorized = (code: string, text: Text) => new DomainError(401, code, text);
export const forbidden = (code: string, text: Text) => new DomainError(403, code, text);
export const conflict = (code: string, text: Text, field?: string) => new DomainError(409, code, text, field);

export function notFound(entity: Text, id: string | number, field?: string): DomainError {
  return new DomainError(
    404,
    'not_found',
    t(`${entity.zh}不存在(编号 ${id})`, `${entity.en} ${id} does not exist`),
    field,
  );
}

export function missingPermission(permission: string, label: Text): DomainError {
  return new DomainError(
    403,
    'forbidden',
    t(
      `没有权限:需要“${label.zh}”(${permission})权限,请联系管理员`,
      `Not allowed: this needs the permission "${label.en}" (${permission}); ask an administrator`,
    ),
    undefined,
    { permission },
  );
}

/** Optimistic concurrency: the row changed since the client read it. */
export function staleVersion(entity: Text): DomainError {
  return new DomainError(
    409,
    'stale_version',
    t(
      `${entity.zh}已被他人修改,请刷新后再试`,
      `This ${entity.en.toLowerCase()} was changed by someone else; reload it and try again`,
    ),
    'version',
  );
}
