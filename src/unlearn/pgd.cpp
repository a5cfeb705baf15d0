#include "unlearn/pgd.h"

#include <torch/torch.h>

#include "common/error.h"
#include "common/progress.h"
#include "unlearn/parameter_grad_guard.h"
#include "unlearn/relabel.h"

namespace emoforget::unlearn {

void PgdConfig::validate() const {
  if (m < 1)
    throw Error("--m (adversarial samples per forget sample) must be >= 1, got " +
                std::to_string(m));
  if (p < 1) throw Error("--p (PGD steps) must be >= 1, got " + std::to_string(p));
  if (!(tau > 0)) throw Error("--tau must be > 0, got " + std::to_string(tau));
  if (sigma < 0)
    throw Error("--sigma must be > 0 (or 0 for 2.5*tau/P), got " + std::to_string(sigma));
  if (batch < 1) throw Error("--pgd-batch must be >= 1, got " + std::to_string(batch));
}

nlohmann::json PgdConfig::to_json() const {
  return {{"m", m}, {"p", p}, {"tau", tau}, {"sigma", resolved_sigma()}, {"pgd_batch", batch}};
}

torch::Tensor targeted_pgd(model::SequenceClassifier& model, const torch::Tensor& x_e,
                           const torch::Tensor& start, const torch::Tensor& targets,
                           const PgdConfig& config) {
  const double sigma = config.resolved_sigma();
  const torch::Tensor lower = x_e - config.tau;
  const torch::Tensor upper = x_e + config.tau;
  torch::Tensor x = torch::max(torch::min(start, upper), lower).detach();
  for (int64_t step = 0; step < config.p; ++step) {
    x.requires_grad_(true);
    // Summed, so each sample's gradient is its own, whatever the batch holds.
    const torch::Tensor loss = torch::nn::functional::cross_entropy(
        model->forward(x), targets,
        torch::nn::functional::CrossEntropyFuncOptions().reduction(torch::kSum));
    const torch::Tensor grad = torch::autograd::grad({loss}, {x})[0];
    x = (x.detach() - sigma * grad.sign());
    x = torch::max(torch::min(x, upper), lower);
  }
  return x.detach();
}

AdversarialSet generate_adversarial_set(model::SequenceClassifier& model,
                                        const torch::Tensor& waves, const torch::Tensor& labels,
                                        const PgdConfig& config, Rng& rng,
                                        const train::DeviceConfig& device) {
  config.validate();
  const int64_t n = waves.size(0);
  const int64_t length = waves.size(1);
  const int64_t total = n * config.m;
  const int64_t num_classes = model->config().num_labels();
  const torch::Device target_device = device.torch_device();

  AdversarialSet set;
  set.waves = torch::empty({total, length}, torch::kFloat32);
  torch::Tensor label_rows = labels.to(torch::kCPU).repeat_interleave(config.m);
  set.targets = random_wrong_labels(label_rows, num_classes, rng);
  torch::Tensor source = torch::arange(n, torch::kInt64).repeat_interleave(config.m);

  const bool was_training = model->is_training();
  model->eval();
  ParameterGradGuard no_param_grads(*model);
  int64_t hits = 0;
  double start_ce = 0.0, final_ce = 0.0;
  Progress progress("pgd", total, "samples");
  for (int64_t begin = 0; begin < total; begin += config.batch) {
    const int64_t end = std::min(total, begin + config.batch);
    const torch::Tensor rows = source.slice(0, begin, end);
    const torch::Tensor x_e = waves.index_select(0, rows).to(target_device);
    const torch::Tensor targets = set.targets.slice(0, begin, end).to(target_device);
    // The random start comes from the run's seed, drawn on the CPU (device-independent).
    torch::manual_seed(rng.next_u64());
    const torch::Tensor noise = (torch::rand({end - begin, length}) * 2.0 - 1.0) * config.tau;
    const torch::Tensor start = x_e + noise.to(target_device);
    torch::Tensor adversarial;
    {
      train::AutocastGuard autocast(device);
      torch::NoGradGuard no_grad;
      start_ce += torch::nn::functional::cross_entropy(
                      model->forward(start).to(torch::kFloat32), targets,
                      torch::nn::functional::CrossEntropyFuncOptions().reduction(torch::kSum))
                      .item<double>();
    }
    {
      train::AutocastGuard autocast(device);
      adversarial = targeted_pgd(model, x_e, start, targets, config);
    }
    {
      train::AutocastGuard autocast(device);
      torch::NoGradGuard no_grad;
      const torch::Tensor logits = model->forward(adversarial).to(torch::kFloat32);
      final_ce += torch::nn::functional::cross_entropy(
                      logits, targets,
                      torch::nn::functional::CrossEntropyFuncOptions().reduction(torch::kSum))
                      .item<double>();
      hits += logits.argmax(1).eq(targets).sum().item<int64_t>();
    }
    set.waves.slice(0, begin, end).copy_(adversarial.to(torch::kCPU, torch::kFloat32));
    char fields[64];
    std::snprintf(fields, sizeof fields, "success %.2f", static_cast<double>(hits) / end);
    progress.advance(end - begin, fields);
  }
  progress.finish();
  model->train(was_training);
  set.success_rate = static_cast<double>(hits) / static_cast<double>(total);
  set.start_target_ce = start_ce / static_cast<double>(total);
  set.final_target_ce = final_ce / static_cast<double>(total);
  return set;
}

}  // namespace emoforget::unlearn
