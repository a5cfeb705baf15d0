// `emoforget info`: versions of emoforget and the libraries it runs on, as JSON.
#include <iostream>

#include "cli/command.h"
#include "common/build_info.h"

namespace emoforget::cli {

Command add_info_command(CLI::App& parent) {
  Command command = make_command(parent, "info", "Print versions, threads and devices as JSON");
  command.run = [] { std::cout << build_info().dump(2) << "\n"; };
  return command;
}

}  // namespace emoforget::cli
