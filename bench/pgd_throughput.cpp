// Targeted-PGD throughput (paper eq. 2): adversarial sample-steps per second, i.e.
// (samples x P) / time, for a preset and a list of --pgd-batch sizes, with
// parameter gradients off as `forget` runs it.
// Usage: bench_pgd_throughput [--preset tiny] [--seconds 3] [--samples 32] [--p 5]
//                             [--pgd-batch 1,8,32] [--threads N] [--device cpu|cuda]
#include <cstdio>
#include <sstream>
#include <string>
#include <vector>

#include <torch/torch.h>

#include "bench_flags.h"
#include "common/heap.h"
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
  flags.finish();
  using namespace emoforget;
  configure_heap();
  configure_threads(threads);
  Progress::set_quiet(true);
  model::ModelConfig config = model::ModelConfig::preset(preset);
  config.id2label = {"anger", "disgust", "fear", "guilt", "happiness", "sadness", "surprise"};
  model::SequenceClassifier model(config);
  model->init_weights(0);
  train::DeviceConfig device;
  device.device = device_name;
  model->to(device.torch_device());
  const torch::Tensor waves = torch::randn({samples, static_cast<int64_t>(seconds * 16000)});
  const torch::Tensor labels = torch::randint(0, 7, {samples}, torch::kInt64);
  std::printf("preset=%s params=%lld device=%s threads=%d clip=%.1fs samples=%lld P=%lld\n",
              preset.c_str(), static_cast<long long>(model->num_parameters()), device_name.c_str(),
              at::get_num_threads(), seconds, static_cast<long long>(samples),
              static_cast<long long>(p));
  std::stringstream list(batches);
  for (std::string item; std::getline(list, item, ',');) {
    unlearn::PgdConfig pgd;
    pgd.m = 1;
    pgd.p = p;
    pgd.batch = std::stoll(item);
    Rng rng(0);
    const auto start = Clock::now();
    const auto set = unlearn::generate_adversarial_set(model, waves, {}, labels, pgd, rng, device);
    const double elapsed = seconds_since(start);
    std::printf("pgd-batch=%-4lld %8.2f sample-steps/s  (%.1f s, success %.2f)\n",
                static_cast<long long>(pgd.batch), static_cast<double>(samples * p) / elapsed,
                elapsed, set.success_rate);
  }
  return 0;
}
