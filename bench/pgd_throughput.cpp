// Targeted-PGD throughput (paper eq. 2): adversarial sample-steps per second, i.e.
// (samples x P) / time, for a preset and a list of --pgd-batch sizes, with
// parameter gradients off as `forget` runs it. Each batch costs P forward+backward passes
// and, with --outcome on (as `forget` runs it), one more forward for the success rate;
// --outcome off times the P steps alone.
// Usage: bench_pgd_throughput [--preset tiny] [--seconds 3] [--samples 32] [--p 5]
//                             [--pgd-batch 1,8,32] [--threads N] [--device cpu|cuda]
//                             [--outcome on|off] [--bf16 on|off (CUDA autocast)]
#include <cstdio>
#include <sstream>
#include <string>
#include <vector>

#include <torch/torch.h>

#include "bench_flags.h"
#include "common/blas_core.h"
#include "common/heap.h"
#include "common/memory_limit.h"
#include "common/progress.h"
#include "common/rng.h"
#include "common/stopwatch.h"
#include "common/threads.h"
#include "model/sequence_classifier.h"
#include "unlearn/pgd.h"

int main(int argc, char** argv) {
  BenchFlags flags(argc, argv);
  const std::string preset = flags.text("--preset", "tiny");
  const double seconds = flags.number("--seconds", 3.0);
  const auto samples = static_cast<int64_t>(flags.number("--samples", 32));
  const auto p = static_cast<int64_t>(flags.number("--p", 5));
  const std::string batches = flags.text("--pgd-batch", "1,8,32");
  const int threads = static_cast<int>(flags.number("--threads", 0));
  const std::string device_name = flags.text("--device", "cpu");
  const std::string outcome = flags.text("--outcome", "on");
  const std::string bf16 = flags.text("--bf16", "off");
  flags.finish();
  using namespace emoforget;
  for (const auto& [flag, value] : {std::pair{"--outcome", outcome}, std::pair{"--bf16", bf16}}) {
    if (value != "on" && value != "off") {
      std::fprintf(stderr, "%s must be on or off, got %s\n", flag, value.c_str());
      return 2;
    }
  }
  configure_heap();
  configure_threads(threads);
  Progress::set_quiet(true);
  model::ModelConfig config = model::ModelConfig::preset(preset);
  config.id2label = {"anger", "disgust", "fear", "guilt", "happiness", "sadness", "surprise"};
  model::SequenceClassifier model(config);
  model->init_weights(0);
  train::DeviceConfig device;
  device.device = device_name;
  device.bf16 = bf16 == "on";
  model->to(device.torch_device());
  const torch::Tensor waves = torch::randn({samples, static_cast<int64_t>(seconds * 16000)});
  const torch::Tensor labels = torch::randint(0, 7, {samples}, torch::kInt64);
  std::printf(
      "preset=%s params=%lld device=%s bf16=%s threads=%d blas=%s clip=%.1fs samples=%lld P=%lld "
      "outcome=%s (passes per batch: %lld forward+backward%s)\n",
      preset.c_str(), static_cast<long long>(model->num_parameters()), device_name.c_str(),
      bf16.c_str(), at::get_num_threads(), blas_core_name().c_str(), seconds,
      static_cast<long long>(samples), static_cast<long long>(p), outcome.c_str(),
      static_cast<long long>(p), outcome == "on" ? " + 1 forward" : "");
  std::stringstream list(batches);
  for (std::string item; std::getline(list, item, ',');) {
    unlearn::PgdConfig pgd;
    pgd.m = 1;
    pgd.p = p;
    pgd.batch = std::stoll(item);
    pgd.measure_outcome = outcome == "on";
    Rng rng(0);
    const auto start = Clock::now();
    const auto set = unlearn::generate_adversarial_set(model, waves, {}, labels, pgd, rng, device);
    const double elapsed = seconds_since(start);
    char success[32] = "not measured";
    if (pgd.measure_outcome) std::snprintf(success, sizeof success, "%.2f", set.success_rate);
    std::printf("pgd-batch=%-4lld %8.2f sample-steps/s  (%.1f s, success %s, peak_rss=%.0f MiB)\n",
                static_cast<long long>(pgd.batch), static_cast<double>(samples * p) / elapsed,
                elapsed, success, static_cast<double>(peak_rss_bytes()) / (1 << 20));
  }
  return 0;
}
