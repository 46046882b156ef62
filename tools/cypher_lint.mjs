// Lints Cypher statements against Neo4j 5's grammar and semantics with
// @neo4j-cypher/language-support. Input on stdin: a JSON array of
// {"id": "...", "query": "...", "parameters": {...}}. Output on stdout: a JSON array of
// {"id", "errors": [{"message", "line", "column"}], "warnings": [...]}.
import { lintCypherQuery } from '@neo4j-cypher/language-support';

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const items = JSON.parse(Buffer.concat(chunks).toString('utf8'));

const out = items.map(({ id, query, parameters }) => {
  const prefixed = query.trimStart().toUpperCase().startsWith('CYPHER') ? query : `CYPHER 5 ${query}`;
  const offset = prefixed.length - query.length;
  const { diagnostics } = lintCypherQuery(prefixed, { parameters: parameters ?? {} });
  const describe = (d) => ({
    message: d.message,
    line: d.range.start.line + 1,
    column: d.range.start.line === 0 ? d.range.start.character + 1 - offset : d.range.start.character + 1,
  });
  return {
    id,
    errors: diagnostics.filter((d) => d.severity === 1).map(describe),
    warnings: diagnostics.filter((d) => d.severity !== 1).map(describe),
  };
});
process.stdout.write(JSON.stringify(out));
