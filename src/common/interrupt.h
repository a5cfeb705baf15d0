// Stopping on Ctrl-C (SIGINT) and SIGTERM at the next step boundary. The handler only
// records the signal; long loops call throw_if_interrupted() between steps, which throws
// Interrupted, so the usual error path removes every temporary output and nothing is left
// half-written. A second signal of the same kind ends the process at once.
#pragma once

#include <string>

#include "common/error.h"

namespace emoforget {

// Thrown at the first step boundary after SIGINT or SIGTERM arrived.
class Interrupted : public Error {
 public:
  Interrupted(int signal_number, const std::string& where);
  int signal_number() const { return signal_number_; }
  // The exit status a shell expects of a process stopped by this signal (128 + number).
  int exit_status() const { return 128 + signal_number_; }

 private:
  int signal_number_;
};

// Installs the SIGINT and SIGTERM handlers (without SA_RESTART, so a blocking wait
// returns EINTR and can look at the flag).
void install_interrupt_handlers();

// The signal that arrived (SIGINT or SIGTERM), or 0.
int interrupt_signal();

// Throws Interrupted naming `where` (e.g. "training") once a signal arrived.
void throw_if_interrupted(const std::string& where);

// Records `signal_number` as if it had arrived (tests; a parent stopping a job).
void request_interrupt(int signal_number);
void clear_interrupt();

}  // namespace emoforget
