// What the benchmark tests unlearn: the mini model fine-tuned through the CLI on the tone
// corpus, beside the weights it started from (for the retrained reference), and the
// arguments every such benchmark shares.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "support/tone_corpus.h"

namespace emoforget::testing {

struct BenchmarkModel {
  std::filesystem::path manifest, init, model;
};

// Writes the corpus, the initial weights and the model fine-tuned for `epochs` under
// `dir`; throws naming fine-tuning's last error line when it fails.
BenchmarkModel write_benchmark_model(const std::filesystem::path& dir,
                                     const ToneCorpusSpec& spec = {}, int epochs = 1);

// `benchmark` of `m` into `out` with `methods`, then `extra`; one unlearning epoch at 1e-3
// and one thread per job unless `extra` names those flags. Without the global flags.
std::vector<std::string> benchmark_args(const BenchmarkModel& m, const std::filesystem::path& out,
                                        const std::string& methods,
                                        const std::vector<std::string>& extra = {});

}  // namespace emoforget::testing
