// Walks an RPDE feed with the OpenActive validator (@openactive/rpde-validator) and prints what it found as JSON.
// Usage: node check-rpde.js <feed url>. Exits 1 when any finding is a failure (warnings and notices are printed only).
const { RpdeValidator } = require('@openactive/rpde-validator');

const url = process.argv[2];
if (!url) {
  console.error('usage: node check-rpde.js <feed url>');
  process.exit(2);
}

RpdeValidator(url, { timeoutMs: 60000, pageLimit: 100, logCallback: () => {} })
  .then((log) => {
    const findings = log.pages.flatMap((page) => page.errors.map((e) => ({
      url: page.url, severity: e.severity, type: e.type, message: e.message,
    })));
    console.log(JSON.stringify({ pages: log.pages.length, findings }, null, 2));
    process.exit(findings.some((f) => f.severity === 'failure') ? 1 : 0);
  })
  .catch((error) => {
    console.error(error);
    process.exit(1);
  });
