// A small RFC 4180 CSV reader: quoted fields (with "" escapes, commas and line breaks inside),
// CRLF or LF line ends, a leading byte-order mark ignored. Returns rows with the line each
// starts on (1-based) so a report can point at it.
export interface CsvRow {
  line: number;
  fields: string[];
}

export class CsvError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
  }
}

export function parseCsv(text: string): CsvRow[] {
  const s = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const rows: CsvRow[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let rowLine = 1;
  let i = 0;
  let quoted = false;
  let wasQuoted = false;
  const endField = () => {
    fields.push(field);
    field = '';
    wasQuoted = false;
  };
  const endRow = () => {
    endField();
    if (!(fields.length === 1 && fields[0] === '')) rows.push({ line: rowLine, fields });
    fields = [];
  };
  while (i < s.length) {
    const c = s[i]!;
    if (quoted) {
      if (c === '"') {
        if (s[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      if (c === '\n') line++;
      field += c;
      i++;
      continue;
    }
    if (c === '"') {
      if (field !== '' || wasQuoted) throw new CsvError(line, 'a quote inside an unquoted field');
      quoted = true;
      wasQuoted = true;
      i++;
      continue;
    }
    if (c === ',') {
      endField();
      i++;
      continue;
    }
    if (c === '\r' || c === '\n') {
      endRow();
      if (c === '\r' && s[i + 1] === '\n') i++;
      i++;
      line++;
      rowLine = line;
      continue;
    }
    if (wasQuoted) throw new CsvError(line, 'text after a closing quote');
    field += c;
    i++;
  }
  if (quoted) throw new CsvError(rowLine, 'a quoted field is not closed');
  if (field !== '' || fields.length) endRow();
  return rows;
}
