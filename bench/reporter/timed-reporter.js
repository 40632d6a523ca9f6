'use strict';
// The Euriqa reporter with a stopwatch around every call Playwright makes into it: the time the
// runner spends inside the reporter (synchronous hooks, plus the awaited onEnd/onExit) is time
// added to the run whatever the machine's load; the rest of the reporter's work (HTTP) overlaps
// the tests. Writes {hooksMs, onEndMs, onExitMs, calls} to BENCH_TIMING_FILE at onExit.
const fs = require('node:fs');
const path = require('node:path');
const EuriqaReporter = require(path.resolve(__dirname, '../../packaging/playwright-reporter'));

class TimedReporter extends EuriqaReporter {
  constructor(options) {
    const t = process.hrtime.bigint();
    super(options);
    this.bench = { hooksMs: Number(process.hrtime.bigint() - t) / 1e6, onEndMs: 0, onExitMs: 0, calls: 0 };
  }

  _time(fn) {
    const t = process.hrtime.bigint();
    try {
      return fn();
    } finally {
      this.bench.hooksMs += Number(process.hrtime.bigint() - t) / 1e6;
      this.bench.calls++;
    }
  }

  onBegin(config, suite) { return this._time(() => super.onBegin(config, suite)); }
  onTestEnd(test, result) { return this._time(() => super.onTestEnd(test, result)); }
  onError(error) { return this._time(() => super.onError(error)); }

  async onEnd(result) {
    const t = process.hrtime.bigint();
    try {
      return await super.onEnd(result);
    } finally {
      this.bench.onEndMs = Number(process.hrtime.bigint() - t) / 1e6;
    }
  }

  async onExit() {
    const t = process.hrtime.bigint();
    try {
      return await super.onExit();
    } finally {
      this.bench.onExitMs = Number(process.hrtime.bigint() - t) / 1e6;
      if (process.env.BENCH_TIMING_FILE) fs.writeFileSync(process.env.BENCH_TIMING_FILE, JSON.stringify(this.bench));
    }
  }
}

module.exports = TimedReporter;
