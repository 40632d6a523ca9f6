// ServerProcess: any euriqa binary serving on 127.0.0.1 from a fresh data directory,
// started as tests/api/support's TestServer starts build/euriqa (serve --listen
// 127.0.0.1:0 --data DIR --signup open, a config with every rate limit off, the port
// read from its "listening on" line). TestServer can only start the binary it was built
// with; bench_triage also starts the build from before issue 13.
//   ServerProcess s("/path/to/euriqa");  ...  s.port() ...   // stopped when destroyed
#pragma once
#include <sys/types.h>

#include <string>

namespace euriqa::bench {

class ServerProcess {
 public:
  // data_dir empty = a new temp dir, removed at the end; a given one is kept.
  explicit ServerProcess(std::string binary, std::string data_dir = "");
  ~ServerProcess();
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  int port() const { return port_; }
  pid_t pid() const { return pid_; }
  const std::string& data_dir() const { return data_dir_; }
  // SIGTERM and wait (SIGKILL after 30 s).
  void stop();

 private:
  std::string binary_, data_dir_, temp_root_;
  pid_t pid_ = -1;
  int port_ = 0;
};

}  // namespace euriqa::bench
