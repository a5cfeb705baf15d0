// Fine-tuning throughput: utterances per second of full training steps (forward,
// backward, gradient clipping, Adam) for a preset on random clips, as `finetune`
// runs them. Usage: bench_training_throughput [--preset tiny] [--seconds 3]
//                   [--batch 16] [--steps 10] [--threads N] [--device cpu|cuda]
//                   [--bf16 on|off (CUDA autocast)]
#include <cstdio>
#include <string>

#include <torch/torch.h>

#include "bench_flags.h"
#include "common/blas_core.h"
#include "common/heap.h"
#include "common/memory_limit.h"
#include "common/stopwatch.h"
#include "common/threads.h"
#include "model/sequence_classifier.h"
#include "train/device.h"
#include "train/fused_adam.h"

int main(int argc, char** argv) {
  BenchFlags flags(argc, argv);
  const std::string preset = flags.text("--preset", "tiny");
  const double seconds = flags.number("--seconds", 3.0);
  const auto batch = static_cast<int64_t>(flags.number("--batch", 16));
  const auto steps = static_cast<int64_t>(flags.number("--steps", 10));
  const int threads = static_cast<int>(flags.number("--threads", 0));
  const std::string device_name = flags.text("--device", "cpu");
  const std::string bf16 = flags.text("--bf16", "off");
  flags.finish();
  if (bf16 != "on" && bf16 != "off") {
    std::fprintf(stderr, "--bf16 must be on or off, got %s\n", bf16.c_str());
    return 2;
  }
  using namespace emoforget;
  configure_heap();
  configure_threads(threads);
  const torch::Device device(device_name);
  model::ModelConfig config = model::ModelConfig::preset(preset);
  config.id2label = {"anger", "disgust", "fear", "guilt", "happiness", "sadness", "surprise"};
  model::SequenceClassifier model(config);
  model->init_weights(0);
  model->to(device);
  model->train();
  train::FusedAdam optimizer(model->parameters(), torch::optim::AdamOptions(1e-3));
  const auto samples = static_cast<int64_t>(seconds * 16000);
  const torch::Tensor x = torch::randn({batch, samples}).to(device);
  const torch::Tensor y = torch::randint(0, 7, {batch}, torch::kInt64).to(device);
  train::DeviceConfig autocast_device;
  autocast_device.device = device_name;
  autocast_device.bf16 = bf16 == "on";
  auto step = [&] {
    train::AutocastGuard autocast(autocast_device);
    optimizer.zero_grad();
    torch::nn::functional::cross_entropy(model->forward(x), y).backward();
    optimizer.clip_grad_norm(model->parameters(), 1.0);  // as finetune clips
    optimizer.step();
  };
  step();  // warm-up
  if (device.is_cuda()) torch::cuda::synchronize();
  const auto start = Clock::now();
  for (int64_t i = 0; i < steps; ++i)
    step();
  if (device.is_cuda()) torch::cuda::synchronize();
  const double elapsed = seconds_since(start);
  std::printf(
      "preset=%s params=%lld device=%s bf16=%s threads=%d blas=%s clip=%.1fs batch=%lld "
      "steps=%lld\n",
      preset.c_str(), static_cast<long long>(model->num_parameters()), device_name.c_str(),
      bf16.c_str(), at::get_num_threads(), blas_core_name().c_str(), seconds,
      static_cast<long long>(batch), static_cast<long long>(steps));
  std::printf("%.1f ms/step  %.2f utterances/s  peak_rss=%.0f MiB\n", 1000.0 * elapsed / steps,
              static_cast<double>(batch * steps) / elapsed,
              static_cast<double>(peak_rss_bytes()) / (1 << 20));
  return 0;
}
