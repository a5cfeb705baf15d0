#include "common/interrupt.h"

#include <signal.h>

#include <atomic>
#include <cstring>

namespace emoforget {
namespace {

std::atomic<int> arrived{0};

void on_interrupt(int signal_number) {
  int none = 0;
  if (!arrived.compare_exchange_strong(none, signal_number) && none == signal_number) {
    // The same signal twice: the user insists; stop now with the default action.
    signal(signal_number, SIG_DFL);
    raise(signal_number);
  }
}

std::string signal_name(int signal_number) {
  if (signal_number == SIGINT) return "SIGINT";
  if (signal_number == SIGTERM) return "SIGTERM";
  return "signal " + std::to_string(signal_number);
}

}  // namespace

Interrupted::Interrupted(int signal_number, const std::string& where)
    : Error("interrupted by " + signal_name(signal_number) + " during " + where),
      signal_number_(signal_number) {}

void install_interrupt_handlers() {
  struct sigaction action;
  std::memset(&action, 0, sizeof action);
  action.sa_handler = on_interrupt;
  sigemptyset(&action.sa_mask);
  action.sa_flags = 0;  // no SA_RESTART: waits return EINTR
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
}

int interrupt_signal() {
  return arrived.load();
}

void throw_if_interrupted(const std::string& where) {
  const int signal_number = arrived.load();
  if (signal_number != 0) throw Interrupted(signal_number, where);
}

void request_interrupt(int signal_number) {
  arrived.store(signal_number);
}

void clear_interrupt() {
  arrived.store(0);
}

}  // namespace emoforget
