#include "support/benchmark_model.h"

#include <algorithm>
#include <stdexcept>
#include <utility>

#include "support/mini_model.h"
#include "support/test_support.h"

namespace emoforget::testing {
namespace fs = std::filesystem;

BenchmarkModel write_benchmark_model(const fs::path& dir, const ToneCorpusSpec& spec, int epochs) {
  BenchmarkModel m;
  m.manifest = write_tone_corpus(dir / "corpus", spec);
  m.init = write_mini_model(dir / "init", tone_labels(spec.classes));
  m.model = dir / "model";
  const CliResult trained =
      run_cli({"--threads", "1", "finetune", "--manifest", m.manifest.string(), "--init",
               m.init.string(), "--out", m.model.string(), "--epochs", std::to_string(epochs),
               "--lr", "1e-3", "--batch", "4", "--max-seconds", "0.5"});
  if (trained.exit_code != 0)
    throw std::runtime_error("fine-tuning the benchmark model failed: " + trained.err);
  return m;
}

std::vector<std::string> benchmark_args(const BenchmarkModel& m, const fs::path& out,
                                        const std::string& methods,
                                        const std::vector<std::string>& extra) {
  std::vector<std::string> args = {
      "benchmark",         "--model", m.model.string(), "--init",    m.init.string(), "--manifest",
      m.manifest.string(), "--out",   out.string(),     "--methods", methods};
  // Each default unless `extra` names the flag.
  const std::pair<const char*, const char*> defaults[] = {
      {"--epochs", "1"}, {"--lr", "1e-3"}, {"--job-threads", "1"}};
  for (const auto& [flag, value] : defaults) {
    if (std::find(extra.begin(), extra.end(), flag) == extra.end())
      args.insert(args.end(), {flag, value});
  }
  args.insert(args.end(), extra.begin(), extra.end());
  return args;
}

}  // namespace emoforget::testing
