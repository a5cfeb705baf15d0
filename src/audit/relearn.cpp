#include "audit/relearn.h"

#include <algorithm>
#include <numeric>

#include <torch/torch.h>

#include "common/error.h"
#include "common/rng.h"
#include "train/fused_adam.h"
#include "train/inference.h"
#include "train/step_loop.h"

namespace emoforget::audit {

void RelearnConfig::validate() const {
  if (steps < 1) throw Error("relearn: steps must be >= 1, got " + std::to_string(steps));
  if (batch < 1) throw Error("relearn: batch must be >= 1, got " + std::to_string(batch));
  if (!(share > 0 && share <= 1)) throw Error("relearn: share must be in (0, 1]");
  if (every < 1) throw Error("relearn: every must be >= 1, got " + std::to_string(every));
  if (!(lr > 0)) throw Error("relearn: the learning rate must be > 0");
}

nlohmann::json RelearnConfig::to_json() const {
  return {{"steps", steps},       {"batch", batch}, {"remain_share", share},
          {"score_every", every}, {"lr", lr},       {"max_grad_norm", max_grad_norm},
          {"seed", seed}};
}

nlohmann::json RelearnCurve::to_json() const {
  return {{"steps", steps}, {"forget_uar", forget_uar}};
}

RelearnCurve relearn_probe(model::SequenceClassifier& model, const train::LabeledAudio& relearn_set,
                           const train::LabeledAudio& forget, const RelearnConfig& config,
                           int64_t score_batch, const train::DeviceConfig& device,
                           const std::string& label) {
  config.validate();
  if (relearn_set.size() == 0) throw Error("relearn: the relearning set is empty");
  std::vector<torch::Tensor> trainable;
  for (const torch::Tensor& p : model->parameters()) {
    if (p.requires_grad()) trainable.push_back(p);
  }
  train::FusedAdam optimizer(trainable, torch::optim::AdamOptions(config.lr));
  // One shuffled pass after another, so every clip is seen before any is seen twice.
  Rng rng(config.seed);
  std::vector<int64_t> order;
  const auto next_rows = [&](int64_t count) {
    std::vector<int64_t> rows;
    while (static_cast<int64_t>(rows.size()) < count) {
      if (order.empty()) {
        order.resize(static_cast<size_t>(relearn_set.size()));
        std::iota(order.begin(), order.end(), 0);
        rng.shuffle(order);
      }
      rows.push_back(order.back());
      order.pop_back();
    }
    return torch::tensor(rows, torch::kInt64);
  };
  const torch::Device target = device.torch_device();
  RelearnCurve curve;
  const auto score = [&](int64_t step) {
    curve.steps.push_back(step);
    curve.forget_uar.push_back(train::evaluate(model, forget, score_batch, device).uar);
  };
  score(0);
  torch::manual_seed(config.seed);  // dropout
  for (int64_t done = 0; done < config.steps;) {
    const int64_t chunk = std::min(config.every, config.steps - done);
    train::StepLoopOptions loop;
    loop.label = "relearn " + label + " " + std::to_string(done + chunk) + "/" +
                 std::to_string(config.steps);
    loop.what = "relearning";
    loop.max_grad_norm = config.max_grad_norm;
    loop.device = device;
    model->train();
    train::run_epoch_steps(
        optimizer, trainable, chunk,
        [&](int64_t) {
          const torch::Tensor rows = next_rows(std::min(config.batch, relearn_set.size()));
          const torch::Tensor x = relearn_set.waves.index_select(0, rows).to(target);
          const torch::Tensor y = relearn_set.labels.index_select(0, rows).to(target);
          return train::StepLoss{torch::nn::functional::cross_entropy(model->forward(x), y), 1.0};
        },
        loop);
    done += chunk;
    score(done);
  }
  model->eval();
  return curve;
}

}  // namespace emoforget::audit
