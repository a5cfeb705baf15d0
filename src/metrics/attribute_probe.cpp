#include "metrics/attribute_probe.h"

#include <algorithm>
#include <map>
#include <set>

#include <torch/torch.h>

#include "common/error.h"
#include "common/rng.h"
#include "metrics/membership_inference.h"

namespace emoforget::metrics {

nlohmann::json ProbeResult::to_json() const {
  return {{"balanced_accuracy", balanced_accuracy},
          {"folds", folds},
          {"n", n},
          {"speakers", {speakers[0], speakers[1]}}};
}

ProbeResult probe_attribute(const torch::Tensor& embeddings, const torch::Tensor& value,
                            const std::vector<std::string>& speakers, int max_folds,
                            const AttackClassifierConfig& probe) {
  const int64_t n = embeddings.size(0);
  if (value.numel() != n || static_cast<int64_t>(speakers.size()) != n)
    throw Error("attribute probe: embeddings, values and speakers differ in length");
  const torch::Tensor values = value.to(torch::kCPU, torch::kInt64).contiguous();
  const int64_t* v = values.data_ptr<int64_t>();
  std::map<std::string, int64_t> value_of;
  for (int64_t i = 0; i < n; ++i) {
    const auto [it, added] = value_of.emplace(speakers[static_cast<size_t>(i)], v[i]);
    if (!added && it->second != v[i])
      throw Error("attribute probe: speaker " + it->first + " has both attribute values");
  }
  std::vector<std::string> by_value[2];
  for (const auto& [speaker, x] : value_of) {
    if (x != 0 && x != 1) throw Error("attribute probe: values must be 0 or 1");
    by_value[x].push_back(speaker);
  }
  ProbeResult result;
  result.n = n;
  result.speakers[0] = static_cast<int64_t>(by_value[0].size());
  result.speakers[1] = static_cast<int64_t>(by_value[1].size());
  const int64_t rarer = std::min(result.speakers[0], result.speakers[1]);
  if (rarer < 2)
    throw Error("attribute probe: needs at least 2 speakers of each value (got " +
                std::to_string(result.speakers[0]) + " and " + std::to_string(result.speakers[1]) +
                ")");
  result.folds = static_cast<int>(std::min<int64_t>(std::max(2, max_folds), rarer));
  std::map<std::string, int> fold_of;
  for (const auto& group : by_value)
    for (size_t k = 0; k < group.size(); ++k)
      fold_of[group[k]] = static_cast<int>(k % static_cast<size_t>(result.folds));
  std::vector<int> fold(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i)
    fold[static_cast<size_t>(i)] = fold_of[speakers[static_cast<size_t>(i)]];

  const torch::Tensor x = embeddings.to(torch::kCPU, torch::kFloat32);
  int64_t correct[2] = {0, 0};
  int64_t total[2] = {0, 0};
  for (int f = 0; f < result.folds; ++f) {
    std::vector<int64_t> fit_by_value[2];
    std::vector<int64_t> test_rows;
    for (int64_t i = 0; i < n; ++i) {
      if (fold[static_cast<size_t>(i)] == f)
        test_rows.push_back(i);
      else
        fit_by_value[v[i]].push_back(i);
    }
    // Fitted on as many rows of each value (a seeded subsample of the commoner one), so
    // that an imbalanced corpus (more male speakers) cannot make it predict one value.
    Rng rng(probe.seed + static_cast<uint64_t>(f));
    const auto [ones, zeros] =
        balanced_subsample(static_cast<int64_t>(fit_by_value[1].size()),
                           static_cast<int64_t>(fit_by_value[0].size()), rng);
    std::vector<int64_t> fit_rows;
    for (const int64_t k : zeros)
      fit_rows.push_back(fit_by_value[0][static_cast<size_t>(k)]);
    for (const int64_t k : ones)
      fit_rows.push_back(fit_by_value[1][static_cast<size_t>(k)]);
    const torch::Tensor fit = torch::tensor(fit_rows, torch::kInt64);
    const torch::Tensor test = torch::tensor(test_rows, torch::kInt64);
    AttackClassifierConfig config = probe;
    config.seed = probe.seed + static_cast<uint64_t>(f);
    const AttackClassifier classifier =
        AttackClassifier::fit(x.index_select(0, fit), values.index_select(0, fit), config);
    const torch::Tensor predicted =
        classifier.predict_member(x.index_select(0, test)).to(torch::kInt64).contiguous();
    const int64_t* p = predicted.data_ptr<int64_t>();
    for (size_t k = 0; k < test_rows.size(); ++k) {
      const int64_t truth = v[test_rows[k]];
      total[truth] += 1;
      correct[truth] += p[k] == truth ? 1 : 0;
    }
  }
  result.balanced_accuracy = 0.5 * (static_cast<double>(correct[0]) / total[0] +
                                    static_cast<double>(correct[1]) / total[1]);
  return result;
}

}  // namespace emoforget::metrics
