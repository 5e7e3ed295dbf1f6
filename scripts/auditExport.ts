import { runAuditExport } from '../gateway/audit/runAuditExport';

/** `npm run audit:export -- --from … --to …`: see `runAuditExport`. */
void runAuditExport(process.env, process.argv.slice(2)).then(({ code, line }) => {
  (code === 0 ? process.stdout : process.stderr).write(`${line}\n`);
  process.exitCode = code;
});
