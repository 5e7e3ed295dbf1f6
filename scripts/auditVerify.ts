import { runAuditVerify } from '../gateway/audit/runAuditVerify';

/** `npm run audit:verify`: checks the audit chain; see `runAuditVerify` for exit codes. */
void runAuditVerify(process.env, process.argv.slice(2)).then(({ code, line }) => {
  (code === 0 ? process.stdout : process.stderr).write(`${line}\n`);
  process.exitCode = code;
});
