#include "cli/run_flags.h"

#include <sstream>

#include "common/comma_list.h"

namespace emoforget::cli {
namespace {

template <typename T>
std::string joined(const std::vector<T>& values) {
  std::ostringstream text;
  for (size_t i = 0; i < values.size(); ++i)
    text << (i ? "," : "") << values[i];
  return text.str();
}

template <typename T, typename Parse>
void add_parsed_list(CLI::App* app, const std::string& name, std::vector<T>& target,
                     const std::string& help, Parse parse) {
  app->add_option_function<std::string>(
         name, [&target, name, parse](const std::string& text) { target = parse(text, name); },
         help)
      ->default_str(joined(target));
}

}  // namespace

void add_run_flags(CLI::App* app, train::RunOptions& run, unsigned flags, const RunFlagText& text) {
  if (flags & kDeviceFlags) {
    app->add_option("--device", run.device.device, "cpu | cuda | cuda:N");
    app->add_flag("--bf16", run.device.bf16, "bf16 autocast (CUDA)");
  }
  if (flags & kBatchFlag) app->add_option(text.batch_flag, run.batch, text.batch);
  if (flags & kClipFlag) app->add_option("--max-seconds", run.max_seconds, text.max_seconds);
  if (flags & kSeedFlag) app->add_option("--seed", run.seed, text.seed);
}

void add_list_flag(CLI::App* app, const std::string& name, std::vector<std::string>& target,
                   const std::string& help) {
  add_parsed_list(app, name, target, help, parse_name_list);
}

void add_list_flag(CLI::App* app, const std::string& name, std::vector<int64_t>& target,
                   const std::string& help) {
  add_parsed_list(app, name, target, help, parse_int_list);
}

void add_list_flag(CLI::App* app, const std::string& name, std::vector<double>& target,
                   const std::string& help) {
  add_parsed_list(app, name, target, help, parse_double_list);
}

void add_seed_list_flag(CLI::App* app, const std::string& name, std::vector<uint64_t>& target,
                        const std::string& help) {
  add_parsed_list(app, name, target, help, parse_seed_list);
}

}  // namespace emoforget::cli
