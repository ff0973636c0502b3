/**
 * The part of psql that deploy/postgres/*.sql may use, so tests run the very files an operator
 * runs with `psql -v name=value -f FILE`: `:'name'` becomes a quoted literal and `:"name"` a
 * quoted identifier, except inside comments, quoted strings and dollar-quoted bodies (psql does
 * not interpolate there either). Anything else psql-only (a backslash command) is refused.
 */
export function interpolatePsqlVariables(
  sql: string,
  variables: Readonly<Record<string, string>>,
): string {
  const metaCommand = sql.split("\n").find((line) => line.trimStart().startsWith("\\"));
  if (metaCommand) throw new Error(`psql meta-command in an SQL file for pg: ${metaCommand}`);
  const value = (name: string) => {
    const found = variables[name];
    if (found === undefined) throw new Error(`psql variable "${name}" is not set`);
    return found;
  };
  let out = "";
  let i = 0;
  while (i < sql.length) {
    const rest = sql.slice(i);
    const variable = /^:(['"])([A-Za-z_][A-Za-z0-9_]*)\1/.exec(rest);
    if (variable) {
      const [whole, quote, name] = variable as unknown as [string, string, string];
      out += quote === "'" ? quoteLiteral(value(name)) : quoteIdentifier(value(name));
      i += whole.length;
      continue;
    }
    const skipped =
      /^--[^\n]*/.exec(rest) ??
      /^'(?:[^']|'')*'/.exec(rest) ??
      /^"(?:[^"]|"")*"/.exec(rest) ??
      /^(\$[A-Za-z_]*\$)[\s\S]*?\1/.exec(rest);
    const taken = skipped ? skipped[0] : (sql[i] as string);
    out += taken;
    i += taken.length;
  }
  return out;
}

function quoteLiteral(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

function quoteIdentifier(text: string): string {
  return `"${text.replaceAll('"', '""')}"`;
}
