// The platform's files: a zip archive holding one UTF-8 .txt of tab-separated rows, no header.
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { WireError } from './fields.js';

export function zipText(name: string, text: string): Uint8Array {
  return zipSync({ [name]: strToU8(text) }, { level: 6, mtime: new Date('2026-01-01T00:00:00Z') });
}

/** The text of the single .txt in a zip; `field` names the input that pointed at the file. */
export function readZipText(bytes: Uint8Array, field: string): string {
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(new Uint8Array(bytes));
  } catch {
    throw new WireError(`${field} 所指文件不是有效的 zip 压缩包`);
  }
  const txt = Object.entries(files).filter(([n]) => n.toLowerCase().endsWith('.txt'));
  if (txt.length !== 1) throw new WireError(`${field} 所指 zip 压缩包应只含一个 .txt 文件`);
  return strFromU8(txt[0]![1]);
}
