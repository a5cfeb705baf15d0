#include "unlearn/pgd.h"

#include <vector>

#include <ATen/CPUGeneratorImpl.h>
#include <torch/torch.h>

#include "common/error.h"
#include "common/interrupt.h"
#include "common/progress.h"
#include "distributed/shard.h"
#include "distributed/world.h"
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
                           const PgdConfig& config, const torch::Tensor& valid,
                           double* start_loss) {
  const double sigma = config.resolved_sigma();
  const torch::Tensor radius =
      valid.defined() ? valid * config.tau : torch::full_like(x_e, config.tau);
  const torch::Tensor lower = x_e - radius;
  const torch::Tensor upper = x_e + radius;
  torch::Tensor x = torch::max(torch::min(start, upper), lower).detach();
  for (int64_t step = 0; step < config.p; ++step) {
    x.requires_grad_(true);
    // Summed, so each sample's gradient is its own, whatever the batch holds.
    const torch::Tensor loss = torch::nn::functional::cross_entropy(
        model->forward(x), targets,
        torch::nn::functional::CrossEntropyFuncOptions().reduction(torch::kSum));
    if (step == 0 && start_loss != nullptr) *start_loss = loss.item<double>();
    const torch::Tensor grad = torch::autograd::grad({loss}, {x})[0];
    x = (x.detach() - sigma * grad.sign());
    x = torch::max(torch::min(x, upper), lower);
  }
  return x.detach();
}

torch::Tensor valid_sample_mask(const torch::Tensor& lengths, int64_t n, int64_t t) {
  if (!lengths.defined()) return torch::ones({n, t}, torch::kFloat32);
  if (lengths.dim() != 1 || lengths.size(0) != n)
    throw Error("pgd: " + std::to_string(n) + " clips but " + std::to_string(lengths.numel()) +
                " lengths");
  const torch::Tensor positions = torch::arange(t, torch::kInt64).unsqueeze(0);
  return positions.lt(lengths.to(torch::kCPU, torch::kInt64).unsqueeze(1)).to(torch::kFloat32);
}

namespace {

struct BatchOutcome {
  int64_t hits = 0;
  double start_ce = 0.0;
  double final_ce = 0.0;
};

double summed_target_ce(const torch::Tensor& logits, const torch::Tensor& targets) {
  return torch::nn::functional::cross_entropy(
             logits.to(torch::kFloat32), targets,
             torch::nn::functional::CrossEntropyFuncOptions().reduction(torch::kSum))
      .item<double>();
}

// Attacks rows [begin, end) of the set (sources `rows` of `waves`) from a random start
// drawn with `seed`, and writes them into set.waves. Safe to run for several batches at
// once: every guard it needs is its own, and it writes only its own rows.
BatchOutcome attack_batch(model::SequenceClassifier& model, const torch::Tensor& waves,
                          const torch::Tensor& valid, const torch::Tensor& rows, int64_t begin,
                          int64_t end, uint64_t seed, const PgdConfig& config,
                          const train::DeviceConfig& device, AdversarialSet& set) {
  const torch::Device target_device = device.torch_device();
  const torch::Tensor x_e = waves.index_select(0, rows).to(target_device);
  const torch::Tensor mask = valid.index_select(0, rows).to(target_device);
  const torch::Tensor targets = set.targets.slice(0, begin, end).to(target_device);
  // The random start comes from the run's seed, drawn on the CPU (device-independent).
  const at::Generator generator = at::detail::createCPUGenerator(seed);
  const torch::Tensor noise =
      (torch::rand({end - begin, waves.size(1)}, generator) * 2.0 - 1.0) * config.tau;
  const torch::Tensor start = x_e + noise.to(target_device) * mask;
  train::AutocastGuard autocast(device);
  BatchOutcome outcome;
  const torch::Tensor adversarial =
      targeted_pgd(model, x_e, start, targets, config, mask, &outcome.start_ce);
  if (config.measure_outcome) {
    torch::NoGradGuard no_grad;
    const torch::Tensor logits = model->forward(adversarial);
    outcome.final_ce = summed_target_ce(logits, targets);
    outcome.hits = logits.argmax(1).eq(targets).sum().item<int64_t>();
  }
  set.waves.slice(0, begin, end).copy_(adversarial.to(torch::kCPU, torch::kFloat32));
  return outcome;
}

}  // namespace

AdversarialSet generate_adversarial_set(model::SequenceClassifier& model,
                                        const torch::Tensor& waves, const torch::Tensor& lengths,
                                        const torch::Tensor& labels, const PgdConfig& config,
                                        Rng& rng, const train::DeviceConfig& device) {
  config.validate();
  const int64_t n = waves.size(0);
  const torch::Tensor valid = valid_sample_mask(lengths, n, waves.size(1));
  const int64_t total = n * config.m;
  const int64_t num_classes = model->config().num_labels();
  const int64_t batches = (total + config.batch - 1) / config.batch;

  // Batches are dealt round-robin to the run's ranks; each batch's random start has its
  // own seed, so a batch comes out bit for bit as one process would attack it.
  distributed::Group& group = distributed::world();
  std::vector<int64_t> mine;
  for (int64_t b = 0; b < batches; ++b)
    if (distributed::deals_to(b, group.rank(), group.size())) mine.push_back(b);
  int64_t my_total = 0;
  for (const int64_t b : mine)
    my_total += std::min(total, (b + 1) * config.batch) - b * config.batch;

  AdversarialSet set;
  set.waves = group.size() > 1 ? torch::zeros({total, waves.size(1)}, torch::kFloat32)
                               : torch::empty({total, waves.size(1)}, torch::kFloat32);
  torch::Tensor label_rows = labels.to(torch::kCPU).repeat_interleave(config.m);
  set.targets = random_wrong_labels(label_rows, num_classes, rng);
  const torch::Tensor source = torch::arange(n, torch::kInt64).repeat_interleave(config.m);
  std::vector<uint64_t> seeds(static_cast<size_t>(batches));
  for (uint64_t& seed : seeds)
    seed = rng.next_u64();

  const bool was_training = model->is_training();
  model->eval();
  ParameterGradGuard no_param_grads(*model);
  std::vector<BatchOutcome> outcomes(static_cast<size_t>(batches));
  int64_t done = 0, hits = 0;
  Progress progress("pgd", my_total, "samples");
  // One batch after another, each on every thread; each draws its start from its own
  // stream, so the set is the same whatever the thread or rank count.
  for (const int64_t b : mine) {
    if (interrupt_signal() != 0)
      throw_if_interrupted("the PGD attack (batch " + std::to_string(b + 1) + " of " +
                           std::to_string(batches) + ")");
    const int64_t begin = b * config.batch;
    const int64_t end = std::min(total, begin + config.batch);
    const BatchOutcome outcome =
        attack_batch(model, waves, valid, source.slice(0, begin, end), begin, end,
                     seeds[static_cast<size_t>(b)], config, device, set);
    outcomes[static_cast<size_t>(b)] = outcome;
    done += end - begin;
    hits += outcome.hits;
    char fields[64];
    std::snprintf(fields, sizeof fields, "success %.2f", static_cast<double>(hits) / done);
    progress.advance(end - begin, fields);
  }
  progress.finish();
  model->train(was_training);
  if (group.size() > 1) {
    // Every rank gets every batch (zeros elsewhere: the sum is exact) and every outcome.
    torch::Tensor rows = set.waves.to(group.device());
    group.all_reduce_sum(rows, "gathering the adversarial set");
    set.waves = rows.to(torch::kCPU);
    torch::Tensor table = torch::zeros({batches, 3}, torch::kFloat64);
    for (const int64_t b : mine) {
      const BatchOutcome& outcome = outcomes[static_cast<size_t>(b)];
      table[b][0] = static_cast<double>(outcome.hits);
      table[b][1] = outcome.start_ce;
      table[b][2] = outcome.final_ce;
    }
    torch::Tensor message = table.to(group.device());
    group.all_reduce_sum(message, "gathering the attack outcomes");
    table = message.to(torch::kCPU).contiguous();
    const double* row = table.data_ptr<double>();
    hits = 0;
    for (int64_t b = 0; b < batches; ++b) {
      BatchOutcome& outcome = outcomes[static_cast<size_t>(b)];
      outcome.hits = static_cast<int64_t>(row[3 * b]);
      outcome.start_ce = row[3 * b + 1];
      outcome.final_ce = row[3 * b + 2];
      hits += outcome.hits;
    }
  }
  double start_ce = 0.0, final_ce = 0.0;
  for (const BatchOutcome& outcome : outcomes) {
    start_ce += outcome.start_ce;
    final_ce += outcome.final_ce;
  }
  set.success_rate = static_cast<double>(hits) / static_cast<double>(total);
  set.start_target_ce = start_ce / static_cast<double>(total);
  set.final_target_ce = final_ce / static_cast<double>(total);
  return set;
}

}  // namespace emoforget::unlearn
