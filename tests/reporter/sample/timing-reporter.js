// Records when Playwright starts calling reporters' onEnd (this reporter is listed first), so
// the driver can measure how long the reporters after it (Euriqa's) hold the process.
const fs = require('node:fs');

class TimingReporter {
  constructor(options = {}) {
    this.file = options.file;
  }

  printsToStdio() {
    return false;
  }

  onEnd() {
    if (this.file) fs.writeFileSync(this.file, JSON.stringify({ onEnd: Date.now() }));
  }
}

module.exports = TimingReporter;
