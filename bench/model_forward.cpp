// Benchmark: the sequence classifier's passes for model presets, clip lengths and batch sizes.
// Prints the configuration, ms/iteration, utterances/s and the process's peak RSS so far.
// tools/bench_reference.py times the same modes in PyTorch + torchaudio, and
// tools/bench_side_by_side.py prints the two side by side (one process per configuration).
//   bench_model_forward [--preset tiny,base] [--seconds 1,3] [--batch 1,8] [--iters N]
//                       [--warmup N] [--mode forward,input,params,train] [--threads N]
//                       [--device cpu|cuda] [--profile FILE]
// Modes (eval mode unless said): forward = no-grad forward; input = forward and backward to
// the input only, parameters frozen (PGD's pass); params = forward and backward to the input
// and every parameter ("backward" is its old name); train = a fine-tuning step in train mode:
// forward, backward, gradient clipping at 1.0 and Adam (FusedAdam, as `finetune` runs it).
// --profile records LibTorch's profiler over the timed iterations of the last configuration into
// FILE (Chrome trace) and prints the 25 operators with the most self time (as
// tools/bench_reference.py --profile does), beside their inclusive time.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <torch/csrc/autograd/profiler_legacy.h>
#include <torch/torch.h>
#include <nlohmann/json.hpp>

#include "common/blas_core.h"
#include "common/heap.h"
#include "common/memory_limit.h"
#include "common/threads.h"
#include "model/sequence_classifier.h"
#include "train/fused_adam.h"
#include "unlearn/parameter_grad_guard.h"

namespace {

using emoforget::model::ModelConfig;
using emoforget::model::SequenceClassifier;

std::vector<std::string> split(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream in(text);
  std::string item;
  while (std::getline(in, item, ',')) {
    if (!item.empty()) out.push_back(item);
  }
  return out;
}

struct Options {
  std::vector<std::string> presets{"tiny", "base"};
  std::vector<double> seconds{1.0, 3.0};
  std::vector<int64_t> batches{1, 8};
  std::vector<std::string> modes{"forward", "input", "params", "train"};
  int iters = 5;
  int warmup = 1;
  int threads = 0;
  std::string device = "cpu";
  std::string profile;
};

void usage() {
  std::cerr << "usage: bench_model_forward [--preset tiny,base,large] [--seconds 1,3] "
               "[--batch 1,8] [--mode forward,input,params,train] [--iters 5] [--warmup 1] "
               "[--threads N] [--device cpu|cuda] [--profile FILE]\n";
}

Options parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    if (flag == "--help" || flag == "-h") {
      usage();
      std::exit(0);
    }
    if (i + 1 >= argc) {
      usage();
      throw std::runtime_error("missing value after " + flag);
    }
    const std::string value = argv[++i];
    if (flag == "--preset") {
      o.presets = split(value);
    } else if (flag == "--seconds") {
      o.seconds.clear();
      for (const auto& s : split(value))
        o.seconds.push_back(std::stod(s));
    } else if (flag == "--batch") {
      o.batches.clear();
      for (const auto& s : split(value))
        o.batches.push_back(std::stoll(s));
    } else if (flag == "--mode") {
      o.modes = split(value);
      for (auto& mode : o.modes) {
        if (mode == "backward") mode = "params";
        if (mode != "forward" && mode != "input" && mode != "params" && mode != "train")
          throw std::runtime_error("unknown --mode " + mode + " (forward, input, params, train)");
      }
    } else if (flag == "--iters") {
      o.iters = std::stoi(value);
    } else if (flag == "--warmup") {
      o.warmup = std::stoi(value);
    } else if (flag == "--threads") {
      o.threads = std::stoi(value);
    } else if (flag == "--device") {
      o.device = value;
    } else if (flag == "--profile") {
      o.profile = value;
    } else {
      usage();
      throw std::runtime_error("unknown flag " + flag);
    }
  }
  return o;
}

void synchronize(const torch::Device& device) {
  if (device.is_cuda()) torch::cuda::synchronize();
}

// Writes the trace to `path` and prints the operators with the most self time (their own time,
// less the operators they called: what torch.profiler's table sorts by), with their inclusive time.
void report_profile(const std::string& trace, const std::string& path, int iters) {
  std::ofstream(path) << trace;
  struct Event {
    std::string name;
    double start = 0, duration = 0;  // us
  };
  std::map<int64_t, std::vector<Event>> by_thread;
  for (const auto& event : nlohmann::json::parse(trace)) {
    if (event.value("ph", "") != "X") continue;
    by_thread[event.value("tid", int64_t{0})].push_back(
        {event.value("name", "?"), event.value("ts", 0.0), event.value("dur", 0.0)});
  }
  struct Total {
    double self = 0, inclusive = 0;  // us
    int64_t calls = 0;
  };
  std::map<std::string, Total> by_name;
  for (auto& [thread, events] : by_thread) {
    // Enclosing operators first; an operator's children lie within its span on its thread.
    std::sort(events.begin(), events.end(), [](const Event& a, const Event& b) {
      return a.start != b.start ? a.start < b.start : a.duration > b.duration;
    });
    std::vector<const Event*> open;
    for (const Event& event : events) {
      while (!open.empty() && open.back()->start + open.back()->duration <= event.start)
        open.pop_back();
      if (!open.empty()) by_name[open.back()->name].self -= event.duration;
      Total& total = by_name[event.name];
      total.self += event.duration;
      total.inclusive += event.duration;
      ++total.calls;
      open.push_back(&event);
    }
  }
  std::vector<std::pair<std::string, Total>> rows(by_name.begin(), by_name.end());
  std::sort(rows.begin(), rows.end(),
            [](const auto& a, const auto& b) { return a.second.self > b.second.self; });
  std::printf("profile (%s): operator, self and inclusive ms per iteration, calls per iteration\n",
              path.c_str());
  for (size_t i = 0; i < std::min<size_t>(25, rows.size()); ++i)
    std::printf("  %-40s %9.2f %9.2f %7.1f\n", rows[i].first.c_str(),
                rows[i].second.self / 1000.0 / iters, rows[i].second.inclusive / 1000.0 / iters,
                static_cast<double>(rows[i].second.calls) / iters);
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const Options options = parse(argc, argv);
    emoforget::configure_heap();
    emoforget::configure_threads(options.threads);  // 0 = all cores
    const torch::Device device(options.device);
    std::printf("threads=%d device=%s iters=%d warmup=%d blas=%s\n", torch::get_num_threads(),
                options.device.c_str(), options.iters, options.warmup,
                emoforget::blas_core_name().c_str());
    for (const auto& preset : options.presets) {
      ModelConfig config = ModelConfig::preset(preset);
      config.id2label = {"anger", "happiness", "neutral", "sadness"};
      SequenceClassifier model(config);
      model->init_weights(0);
      model->to(device);
      std::printf("preset=%s params=%lld config: %s\n", preset.c_str(),
                  static_cast<long long>(model->num_parameters()), config.describe().c_str());
      for (const auto& mode : options.modes) {
        model->train(mode == "train");
        std::unique_ptr<emoforget::unlearn::ParameterGradGuard> frozen;
        if (mode == "input")
          frozen = std::make_unique<emoforget::unlearn::ParameterGradGuard>(*model);
        emoforget::train::FusedAdam optimizer(model->parameters(), torch::optim::AdamOptions(1e-5));
        for (double seconds : options.seconds) {
          for (int64_t batch : options.batches) {
            const auto samples = static_cast<int64_t>(seconds * 16000);
            const torch::Tensor input = torch::randn({batch, samples}, torch::Device(device));
            const torch::Tensor targets = torch::zeros({batch}, torch::kLong).to(device);
            auto step = [&] {
              if (mode == "forward") {
                torch::NoGradGuard no_grad;
                model->forward(input);
              } else if (mode == "input") {
                auto x = input.clone().requires_grad_(true);
                const auto loss = torch::nn::functional::cross_entropy(model->forward(x), targets);
                torch::autograd::grad({loss}, {x});
              } else if (mode == "params") {
                model->zero_grad();
                auto x = input.clone().requires_grad_(true);
                torch::nn::functional::cross_entropy(model->forward(x), targets).backward();
              } else {
                optimizer.zero_grad();
                torch::nn::functional::cross_entropy(model->forward(input), targets).backward();
                optimizer.clip_grad_norm(model->parameters(), 1.0);  // as finetune clips
                optimizer.step();
              }
            };
            for (int i = 0; i < options.warmup; ++i)
              step();
            synchronize(device);
            std::ostringstream trace;
            std::unique_ptr<torch::autograd::profiler::RecordProfile> profiler;
            if (!options.profile.empty())
              profiler = std::make_unique<torch::autograd::profiler::RecordProfile>(trace);
            const auto start = std::chrono::steady_clock::now();
            for (int i = 0; i < options.iters; ++i)
              step();
            synchronize(device);
            const double ms =
                std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                    .count() /
                options.iters;
            profiler.reset();
            std::printf(
                "preset=%-5s mode=%-8s seconds=%.1f batch=%-3lld %10.2f ms/iter %10.1f "
                "utt/s  peak_rss=%.0f MiB\n",
                preset.c_str(), mode.c_str(), seconds, static_cast<long long>(batch), ms,
                1000.0 * static_cast<double>(batch) / ms,
                static_cast<double>(emoforget::peak_rss_bytes()) / (1 << 20));
            std::fflush(stdout);
            if (!options.profile.empty())
              report_profile(trace.str(), options.profile, options.iters);
          }
        }
      }
    }
  } catch (const std::exception& e) {
    std::cerr << "bench_model_forward: error: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
