#include "distributed/environment.h"

#include <cerrno>
#include <cstdlib>

#include "common/error.h"

namespace emoforget::distributed {
namespace {

std::optional<std::string> from_process_environment(const std::string& name) {
  const char* value = std::getenv(name.c_str());
  if (value == nullptr) return std::nullopt;
  return std::string(value);
}

long parse_integer(const std::string& name, const std::string& text, long low, long high) {
  char* end = nullptr;
  errno = 0;
  const long value = text.empty() ? 0 : std::strtol(text.c_str(), &end, 10);
  if (text.empty() || errno != 0 || end == nullptr || *end != '\0' || value < low || value > high) {
    throw Error("environment variable " + name + "='" + text + "' is not an integer in [" +
                std::to_string(low) + ", " + std::to_string(high) + "]");
  }
  return value;
}

}  // namespace

std::string Environment::describe() const {
  return "rank " + std::to_string(rank) + " of " + std::to_string(world_size) + " (local " +
         std::to_string(local_rank) + " of " + std::to_string(local_world_size) + "), store " +
         master_addr + ":" + std::to_string(master_port);
}

const Environment& process_environment() {
  static const Environment env = [] {
    try {
      return read_environment();
    } catch (const Error&) {
      return Environment{};
    }
  }();
  return env;
}

Environment read_environment(const Lookup& given) {
  const Lookup lookup = given ? given : Lookup(from_process_environment);
  const auto rank = lookup("RANK");
  const auto world = lookup("WORLD_SIZE");
  Environment env;
  if (!rank && !world) return env;
  if (!rank || !world) {
    throw Error(std::string("environment variable ") + (rank ? "WORLD_SIZE" : "RANK") +
                " is not set, but " + (rank ? "RANK" : "WORLD_SIZE") +
                " is: a distributed run needs both (torchrun and `emoforget launch` set them)");
  }
  constexpr long kMaxRanks = 1 << 20;
  env.world_size = static_cast<int>(parse_integer("WORLD_SIZE", *world, 1, kMaxRanks));
  env.rank = static_cast<int>(parse_integer("RANK", *rank, 0, env.world_size - 1));
  if (const auto local = lookup("LOCAL_WORLD_SIZE")) {
    env.local_world_size =
        static_cast<int>(parse_integer("LOCAL_WORLD_SIZE", *local, 1, kMaxRanks));
  } else {
    env.local_world_size = env.world_size;  // one machine unless told otherwise
  }
  if (const auto local = lookup("LOCAL_RANK")) {
    env.local_rank =
        static_cast<int>(parse_integer("LOCAL_RANK", *local, 0, env.local_world_size - 1));
  } else {
    env.local_rank = env.rank % env.local_world_size;
  }
  if (!env.distributed()) return env;
  const auto addr = lookup("MASTER_ADDR");
  if (!addr || addr->empty()) {
    throw Error("environment variable MASTER_ADDR is not set: a run of " +
                std::to_string(env.world_size) + " ranks needs the host of rank 0's store");
  }
  env.master_addr = *addr;
  const auto port = lookup("MASTER_PORT");
  if (!port) {
    throw Error("environment variable MASTER_PORT is not set: a run of " +
                std::to_string(env.world_size) + " ranks needs the port of rank 0's store");
  }
  env.master_port = static_cast<uint16_t>(parse_integer("MASTER_PORT", *port, 1, 65535));
  return env;
}

}  // namespace emoforget::distributed
